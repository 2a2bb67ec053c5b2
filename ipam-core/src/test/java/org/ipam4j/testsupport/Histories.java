package org.ipam4j.testsupport;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.ipam4j.IpamException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Reservations;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * Random histories of one project: root and child pools, relabels, claims by name and by selector
 * (retained or not, for any block or a specific one), deletes and reservations. The engine's
 * properties and the export/import round trips run them.
 */
public final class Histories {

  private Histories() {}

  /** The project every step works in. */
  public static final String P = "p";

  private static final List<String> ROOT_CIDRS =
      List.of("10.0.0.0/24", "10.0.1.0/25", "10.0.0.0/23", "2001:db8::/120");
  private static final List<String> POOL_NAMES =
      List.of("r0", "r1", "r2", "r3", "c0", "c1", "c2", "c3");
  private static final List<String> TIERS = List.of("web", "db");

  /** One step of a history. */
  public sealed interface Op {}

  public record CreateRoot(int slot, int tier) implements Op {}

  public record CreateChild(int index, int parent, int extraBits) implements Op {}

  public record Relabel(int pool, int tier) implements Op {}

  public record Claim(
      int index, IpFamily family, int extraBits, boolean bySelector, int target, boolean retain)
      implements Op {}

  public record DeleteClaim(int index) implements Op {}

  public record DeleteRetained(int which) implements Op {}

  public record DeletePool(int pool) implements Op {}

  /** A claim for one specific block of 10.0.0.0/23, by pool name. */
  public record ClaimAt(int index, int target, int extraBits, int offset) implements Op {}

  /** Sets a pool's reservations to one of a few shapes, relative to its block. */
  public record Reserve(int pool, int shape) implements Op {}

  /** Applies one step; a refused step throws its {@link IpamException}. */
  public static void apply(IpamEngine engine, Op op) {
    if (op instanceof CreateRoot r) {
      engine.applyPool(
          IPPool.of(P, "r" + r.slot(), IPPoolSpec.root(ROOT_CIDRS.get(r.slot())))
              .withLabels(Map.of("tier", TIERS.get(r.tier()))));
    } else if (op instanceof CreateChild c) {
      String parent = POOL_NAMES.get(c.parent());
      int parentLength =
          engine
              .getPool(P, parent)
              .map(p -> p.status().allocatedCIDR().orElseThrow().prefixLength())
              .orElse(24);
      engine.applyPool(
          IPPool.of(P, "c" + c.index(), IPPoolSpec.child(parent, parentLength + c.extraBits())));
    } else if (op instanceof Relabel r) {
      String name = POOL_NAMES.get(r.pool());
      engine
          .getPool(P, name)
          .ifPresent(
              p ->
                  engine.applyPool(
                      IPPool.of(P, name, p.spec())
                          .withLabels(Map.of("tier", TIERS.get(r.tier())))));
    } else if (op instanceof Claim c) {
      int length = (c.family() == IpFamily.IPv4 ? 24 : 120) + c.extraBits();
      IPClaimSpec spec =
          c.bySelector()
              ? IPClaimSpec.fromSelector(
                  c.family(),
                  length,
                  c.target() == 0
                      ? PoolSelector.matching(Map.of())
                      : PoolSelector.matching(Map.of("tier", TIERS.get(c.target() % 2))))
              : IPClaimSpec.fromPool(c.family(), length, POOL_NAMES.get(c.target()));
      engine.applyClaim(
          IPClaim.of(
              P,
              "k" + c.index(),
              spec.withReclaimPolicy(c.retain() ? ReclaimPolicy.Retain : ReclaimPolicy.Delete)));
    } else if (op instanceof DeleteClaim d) {
      engine.deleteClaim(P, "k" + d.index());
    } else if (op instanceof DeleteRetained d) {
      List<IPAllocation> retained =
          engine.listAllocations(P).stream().filter(a -> a.spec().isRetained()).toList();
      if (!retained.isEmpty()) {
        engine.deleteAllocation(P, retained.get(d.which() % retained.size()).metadata().name());
      }
    } else if (op instanceof DeletePool d) {
      engine.deletePool(P, POOL_NAMES.get(d.pool()));
    } else if (op instanceof ClaimAt c) {
      int length = 24 + c.extraBits();
      Cidr block =
          Cidr.parse("10.0.0.0/23")
              .subBlock(length, BigInteger.valueOf(c.offset() % (1 << (length - 23))));
      String address = block.toString().substring(0, block.toString().indexOf('/'));
      engine.applyClaim(
          IPClaim.of(
              P,
              "k" + c.index(),
              IPClaimSpec.fromPool(IpFamily.IPv4, length, POOL_NAMES.get(c.target()))
                  .withAddress(address)));
    } else if (op instanceof Reserve r) {
      String name = POOL_NAMES.get(r.pool());
      engine
          .getPool(P, name)
          .ifPresent(
              p -> {
                Cidr block = p.status().allocatedCIDR().orElseThrow();
                engine.applyPool(
                    IPPool.of(P, name, p.spec().withReservations(shape(block, r.shape())))
                        .withLabels(p.metadata().labels()));
              });
    }
  }

  /** Reservations of a few shapes: none, the edges, a quarter, a half and a first address. */
  static Reservations shape(Cidr block, int shape) {
    int bits = block.family().bits();
    int length = block.prefixLength();
    return switch (shape) {
      case 1 -> Reservations.edges(1, 1, bits);
      case 2 -> Reservations.edges(2, 0, Math.min(bits, length + 3));
      case 3 ->
          length + 2 <= bits
              ? Reservations.of(block.subBlock(length + 2, BigInteger.ONE).toString())
              : Reservations.none();
      case 4 ->
          length + 1 < bits
              ? new Reservations(
                  1,
                  0,
                  OptionalInt.of(bits),
                  List.of(block.subBlock(length + 1, BigInteger.ONE).toString()))
              : Reservations.none();
      default -> Reservations.none();
    };
  }

  /** Random histories of 10 to 60 steps over one project. */
  public static Arbitrary<List<Op>> histories() {
    Arbitrary<Integer> claims = Arbitraries.integers().between(0, 7);
    Arbitrary<Integer> pools = Arbitraries.integers().between(0, POOL_NAMES.size() - 1);
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Combinators.combine(
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1))
                    .as(CreateRoot::new)),
            Tuple.of(
                3,
                Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 3), Tuple.of(1, 4)),
                        Arbitraries.integers().between(1, 3))
                    .as(CreateChild::new)),
            Tuple.of(
                1,
                Combinators.combine(pools, Arbitraries.integers().between(0, 1)).as(Relabel::new)),
            Tuple.of(
                8,
                Combinators.combine(
                        claims,
                        Arbitraries.of(IpFamily.class),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(true, false),
                        pools,
                        Arbitraries.of(true, false))
                    .as(Claim::new)),
            Tuple.of(4, claims.map(DeleteClaim::new)),
            Tuple.of(1, Arbitraries.integers().between(0, 7).map(DeleteRetained::new)),
            Tuple.of(2, pools.map(DeletePool::new)),
            Tuple.of(
                2,
                Combinators.combine(pools, Arbitraries.integers().between(0, 4)).as(Reserve::new)),
            Tuple.of(
                3,
                Combinators.combine(
                        claims,
                        pools,
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 31))
                    .as(ClaimAt::new)));
    return op.list().ofMinSize(10).ofMaxSize(60);
  }
}
