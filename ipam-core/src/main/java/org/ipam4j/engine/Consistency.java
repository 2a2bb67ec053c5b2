package org.ipam4j.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipam4j.engine.StoreCheck.Finding;
import org.ipam4j.engine.StoreCheck.Problem;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.StoreContents;

/**
 * The store check: reads everything once and tests each rule against it, from scratch, trusting no
 * index. Read-only.
 */
final class Consistency {

  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, IPPool> pools = new HashMap<>();
  private final Map<String, IPClaim> claims = new HashMap<>();
  private final Map<String, IPAllocation> allocations = new HashMap<>();

  private Consistency() {}

  static StoreCheck of(StoreContents contents) {
    Consistency c = new Consistency();
    for (StoreContents.BadRow row : contents.badRows()) {
      c.add(Problem.UNREADABLE, row.problem());
    }
    for (IpamObject o : contents.objects()) {
      if (o instanceof IPPool p) {
        c.pools.put(p.metadata().key(), p);
      } else if (o instanceof IPClaim cl) {
        c.claims.put(cl.metadata().key(), cl);
      } else if (o instanceof IPAllocation a) {
        c.allocations.put(a.metadata().key(), a);
      }
    }
    c.rootPools();
    c.poolBlocks();
    c.allocationsByPool();
    c.claims();
    return new StoreCheck(c.findings, c.pools.size(), c.claims.size(), c.allocations.size());
  }

  private void add(Problem problem, String message) {
    findings.add(new Finding(problem, message));
  }

