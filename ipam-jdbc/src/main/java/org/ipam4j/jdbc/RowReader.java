package org.ipam4j.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.model.AllocationPhase;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.AllocationPurpose;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.Condition;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.OwnerRef;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ProjectRef;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Reservations;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.Operator;
import org.ipam4j.selector.Requirement;
import org.jspecify.annotations.Nullable;

/**
 * Reads an object's stored body straight into its record: a tree of maps from Jackson's streaming
 * parser, then each record from its part of the tree. A body is one of two shapes (see {@link
 * RowCodec}): the API's whole JSON, as releases before schema 9 wrote it (it has an {@code
 * apiVersion}), or the compact body {@link RowWriter} writes now, which takes the object's kind,
 * project, name and usually its version from the row's columns.
 */
final class RowReader {

  private RowReader() {}

  /**
   * {@code kind}, {@code project}, {@code name}, {@code version}: the row's columns, which a
   * compact body leaves out (a body in the API's whole JSON states its own and is read as it is).
   */
  static IpamObject read(
      JsonFactory json, String kind, String project, String name, long version, String body) {
    Map<String, Object> root;
    try (JsonParser in = json.createParser(body)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      root = object(in);
      if (in.nextToken() != null) {
        throw new IllegalArgumentException("text after the object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
    }
    In o = new In(root, "");
    boolean compact = !root.containsKey("apiVersion");
    if (compact) {
      identify(o, project, name, version);
    }
    ObjectMeta meta = o.in("metadata").meta();
    In spec = o.in("spec");
    @Nullable In status = o.has("status") ? o.in("status") : null;
    return switch (Kind.valueOf(compact ? kind : o.text("kind"))) {
      case IPPool ->
          new IPPool(
              meta, spec.poolSpec(), status == null ? IPPoolStatus.empty() : status.poolStatus());
      case IPClaim ->
          new IPClaim(
              meta,
              spec.claimSpec(),
              status == null
                  ? IPClaimStatus.empty()
                  : status.claimStatus(
                      compact && !status.fields().containsKey("conditions"), meta));
      case IPAllocation -> allocation(meta, spec, status(status), compact);
    };
  }

  /** A compact body's name, project and (unless it states its own) version, from the row. */
  private static void identify(In o, String project, String name, long version) {
    if (o.fields().containsKey("kind")) {
      throw new IllegalArgumentException("kind: given in a body without apiVersion");
    }
    Map<String, Object> meta = o.in("metadata").fields();
    if (meta.containsKey("name") || meta.containsKey("namespace")) {
      throw new IllegalArgumentException(
          "metadata: name or namespace given in a body without apiVersion");
    }
    meta.put("name", name);
    meta.put("namespace", project);
    meta.putIfAbsent("resourceVersion", Long.toString(version));
  }

  private static IPAllocation allocation(ObjectMeta meta, In spec, In status, boolean compact) {
    Cidr block = Cidr.parse(status.text("allocatedCIDR"));
    boolean childPool = spec.has("childPoolRef");
    IPAllocationSpec allocationSpec =
        new IPAllocationSpec(
            compact && !spec.has("ipFamily")
                ? block.family()
                : IpFamily.valueOf(spec.text("ipFamily")),
            spec.in("poolRef").poolRef(),
            spec.ref("claimRef"),
            spec.ref("childPoolRef"),
            spec.optionalText("purpose")
                .map(AllocationPurpose::valueOf)
                .orElse(defaultPurpose(childPool)));
    if (compact && !status.has("phase")) {
      // The status every allocation is made with: its block, Ready since its creation.
      Instant created =
          meta.creationTimestamp()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "status.phase: missing, and no metadata.creationTimestamp to make it"
                              + " again from"));
      return new IPAllocation(meta, allocationSpec, IPAllocationStatus.ready(block, created));
    }
    return new IPAllocation(
        meta,
        allocationSpec,
        new IPAllocationStatus(
            AllocationPhase.valueOf(status.text("phase")), block, status.conditions()));
  }

  /** The purpose of an allocation whose body does not state one. */
  static AllocationPurpose defaultPurpose(boolean childPool) {
    return childPool ? AllocationPurpose.PoolCarve : AllocationPurpose.Claim;
  }

  private static In status(@Nullable In status) {
    if (status == null) {
      throw new IllegalArgumentException("status: missing");
    }
    return status;
  }

