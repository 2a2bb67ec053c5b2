package org.ipam4j.yaml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.model.AllocationPhase;
import org.ipam4j.model.AllocationPurpose;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.Kind;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.Operator;

/**
 * The wire shape of each kind, in one place: what the reader accepts, what {@code explain} prints
 * and what the CustomResourceDefinitions declare all come from here.
 */
final class Schema {

  private Schema() {}

  /** A field's wire type. */
  enum Type {
    STRING("string"),
    INTEGER("integer"),
    /** A decimal number, such as a percentage with four decimals. */
    NUMBER("number"),
    /** An exact count: an integer, or a string of digits for values past int64. */
    QUANTITY("string"),
    /** Kubernetes writes it as a string; integers are accepted too. */
    RESOURCE_VERSION("string"),
    /** RFC 3339. */
    TIMESTAMP("string"),
    OBJECT("Object"),
    STRING_MAP("map[string]string"),
    LIST("[]Object");

    final String explainName;

    Type(String explainName) {
      this.explainName = explainName;
    }
  }

  /** One field: its name, type, whether it must be present, and what it means. */
  record Field(
      String name,
      Type type,
      String description,
      boolean required,
      List<String> enumValues,
      List<Field> children,
      Optional<Field> items) {

    Field markRequired() {
      return new Field(name, type, description, true, enumValues, children, items);
    }

    Optional<Field> child(String childName) {
      return children.stream().filter(f -> f.name().equals(childName)).findFirst();
    }

    String explainType() {
      if (type == Type.LIST && items.isPresent() && items.get().type() == Type.STRING) {
        return "[]string";
      }
      return type.explainName;
    }
  }

  static Field str(String name, String description) {
    return new Field(name, Type.STRING, description, false, List.of(), List.of(), Optional.empty());
  }

  static Field enumOf(String name, String description, Enum<?>[] values) {
    return new Field(
        name,
        Type.STRING,
        description,
        false,
        Arrays.stream(values).map(Enum::name).toList(),
        List.of(),
        Optional.empty());
  }

  static Field integer(String name, String description) {
    return new Field(
        name, Type.INTEGER, description, false, List.of(), List.of(), Optional.empty());
  }

  static Field of(String name, Type type, String description) {
    return new Field(name, type, description, false, List.of(), List.of(), Optional.empty());
  }

  static Field obj(String name, String description, Field... children) {
    return new Field(
        name, Type.OBJECT, description, false, List.of(), List.of(children), Optional.empty());
  }

  static Field list(String name, String description, Field item) {
    return new Field(name, Type.LIST, description, false, List.of(), List.of(), Optional.of(item));
  }

  private static final Field METADATA =
      obj(
          "metadata",
          "Standard object metadata.",
          str(
                  "name",
                  "Name of the object, unique within its kind and project; a DNS-1123"
                      + " subdomain.")
              .markRequired(),
          str(
              "namespace",
              "The project the object lives in (the reference server's namespace)."
                  + " Defaults to the project given to the reader."),
          of("labels", Type.STRING_MAP, "Key/value pairs that selectors match."),
          of("annotations", Type.STRING_MAP, "Free-form key/value pairs for tools and people."),
          str("uid", "Unique identity of this incarnation of the object. Set by the engine."),
          of(
              "resourceVersion",
              Type.RESOURCE_VERSION,
              "Store revision of the object's last write. Set by the store."),
          integer("generation", "Incremented on every change to spec. Set by the engine."),
          of(
              "creationTimestamp",
              Type.TIMESTAMP,
              "When the object was created. Set by the engine."));

  private static final Field CONDITIONS =
      list(
          "conditions",
          "Kubernetes-style conditions: one aspect of the object's state each.",
          obj(
              "",
              "",
              str("type", "Aspect, e.g. Ready or Allocated.").markRequired(),
              enumOf("status", "True, False or Unknown.", ConditionStatus.values()).markRequired(),
              str("reason", "CamelCase reason, e.g. PoolExhausted."),
              str("message", "Human-readable explanation."),
              of("lastTransitionTime", Type.TIMESTAMP, "When status last changed."),
              integer("observedGeneration", "The generation this condition was computed from.")));

  private static final Field PROJECT_REF =
      obj(
          "projectRef",
          "Another project, for pools shared across projects.",
          str("name", "Project name.").markRequired());

