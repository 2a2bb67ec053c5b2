package org.ipam4j.yaml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.InvalidException;
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
import org.ipam4j.yaml.Node.Entry;
import org.ipam4j.yaml.Node.ListNode;
import org.ipam4j.yaml.Node.MapNode;
import org.ipam4j.yaml.Node.ScalarNode;

/**
 * Builds the core records from a tree the {@link Checker} accepted. Types are known good here; the
 * values it still judges are the ones the schema cannot (CIDRs in status).
 */
final class Binder {

  private final String source;
  private final int document;
  private final String defaultProject;

  Binder(String source, int document, String defaultProject) {
    this.source = source;
    this.document = document;
    this.defaultProject = defaultProject;
  }

  IpamObject bind(Kind kind, MapNode root) {
    ObjectMeta meta = metadata(map(root, "metadata").orElseThrow());
    Optional<MapNode> spec = map(root, "spec");
    Optional<MapNode> status = map(root, "status");
    return switch (kind) {
      case IPPool ->
          new IPPool(
              meta,
              poolSpec(spec.orElseThrow()),
              status.map(this::poolStatus).orElse(IPPoolStatus.empty()));
      case IPClaim ->
          new IPClaim(
              meta,
              claimSpec(spec.orElseThrow()),
              status.map(this::claimStatus).orElse(IPClaimStatus.empty()));
      case IPAllocation ->
          new IPAllocation(
              meta, allocationSpec(spec.orElseThrow()), allocationStatus(status.orElseThrow()));
    };
  }

  private ObjectMeta metadata(MapNode m) {
    return new ObjectMeta(
        str(m, "namespace").orElse(defaultProject),
        str(m, "name").orElseThrow(),
        stringMap(m, "labels"),
        stringMap(m, "annotations"),
        str(m, "uid").orElse(""),
        whole(m, "resourceVersion").map(BigInteger::longValueExact).orElse(0L),
        integer(m, "generation").orElse(0),
        timestamp(m, "creationTimestamp"));
  }

  private IPPoolSpec poolSpec(MapNode s) {
    AllocationPolicy allocation =
        map(s, "allocation")
            .map(
                a ->
                    new AllocationPolicy(
                        optionalInt(a, "minPrefixLength"),
                        optionalInt(a, "maxPrefixLength"),
                        str(a, "strategy").map(Strategy::valueOf).orElse(Strategy.FirstFit),
                        str(a, "reuseGracePeriod")))
            .orElse(AllocationPolicy.defaults());
    return new IPPoolSpec(
        str(s, "cidr"),
        str(s, "ipFamily").map(IpFamily::valueOf),
        map(s, "parentPoolRef").map(r -> new LocalRef(str(r, "name").orElseThrow())),
        optionalInt(s, "prefixLength"),
        allocation,
        str(s, "visibility").map(Visibility::valueOf),
        map(s, "reservations")
            .map(
                r ->
                    new Reservations(
                        integer(r, "leading").orElse(0),
                        integer(r, "trailing").orElse(0),
                        optionalInt(r, "unitPrefixLength"),
                        list(r, "cidrs").stream().map(n -> ((ScalarNode) n).text()).toList()))
            .orElse(Reservations.none()),
        str(s, "maxRetentionLease"));
  }

  private IPPoolStatus poolStatus(MapNode s) {
    Optional<Capacity> capacity =
        map(s, "capacity")
            .map(
                c ->
                    new Capacity(
                        whole(c, "total").orElse(BigInteger.ZERO),
                        whole(c, "allocated").orElse(BigInteger.ZERO),
                        whole(c, "available").orElse(BigInteger.ZERO)));
    return new IPPoolStatus(
        str(s, "phase").map(PoolPhase::valueOf).orElse(PoolPhase.Pending),
        cidr(s, "allocatedCIDR", "status.allocatedCIDR"),
        str(s, "ipFamily").map(IpFamily::valueOf),
        capacity,
        IPPoolStatus.largestFreePrefixFromWire(optionalInt(s, "largestFreePrefix"), capacity),
        str(s, "utilizationPercent").map(BigDecimal::new).orElse(BigDecimal.ZERO),
        conditions(s));
  }

  private IPClaimSpec claimSpec(MapNode s) {
    return new IPClaimSpec(
        IpFamily.valueOf(str(s, "ipFamily").orElseThrow()),
        integer(s, "prefixLength").orElseThrow(),
        map(s, "poolRef").map(r -> new PoolRef(projectRef(r), str(r, "name").orElseThrow())),
        map(s, "poolSelector")
            .map(
                p -> new PoolSelector(stringMap(p, "matchLabels"), requirements(p), projectRef(p))),
        map(s, "ownerRef")
            .map(
                o ->
                    new OwnerRef(
                        str(o, "apiGroup").orElseThrow(),
                        str(o, "kind").orElseThrow(),
                        str(o, "namespace"),
                        str(o, "name").orElseThrow())),
        str(s, "reclaimPolicy").map(ReclaimPolicy::valueOf).orElse(ReclaimPolicy.Delete),
        str(s, "address"));
  }