  private static Map<String, Object> object(JsonParser in) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      in.nextToken();
      if (out.put(name, value(in)) != null) {
        throw new IllegalArgumentException(name + ": given twice");
      }
    }
    return out;
  }

  private static @Nullable Object value(JsonParser in) throws IOException {
    return switch (in.currentToken()) {
      case START_OBJECT -> object(in);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(in));
        }
        yield list;
      }
      case VALUE_STRING -> in.getText();
      case VALUE_NUMBER_INT -> in.getBigIntegerValue();
      case VALUE_NUMBER_FLOAT -> in.getDecimalValue();
      case VALUE_TRUE, VALUE_FALSE -> in.getBooleanValue();
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("unexpected " + in.currentToken());
    };
  }

  /** One JSON object of a body, read as the record it stands for; {@code path} names it. */
  private record In(Map<String, Object> fields, String path) {

    boolean has(String field) {
      return fields.get(field) != null;
    }

    private Object required(String field) {
      Object v = fields.get(field);
      if (v == null) {
        throw new IllegalArgumentException(path + field + ": missing");
      }
      return v;
    }

    String text(String field) {
      Object v = required(field);
      if (!(v instanceof String s)) {
        throw new IllegalArgumentException(path + field + ": expected text, got " + v);
      }
      return s;
    }

    Optional<String> optionalText(String field) {
      return has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** A whole number, written as a number or (as versions and capacities are) as text. */
    BigInteger number(String field) {
      Object v = required(field);
      try {
        return v instanceof BigInteger n ? n : new BigInteger((String) v);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(path + field + ": expected a whole number, got " + v);
      }
    }

    /** A number that may have decimals (rows of earlier releases hold whole percentages). */
    BigDecimal decimal(String field) {
      Object v = required(field);
      if (v instanceof BigDecimal d) {
        return d;
      }
      if (v instanceof BigInteger n) {
        return new BigDecimal(n);
      }
      throw new IllegalArgumentException(path + field + ": expected a number, got " + v);
    }

    long longValue(String field) {
      return number(field).longValueExact();
    }

    OptionalInt optionalInt(String field) {
      return has(field) ? OptionalInt.of(number(field).intValueExact()) : OptionalInt.empty();
    }

    @SuppressWarnings("unchecked")
    In in(String field) {
      Object v = required(field);
      if (!(v instanceof Map)) {
        throw new IllegalArgumentException(path + field + ": expected an object");
      }
      return new In((Map<String, Object>) v, path + field + ".");
    }

    @SuppressWarnings("unchecked")
    List<In> list(String field) {
      if (!has(field)) {
        return List.of();
      }
      List<In> out = new ArrayList<>();
      for (Object item : (List<Object>) required(field)) {
        out.add(new In((Map<String, Object>) item, path + field + "[]."));
      }
      return out;
    }

    Map<String, String> strings(String field) {
      Map<String, String> out = new LinkedHashMap<>();
      if (has(field)) {
        In map = in(field);
        for (String key : map.fields().keySet()) {
          out.put(key, map.text(key));
        }
      }
      return out;
    }

    Optional<LocalRef> ref(String field) {
      return has(field) ? Optional.of(new LocalRef(in(field).text("name"))) : Optional.empty();
    }

    PoolRef poolRef() {
      return new PoolRef(ref("projectRef").map(r -> new ProjectRef(r.name())), text("name"));
    }

    ObjectMeta meta() {
      return new ObjectMeta(
          text("namespace"),
          text("name"),
          strings("labels"),
          strings("annotations"),
          optionalText("uid").orElse(""),
          has("resourceVersion") ? longValue("resourceVersion") : 0,
          has("generation") ? longValue("generation") : 0,
          optionalText("creationTimestamp").map(Instant::parse));
    }

    IPPoolSpec poolSpec() {
      In a = in("allocation");
      return new IPPoolSpec(
          optionalText("cidr"),
          optionalText("ipFamily").map(IpFamily::valueOf),
          ref("parentPoolRef"),
          optionalInt("prefixLength"),
          new AllocationPolicy(
              a.optionalInt("minPrefixLength"),
              a.optionalInt("maxPrefixLength"),
              Strategy.valueOf(a.text("strategy")),
              a.optionalText("reuseGracePeriod")),
          optionalText("visibility").map(Visibility::valueOf),
          has("reservations") ? in("reservations").reservations() : Reservations.none(),
          optionalText("maxRetentionLease"));
    }

    Reservations reservations() {
      return new Reservations(
          has("leading") ? (int) longValue("leading") : 0,
          has("trailing") ? (int) longValue("trailing") : 0,
          optionalInt("unitPrefixLength"),
          has("cidrs") ? texts("cidrs") : List.of());
    }

    IPPoolStatus poolStatus() {
      Optional<Capacity> capacity = Optional.empty();
      if (has("capacity")) {
        In c = in("capacity");
        capacity =
            Optional.of(
                new Capacity(c.number("total"), c.number("allocated"), c.number("available")));
      }
      return new IPPoolStatus(
          PoolPhase.valueOf(text("phase")),
          optionalText("allocatedCIDR").map(Cidr::parse),
          optionalText("ipFamily").map(IpFamily::valueOf),
          capacity,
          IPPoolStatus.largestFreePrefixFromWire(optionalInt("largestFreePrefix"), capacity),
          decimal("utilizationPercent"),
          conditions());
    }

    IPClaimSpec claimSpec() {
      Optional<PoolSelector> selector = Optional.empty();
      if (has("poolSelector")) {
        In s = in("poolSelector");
        List<Requirement> expressions = new ArrayList<>();
        for (In r : s.list("matchExpressions")) {
          expressions.add(
              new Requirement(
                  r.text("key"), Operator.valueOf(r.text("operator")), r.texts("values")));
        }
        selector =
            Optional.of(
                new PoolSelector(
                    s.strings("matchLabels"),
                    expressions,
                    s.ref("projectRef").map(r -> new ProjectRef(r.name()))));
      }
      Optional<OwnerRef> owner = Optional.empty();
      if (has("ownerRef")) {
        In o = in("ownerRef");
        owner =
            Optional.of(
                new OwnerRef(
                    o.text("apiGroup"),
                    o.text("kind"),
                    o.optionalText("namespace"),
                    o.text("name")));
      }
      return new IPClaimSpec(
          IpFamily.valueOf(text("ipFamily")),
          number("prefixLength").intValueExact(),
          has("poolRef") ? Optional.of(in("poolRef").poolRef()) : Optional.empty(),
          selector,
          owner,
          ReclaimPolicy.valueOf(text("reclaimPolicy")),
          optionalText("address"));
    }

    /**
     * {@code status.address} is derived from the block and not read. {@code boundAtCreation}: the
     * body left out the condition of a claim bound at its creation, so the status is {@link
     * IPClaimStatus#bound} at {@code meta}'s creation time and generation.
     */
    IPClaimStatus claimStatus(boolean boundAtCreation, ObjectMeta meta) {
      Optional<PoolRef> pool =
          has("poolRef") ? Optional.of(in("poolRef").poolRef()) : Optional.empty();
      Optional<Cidr> block = optionalText("allocatedCIDR").map(Cidr::parse);
      Optional<LocalRef> allocation = ref("boundAllocationRef");
      if (!boundAtCreation) {
        return new IPClaimStatus(
            ClaimPhase.valueOf(text("phase")), block, allocation, conditions(), pool);
      }
      if (!text("phase").equals(ClaimPhase.Bound.name())
          || block.isEmpty()
          || allocation.isEmpty()
          || pool.isEmpty()
          || meta.creationTimestamp().isEmpty()) {
        throw new IllegalArgumentException(
            path
                + "conditions: missing, and not a Bound claim with its block, allocation, pool and"
                + " creationTimestamp to make them from");
      }
      return IPClaimStatus.bound(
          block.get(),
          allocation.get().name(),
          pool,
          meta.generation(),
          meta.creationTimestamp().get());
    }

    @SuppressWarnings("unchecked")
    List<String> texts(String field) {
      if (!has(field)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Object v : (List<Object>) required(field)) {
        out.add((String) v);
      }
      return out;
    }

    List<Condition> conditions() {
      List<Condition> out = new ArrayList<>();
      for (In c : list("conditions")) {
        out.add(
            new Condition(
                c.text("type"),
                ConditionStatus.valueOf(c.text("status")),
                c.text("reason"),
                c.text("message"),
                Instant.parse(c.text("lastTransitionTime")),
                c.longValue("observedGeneration")));
      }
      return out;
    }
  }
}