  static final Field IPPOOL =
      obj(
          "",
          "An IPPool is a block of IPv4 or IPv6 address space that"
              + " claims draw prefixes from. A root pool declares spec.cidr; a child pool carves"
              + " spec.prefixLength from spec.parentPoolRef.",
          str("apiVersion", "ipam.miloapis.com/v1alpha1").markRequired(),
          str("kind", "IPPool").markRequired(),
          METADATA.markRequired(),
          obj(
                  "spec",
                  "Desired state of the pool.",
                  str(
                      "cidr",
                      "Root pools only: the block the pool owns, e.g. 10.0.0.0/8. Immutable."),
                  enumOf(
                      "ipFamily",
                      "IPv4 or IPv6; inferred from cidr when omitted, must agree with"
                          + " it. Immutable.",
                      IpFamily.values()),
                  obj(
                      "parentPoolRef",
                      "Child pools only: the pool in the same project to carve from."
                          + " Immutable.",
                      str("name", "Name of the parent pool.").markRequired()),
                  integer(
                      "prefixLength", "Child pools only: size of the carve (0-128). Immutable."),
                  obj(
                      "allocation",
                      "How claims are served.",
                      integer("minPrefixLength", "Shortest prefix length a claim may ask for."),
                      integer("maxPrefixLength", "Longest prefix length a claim may ask for."),
                      enumOf(
                          "strategy",
                          "How a free block is chosen. FirstFit (default): the"
                              + " lowest-address aligned block that fits, as the reference server. BestFit:"
                              + " the smallest free aligned block that fits, lowest address on ties (the"
                              + " reference server takes the smallest free run of addresses instead, so the"
                              + " blocks can differ; this one refused fewer requests in measured histories)."
                              + " LeastUtilized: the largest free aligned block, spreading claims apart (the"
                              + " reference server gives FirstFit's blocks for a one-CIDR pool); it"
                              + " fragments pools for large claims.",
                          Strategy.values()),
                      str(
                          "reuseGracePeriod",
                          "How long a released block stays quarantined before another claim may"
                              + " receive it, as a Kubernetes duration (e.g. 10m); a claim of the"
                              + " same name that comes back meanwhile gets it again. Counts as"
                              + " allocated. Omitted: reused at once. An ipam4j extension, after"
                              + " cluster-api in-cluster IPAM's addressReuseGracePeriodSeconds.")),
                  enumOf(
                      "visibility",
                      "Only shared pools may be claimed from another project.",
                      Visibility.values()),
                  obj(
                      "reservations",
                      "Blocks the pool holds for itself (gateways, network and broadcast"
                          + " addresses, hand-built hosts): each is an IPAllocation of purpose"
                          + " Reservation, counted as allocated and never given to a claim. At most "
                          + "1024 blocks.",
                      integer(
                          "leading",
                          "How many blocks of unitPrefixLength at the start of the pool are"
                              + " reserved."),
                      integer(
                          "trailing",
                          "How many blocks of unitPrefixLength at the end of the pool are"
                              + " reserved."),
                      integer(
                          "unitPrefixLength",
                          "The size of one leading or trailing block (0-128); required when"
                              + " leading or trailing is set."),
                      list(
                          "cidrs",
                          "ipam4j's extension: further blocks anywhere inside the pool, e.g."
                              + " 10.0.0.128/29.",
                          str("", ""))),
                  str(
                      "maxRetentionLease",
                      "How long a block stays retained after its claim was deleted under"
                          + " reclaimPolicy Retain, as a Kubernetes duration (e.g. 720h); the"
                          + " periodic re-check then releases it. Omitted: until the allocation is"
                          + " deleted."))
              .markRequired(),
          obj(
              "status",
              "Observed state of the pool. Set by the engine.",
              enumOf(
                  "phase",
                  "Ready while it has free space, Exhausted when none.",
                  PoolPhase.values()),
              str("allocatedCIDR", "Effective CIDR: declared (root) or carved (child)."),
              enumOf("ipFamily", "Effective address family.", IpFamily.values()),
              obj(
                  "capacity",
                  "Exact address counts.",
                  of("total", Type.QUANTITY, "Addresses in the pool."),
                  of("allocated", Type.QUANTITY, "Addresses in allocated blocks."),
                  of("available", Type.QUANTITY, "Free addresses.")),
              integer(
                  "largestFreePrefix",
                  "Prefix length of the largest free aligned block; 0 when exhausted (capacity.available"
                      + " tells that from a wholly free /0)."),
              of(
                  "utilizationPercent",
                  Type.NUMBER,
                  "Allocated share, 0-100, with four decimals, rounded down (256 addresses of a"
                      + " /16 is 0.3906; 100 only when nothing is free)."),
              CONDITIONS));