  private void rootPools() {
    Map<String, List<Named>> byProject = new HashMap<>();
    for (IPPool p : sorted(pools)) {
      p.rootBlock()
          .ifPresent(
              b ->
                  byProject
                      .computeIfAbsent(p.metadata().project(), k -> new ArrayList<>())
                      .add(new Named("IPPool " + p.metadata().key(), b)));
    }
    byProject.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> overlaps(e.getValue(), "root pools of project " + e.getKey()));
  }

  /**
   * Each pool's block is the one it owns: a root pool's {@code status.allocatedCIDR} is its {@code
   * spec.cidr}, a child pool's is the block its carve allocation holds in the parent.
   */
  private void poolBlocks() {
    for (IPPool pool : sorted(pools)) {
      Optional<Cidr> block = pool.status().allocatedCIDR();
      String key = pool.metadata().key();
      Optional<Cidr> root =
          pool.spec().isChild() ? Optional.empty() : pool.spec().cidr().flatMap(Cidr::tryParse);
      if (root.isPresent() && block.isPresent() && !root.equals(block)) {
        add(
            Problem.STATUS_DISAGREES,
            "IPPool "
                + key
                + " says it hands out "
                + block.get()
                + "; its spec.cidr is "
                + root.get());
      }
      if (pool.spec().isChild()) {
        String carveKey =
            pool.metadata().project()
                + "/"
                + IPAllocation.nameForChildPool(pool.metadata().project(), pool.metadata().name());
        IPAllocation carve = allocations.get(carveKey);
        if (carve == null) {
          add(
              Problem.MISSING_ALLOCATION,
              "child IPPool " + key + " has no carve allocation in its parent (" + carveKey + ")");
        } else if (block.isPresent() && !carve.status().allocatedCIDR().equals(block.get())) {
          add(
              Problem.STATUS_DISAGREES,
              "child IPPool "
                  + key
                  + " says it hands out "
                  + block.get()
                  + "; its carve "
                  + carveKey
                  + " holds "
                  + carve.status().allocatedCIDR());
        }
      }
    }
  }

  private void allocationsByPool() {
    Map<String, List<IPAllocation>> byPool = new HashMap<>();
    for (IPAllocation a : sorted(allocations)) {
      byPool.computeIfAbsent(poolKey(a), k -> new ArrayList<>()).add(a);
      holder(a);
    }
    for (String key : byPool.keySet().stream().sorted().toList()) {
      List<IPAllocation> held = byPool.getOrDefault(key, List.of());
      IPPool pool = pools.get(key);
      if (pool == null) {
        for (IPAllocation a : held) {
          add(
              Problem.ORPHANED_ALLOCATION,
              "IPAllocation "
                  + a.metadata().key()
                  + " holds "
                  + a.status().allocatedCIDR()
                  + " of IPPool "
                  + key
                  + ", which does not exist");
        }
        continue;
      }
      List<Named> blocks = new ArrayList<>();
      BigInteger sum = BigInteger.ZERO;
      Optional<Cidr> space = pool.status().allocatedCIDR();
      for (IPAllocation a : held) {
        Cidr block = a.status().allocatedCIDR();
        if (space.isPresent() && !space.get().contains(block)) {
          add(
              Problem.OUTSIDE_POOL,
              "IPAllocation "
                  + a.metadata().key()
                  + " holds "
                  + block
                  + ", which is not inside IPPool "
                  + key
                  + " ("
                  + space.get()
                  + ")");
        }
        blocks.add(new Named("IPAllocation " + a.metadata().key(), block));
        sum = sum.add(block.size());
      }
      overlaps(blocks, "blocks of IPPool " + key);
      Optional<BigInteger> said = pool.status().capacity().map(Capacity::allocated);
      if (said.isPresent() && !said.get().equals(sum)) {
        add(
            Problem.STATUS_DISAGREES,
            "IPPool "
                + key
                + " says "
                + said.get()
                + " addresses"
                + " allocated; its "
                + held.size()
                + " allocations hold "
                + sum);
      }
    }
    for (IPPool pool : sorted(pools)) {
      Optional<BigInteger> said = pool.status().capacity().map(Capacity::allocated);
      if (!byPool.containsKey(pool.metadata().key())
          && said.isPresent()
          && said.get().signum() != 0) {
        add(
            Problem.STATUS_DISAGREES,
            "IPPool "
                + pool.metadata().key()
                + " says "
                + said.get()
                + " addresses allocated; it has no allocations");
      }
    }
  }

  /** An allocation's claim or child pool exists and holds it. */
  private void holder(IPAllocation a) {
    String project = a.metadata().project();
    String name = a.metadata().name();
    a.spec()
        .claimRef()
        .ifPresent(
            ref -> {
              IPClaim claim = claims.get(project + "/" + ref.name());
              if (claim == null) {
                orphaned(a, "IPClaim " + project + "/" + ref.name() + ", which does not exist");
              } else if (!claim
                  .status()
                  .boundAllocationRef()
                  .map(r -> r.name().equals(name))
                  .orElse(false)) {
                orphaned(a, "IPClaim " + claim.metadata().key() + ", which is not bound to it");
              }
            });
    a.spec()
        .childPoolRef()
        .ifPresent(
            ref -> {
              if (!pools.containsKey(project + "/" + ref.name())) {
                orphaned(
                    a, "child IPPool " + project + "/" + ref.name() + ", which does not exist");
              }
            });
    if (a.spec().isReservation()) {
      IPPool pool = pools.get(project + "/" + a.spec().poolRef().name());
      if (pool != null && !ReservedBlocks.names(pool, a.status().allocatedCIDR())) {
        orphaned(
            a,
            "IPPool "
                + pool.metadata().key()
                + " as a reservation, which its spec.reservations do not name");
      }
    }
  }

  private void orphaned(IPAllocation a, String holder) {
    add(
        Problem.ORPHANED_ALLOCATION,
        "IPAllocation "
            + a.metadata().key()
            + " ("
            + a.status().allocatedCIDR()
            + ") names "
            + holder);
  }

  private void claims() {
    for (IPClaim claim : sorted(claims)) {
      if (claim.status().boundAllocationRef().isEmpty()) {
        continue;
      }
      String ref = claim.status().boundAllocationRef().get().name();
      IPAllocation a = allocations.get(claim.metadata().project() + "/" + ref);
      if (a == null) {
        add(
            Problem.MISSING_ALLOCATION,
            "IPClaim "
                + claim.metadata().key()
                + " is bound to"
                + " IPAllocation "
                + ref
                + ", which does not exist");
      } else if (!claim.status().allocatedCIDR().equals(Optional.of(a.status().allocatedCIDR()))) {
        add(
            Problem.STATUS_DISAGREES,
            "IPClaim "
                + claim.metadata().key()
                + " says "
                + claim.status().allocatedCIDR().map(Cidr::toString).orElse("no block")
                + "; its IPAllocation "
                + ref
                + " holds "
                + a.status().allocatedCIDR());
      }
    }
  }

  /** A block and who holds it. */
  private record Named(String holder, Cidr block) {}

  /**
   * Every overlap among aligned blocks: sorted by start (larger first), a block overlaps the last
   * one not inside another only if that one contains it.
   */
  private void overlaps(List<Named> blocks, String what) {
    blocks.sort(Comparator.comparing(Named::block));
    Named cover = null;
    for (Named n : blocks) {
      if (cover != null && cover.block().overlaps(n.block())) {
        add(
            Problem.OVERLAP,
            n.holder()
                + " ("
                + n.block()
                + ") overlaps "
                + cover.holder()
                + " ("
                + cover.block()
                + "), among the "
                + what);
      } else {
        cover = n;
      }
    }
  }

  private static String poolKey(IPAllocation a) {
    return a.spec().poolRef().projectOr(a.metadata().project()) + "/" + a.spec().poolRef().name();
  }

  private static <T extends IpamObject> List<T> sorted(Map<String, T> byKey) {
    return byKey.keySet().stream().sorted().map(byKey::get).toList();
  }
}
