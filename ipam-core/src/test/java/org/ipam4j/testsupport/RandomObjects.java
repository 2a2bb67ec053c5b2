package org.ipam4j.testsupport;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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

/**
 * Random objects of every kind, with awkward text, exact 128-bit capacities and every optional
 * field both present and absent: for properties that write objects and read them back.
 */
public final class RandomObjects {

  private RandomObjects() {}

  /**
   * Pools, claims and allocations, as a store or a manifest may hold them; among them claims and
   * allocations in the shapes the engine writes most (see {@link #asTheEngineMakesThem}).
   */
  public static Arbitrary<IpamObject> objects() {
    return Arbitraries.oneOf(pools(), claims(), allocations(), asTheEngineMakesThem());
  }

  /**
   * A claim bound when it was created, with the one {@code Ready} condition the engine gives it
   * then, and an allocation in the status it is made with: the shapes a store may keep shorter.
   */
  public static Arbitrary<IpamObject> asTheEngineMakesThem() {
    Arbitrary<IPClaim> bound =
        Combinators.combine(metadata(), instants(), claimSpecs(), cidrs(), names(), poolRefs())
            .as(
                (meta, created, spec, block, allocation, pool) -> {
                  ObjectMeta m = createdAt(meta, created);
                  return new IPClaim(
                      m,
                      spec,
                      IPClaimStatus.bound(
                          block, allocation, Optional.of(pool), m.generation(), created));
                });
    Arbitrary<IPAllocation> ready =
        Combinators.combine(metadata(), instants(), allocationSpecs(), cidrs())
            .as(
                (meta, created, spec, block) ->
                    new IPAllocation(
                        createdAt(meta, created), spec, IPAllocationStatus.ready(block, created)));
    return Arbitraries.oneOf(bound, ready);
  }

  private static Arbitrary<PoolRef> poolRefs() {
    return Combinators.combine(names().map(ProjectRef::new).optional(), names()).as(PoolRef::new);
  }

  private static ObjectMeta createdAt(ObjectMeta m, Instant created) {
    return new ObjectMeta(
        m.project(),
        m.name(),
        m.labels(),
        m.annotations(),
        m.uid(),
        m.resourceVersion(),
        m.generation(),
        Optional.of(created));
  }

  private static final List<String> AWKWARD =
      List.of(
          "plain",
          "true",
          "123",
          "null",
          "~",
          "next\u0085line",
          "line\u2028separator",
          "para\u2029graph",
          "bell\u0007",
          "crlf\r\n",
          "a: b",
          "#hash",
          "'quoted'",
          "\"dq\"",
          "multi\nline",
          " padded ",
          "",
          "yes",
          "0x1F",
          "1e3",
          "- dash",
          "ünïcode",
          "tab\tbed");