  static final Field IPCLAIM =
      obj(
          "",
          "An IPClaim requests a block of IP address space of a"
              + " given size from an IP pool, chosen by name (poolRef) or by labels (poolSelector)."
              + " Once satisfied, the assigned CIDR is reported on the claim's status.",
          str("apiVersion", "ipam.miloapis.com/v1alpha1").markRequired(),
          str("kind", "IPClaim").markRequired(),
          METADATA.markRequired(),
          obj(
                  "spec",
                  "Desired state of the claim.",
                  enumOf(
                          "ipFamily",
                          "The address family for the requested prefix. Immutable.",
                          IpFamily.values())
                      .markRequired(),
                  integer(
                          "prefixLength",
                          "The requested sub-prefix size in bits (0-32 for IPv4, 0-128"
                              + " for IPv6). Immutable.")
                      .markRequired(),
                  obj(
                      "poolRef",
                      "A specific pool to claim from, by name. Immutable.",
                      str("name", "Pool name.").markRequired(),
                      PROJECT_REF),
                  obj(
                      "poolSelector",
                      "Selects a pool by labels. Immutable.",
                      of("matchLabels", Type.STRING_MAP, "Labels the pool must have."),
                      list(
                          "matchExpressions",
                          "Label requirements, all of which must hold.",
                          obj(
                              "",
                              "",
                              str("key", "Label key.").markRequired(),
                              enumOf(
                                      "operator",
                                      "In, NotIn, Exists or DoesNotExist.",
                                      Operator.values())
                                  .markRequired(),
                              list("values", "Values for In and NotIn.", str("", "")))),
                      PROJECT_REF),
                  obj(
                      "ownerRef",
                      "An opaque reference to the object that owns this claim.",
                      str("apiGroup", "API group of the owner.").markRequired(),
                      str("kind", "Kind of the owner.").markRequired(),
                      str("namespace", "Namespace of the owner, if any."),
                      str("name", "Name of the owner.").markRequired()),
                  enumOf(
                      "reclaimPolicy",
                      "What happens to the block when the claim is deleted:"
                          + " Delete (default) or Retain.",
                      ReclaimPolicy.values()),
                  str(
                      "address",
                      "A specific block: its first address (e.g. 10.0.4.0 with prefixLength 24),"
                          + " which must be aligned to prefixLength. Bound if free in the chosen"
                          + " pool, refused (Conflict) if held. Omitted, the pool chooses."
                          + " Immutable."))
              .markRequired(),
          obj(
              "status",
              "Observed state of the claim. Set by the engine.",
              enumOf(
                  "phase", "Pending until a block is assigned, then Bound.", ClaimPhase.values()),
              str("allocatedCIDR", "The CIDR block that was assigned to satisfy this claim."),
              str(
                  "address",
                  "The single address of a /32 or /128 claim (allocatedCIDR without its length)."),
              obj(
                  "poolRef",
                  "The pool the block was drawn from (resolved, where the spec may name a"
                      + " selector).",
                  str("name", "Pool name.").markRequired(),
                  PROJECT_REF),
              obj(
                  "boundAllocationRef",
                  "The IPAllocation behind the block, in the same project.",
                  str("name", "Allocation name.").markRequired()),
              CONDITIONS));

  static final Field IPALLOCATION =
      obj(
          "",
          "An IPAllocation records one block carved from a"
              + " pool by a claim, a child pool or the pool's own reservations. Created by the"
              + " engine, never by users.",
          str("apiVersion", "ipam.miloapis.com/v1alpha1").markRequired(),
          str("kind", "IPAllocation").markRequired(),
          METADATA.markRequired(),
          obj(
                  "spec",
                  "What the block is and who holds it.",
                  enumOf("ipFamily", "Address family of the block.", IpFamily.values())
                      .markRequired(),
                  obj(
                          "poolRef",
                          "The pool the block was carved from.",
                          str("name", "Pool name.").markRequired(),
                          PROJECT_REF)
                      .markRequired(),
                  obj(
                      "claimRef",
                      "The claim bound to the block; cleared once the claim is deleted"
                          + " under Retain.",
                      str("name", "Claim name.").markRequired()),
                  obj(
                      "childPoolRef",
                      "The child pool whose block this is.",
                      str("name", "Pool name.").markRequired()),
                  enumOf(
                      "purpose",
                      "What the block is for: Claim (a claim's, or retained after it once"
                          + " claimRef is cleared), Reservation (held by the pool for"
                          + " spec.reservations) or PoolCarve (a child pool's block). Inferred"
                          + " from the references when absent.",
                      AllocationPurpose.values()))
              .markRequired(),
          obj(
                  "status",
                  "Observed state of the allocation.",
                  enumOf("phase", "Ready once the block is held.", AllocationPhase.values()),
                  str("allocatedCIDR", "The block.").markRequired(),
                  CONDITIONS)
              .markRequired());

  static Field of(Kind kind) {
    return switch (kind) {
      case IPPool -> IPPOOL;
      case IPClaim -> IPCLAIM;
      case IPAllocation -> IPALLOCATION;
    };
  }
}