  private List<Requirement> requirements(MapNode selector) {
    List<Requirement> out = new ArrayList<>();
    for (Node item : list(selector, "matchExpressions")) {
      MapNode r = (MapNode) item;
      List<String> values = new ArrayList<>();
      for (Node v : list(r, "values")) {
        values.add(((ScalarNode) v).text());
      }
      out.add(
          new Requirement(
              str(r, "key").orElseThrow(),
              Operator.valueOf(str(r, "operator").orElseThrow()),
              values));
    }
    return out;
  }

  private IPClaimStatus claimStatus(MapNode s) {
    return new IPClaimStatus(
        str(s, "phase").map(ClaimPhase::valueOf).orElse(ClaimPhase.Pending),
        cidr(s, "allocatedCIDR", "status.allocatedCIDR"),
        map(s, "boundAllocationRef").map(r -> new LocalRef(str(r, "name").orElseThrow())),
        conditions(s),
        map(s, "poolRef").map(r -> new PoolRef(projectRef(r), str(r, "name").orElseThrow())));
  }

  private IPAllocationSpec allocationSpec(MapNode s) {
    MapNode pool = map(s, "poolRef").orElseThrow();
    return new IPAllocationSpec(
        IpFamily.valueOf(str(s, "ipFamily").orElseThrow()),
        new PoolRef(projectRef(pool), str(pool, "name").orElseThrow()),
        map(s, "claimRef").map(r -> new LocalRef(str(r, "name").orElseThrow())),
        map(s, "childPoolRef").map(r -> new LocalRef(str(r, "name").orElseThrow())),
        str(s, "purpose")
            .map(AllocationPurpose::valueOf)
            .orElse(
                map(s, "childPoolRef").isPresent()
                    ? AllocationPurpose.PoolCarve
                    : AllocationPurpose.Claim));
  }

  private IPAllocationStatus allocationStatus(MapNode s) {
    return new IPAllocationStatus(
        str(s, "phase").map(AllocationPhase::valueOf).orElse(AllocationPhase.Ready),
        cidr(s, "allocatedCIDR", "status.allocatedCIDR").orElseThrow(),
        conditions(s));
  }

  private List<Condition> conditions(MapNode status) {
    List<Condition> out = new ArrayList<>();
    for (Node item : list(status, "conditions")) {
      MapNode c = (MapNode) item;
      out.add(
          new Condition(
              str(c, "type").orElseThrow(),
              ConditionStatus.valueOf(str(c, "status").orElseThrow()),
              str(c, "reason").orElse(""),
              str(c, "message").orElse(""),
              timestamp(c, "lastTransitionTime").orElse(Instant.EPOCH),
              integer(c, "observedGeneration").orElse(0)));
    }
    return out;
  }

  private Optional<ProjectRef> projectRef(MapNode holder) {
    return map(holder, "projectRef").map(p -> new ProjectRef(str(p, "name").orElseThrow()));
  }

  private Optional<Cidr> cidr(MapNode m, String key, String path) {
    Optional<String> text = str(m, key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Cidr.parse(path, text.get()));
    } catch (InvalidException e) {
      Entry entry = m.entries().get(key);
      Node at = entry == null ? m : entry.value();
      throw new InvalidException(
          e.violations().stream()
              .map(v -> v.at(TreeReader.where(source, document, at.line(), at.column())))
              .toList());
    }
  }

  // ---- access to checked values ----

  private static Optional<Node> value(MapNode m, String key) {
    Entry e = m.entries().get(key);
    if (e == null || (e.value() instanceof ScalarNode s && s.type() == ScalarNode.Type.NULL)) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  private static Optional<MapNode> map(MapNode m, String key) {
    return value(m, key).map(MapNode.class::cast);
  }

  private static List<Node> list(MapNode m, String key) {
    return value(m, key).map(n -> ((ListNode) n).items()).orElse(List.of());
  }

  private static Optional<String> str(MapNode m, String key) {
    return value(m, key).map(n -> ((ScalarNode) n).text());
  }

  private static Optional<Integer> integer(MapNode m, String key) {
    return str(m, key).map(Integer::parseInt);
  }

  private static OptionalInt optionalInt(MapNode m, String key) {
    return str(m, key).map(t -> OptionalInt.of(Integer.parseInt(t))).orElse(OptionalInt.empty());
  }

  private static Optional<BigInteger> whole(MapNode m, String key) {
    return str(m, key).map(BigInteger::new);
  }

  private static Optional<Instant> timestamp(MapNode m, String key) {
    return str(m, key).map(t -> OffsetDateTime.parse(t).toInstant());
  }

  private static Map<String, String> stringMap(MapNode m, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    map(m, key)
        .ifPresent(
            labels ->
                labels.entries().forEach((k, e) -> out.put(k, ((ScalarNode) e.value()).text())));
    return out;
  }
}