  private static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1)
        .ofMaxLength(10)
        .map(s -> "n" + s);
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.of(AWKWARD), Arbitraries.strings().ofMaxLength(20));
  }

  private static Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(
            Arbitraries.of("tier", "env", "example.com/role", "zone"),
            Arbitraries.of("web", "db", "", "prod", "a.b_c-d"))
        .ofMaxSize(3);
  }

  private static Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(0, 4_000_000_000L)
        .flatMap(
            s ->
                Arbitraries.integers()
                    .between(0, 999_999_999)
                    .map(n -> Instant.ofEpochSecond(s, n)));
  }

  private static Arbitrary<ObjectMeta> metadata() {
    return Combinators.combine(
            names(),
            names(),
            labels(),
            Arbitraries.maps(Arbitraries.of("note", "example.com/owner"), text()).ofMaxSize(2),
            Arbitraries.of("", "4f8c1b2e-0000-4000-8000-000000000001"),
            Arbitraries.longs().between(0, 999_999_999_999L),
            Arbitraries.integers().between(0, 1000),
            instants().optional())
        .as(
            (project, name, labels, annotations, uid, rv, gen, created) ->
                new ObjectMeta(project, name, labels, annotations, uid, rv, gen, created));
  }

  private static Arbitrary<List<Condition>> conditions() {
    return Combinators.combine(
            Arbitraries.of("Ready", "Allocated"),
            Arbitraries.of(ConditionStatus.class),
            Arbitraries.of("Bound", "PoolExhausted", ""),
            text(),
            instants(),
            Arbitraries.integers().between(0, 1000))
        .as(
            (type, status, reason, message, at, gen) ->
                new Condition(type, status, reason, message, at, gen))
        .list()
        .ofMaxSize(2);
  }

  private static Arbitrary<Cidr> cidrs() {
    return Arbitraries.oneOf(
        Arbitraries.integers()
            .between(8, 32)
            .flatMap(
                len -> Arbitraries.integers().map(a -> Cidr.ipv4(a & (-1 << (32 - len)), len))),
        Arbitraries.of(
            Cidr.parse("2001:db8::/32"), Cidr.parse("::/0"), Cidr.parse("fd00::1:2:3:0/112")));
  }

  private static Arbitrary<IPPool> pools() {
    Arbitrary<IPPoolSpec> specs =
        Combinators.combine(
                cidrs().map(Cidr::toString).optional(),
                Arbitraries.of(IpFamily.class).optional(),
                names().map(LocalRef::new).optional(),
                Arbitraries.integers().between(0, 128).optional(),
                Combinators.combine(
                        Arbitraries.integers().between(0, 128).optional(),
                        Arbitraries.integers().between(0, 128).optional(),
                        Arbitraries.of(Strategy.class),
                        Arbitraries.of("10m", "90s", "1h30m").optional())
                    .as(
                        (min, max, st, grace) ->
                            new AllocationPolicy(
                                min.map(OptionalInt::of).orElse(OptionalInt.empty()),
                                max.map(OptionalInt::of).orElse(OptionalInt.empty()),
                                st,
                                grace)),
                Arbitraries.of(Visibility.class).optional(),
                Arbitraries.oneOf(
                    Arbitraries.just(Reservations.none()),
                    Combinators.combine(
                            Arbitraries.integers().between(0, 8),
                            Arbitraries.integers().between(0, 8),
                            Arbitraries.integers().between(0, 128).optional(),
                            cidrs().map(Cidr::toString).list().ofMaxSize(3))
                        .as(
                            (leading, trailing, unit, blocks) ->
                                new Reservations(
                                    leading,
                                    trailing,
                                    unit.map(OptionalInt::of).orElse(OptionalInt.empty()),
                                    blocks))),
                Arbitraries.of("720h", "30m").optional())
            .as(
                (cidr, family, parent, len, alloc, vis, reservations, lease) ->
                    new IPPoolSpec(
                        cidr,
                        family,
                        parent,
                        len.map(OptionalInt::of).orElse(OptionalInt.empty()),
                        alloc,
                        vis,
                        reservations,
                        lease));
    Arbitrary<IPPoolStatus> statuses =
        Arbitraries.oneOf(
            Arbitraries.just(IPPoolStatus.empty()),
            Combinators.combine(
                    Arbitraries.of(PoolPhase.class),
                    cidrs().optional(),
                    Arbitraries.of(IpFamily.class).optional(),
                    Arbitraries.bigIntegers()
                        .between(BigInteger.ZERO, BigInteger.TWO.pow(128))
                        .map(n -> new Capacity(n, n.shiftRight(1), n.subtract(n.shiftRight(1))))
                        .optional(),
                    Arbitraries.integers().between(0, 128).optional(),
                    Arbitraries.integers()
                        .between(0, 1_000_000)
                        .map(m -> java.math.BigDecimal.valueOf(m, 4)),
                    conditions())
                .as(
                    (phase, block, family, capacity, largest, used, conditions) ->
                        new IPPoolStatus(
                            phase,
                            block,
                            family,
                            capacity,
                            wireConsistent(largest, capacity),
                            used,
                            conditions)));
    return Combinators.combine(metadata(), specs, statuses).as(IPPool::new);
  }

  /**
   * The API writes 0 for "exhausted" as for a free {@code /0}; a reader tells them apart by the
   * capacity, so a status whose largest free prefix is 0 has room.
   */
  private static OptionalInt wireConsistent(
      Optional<Integer> largest, Optional<Capacity> capacity) {
    if (largest.isEmpty()
        || (largest.get() == 0 && capacity.map(c -> c.available().signum() == 0).orElse(true))) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(largest.get());
  }

  private static Arbitrary<IPClaim> claims() {
    Arbitrary<IPClaimStatus> statuses =
        Arbitraries.oneOf(
            Arbitraries.just(IPClaimStatus.empty()),
            Combinators.combine(
                    Arbitraries.of(ClaimPhase.class),
                    cidrs().optional(),
                    names().map(LocalRef::new).optional(),
                    conditions(),
                    poolRefs().optional())
                .as(IPClaimStatus::new));
    return Combinators.combine(metadata(), claimSpecs(), statuses).as(IPClaim::new);
  }

  private static Arbitrary<IPClaimSpec> claimSpecs() {
    Arbitrary<PoolSelector> selectors =
        Combinators.combine(
                labels(),
                Combinators.combine(
                        Arbitraries.of("tier", "zone"),
                        Arbitraries.of(Operator.class),
                        Arbitraries.of("a", "b", "").list().ofMaxSize(2))
                    .as(Requirement::new)
                    .list()
                    .ofMaxSize(2),
                names().map(ProjectRef::new).optional())
            .as(PoolSelector::new);
    return Combinators.combine(
            Arbitraries.of(IpFamily.class),
            Arbitraries.integers().between(0, 128),
            poolRefs().optional(),
            selectors.optional(),
            Combinators.combine(
                    Arbitraries.of("apps", ""),
                    Arbitraries.of("Deployment"),
                    names().optional(),
                    names())
                .as(OwnerRef::new)
                .optional(),
            Arbitraries.of(ReclaimPolicy.class),
            cidrs().map(c -> c.toString().substring(0, c.toString().indexOf('/'))).optional())
        .as(
            (fam, len, ref, sel, owner, policy, address) ->
                new IPClaimSpec(fam, len, ref, sel, owner, policy, address));
  }

  private static Arbitrary<IPAllocation> allocations() {
    Arbitrary<IPAllocationStatus> statuses =
        Combinators.combine(Arbitraries.of(AllocationPhase.class), cidrs(), conditions())
            .as(IPAllocationStatus::new);
    return Combinators.combine(metadata(), allocationSpecs(), statuses).as(IPAllocation::new);
  }

  private static Arbitrary<IPAllocationSpec> allocationSpecs() {
    return Combinators.combine(
            Arbitraries.of(IpFamily.class),
            poolRefs(),
            names().map(LocalRef::new).optional(),
            names().map(LocalRef::new),
            Arbitraries.of(AllocationPurpose.class))
        .as(
            (family, pool, claim, child, purpose) ->
                new IPAllocationSpec(
                    family,
                    pool,
                    purpose == AllocationPurpose.Claim ? claim : Optional.empty(),
                    purpose == AllocationPurpose.PoolCarve ? Optional.of(child) : Optional.empty(),
                    purpose));
  }
}
