package org.ipam4j.engine;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.ConflictException;
import org.ipam4j.InvalidException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.Reservations;
import org.ipam4j.net.Cidr;

/**
 * A pool's {@code spec.reservations} as blocks: which blocks they name inside the pool (checked),
 * and the IPAllocations of purpose {@code Reservation} that hold them, planned when a pool is
 * created, when its reservations change and when it is deleted.
 */
final class ReservedBlocks {

  /**
   * At most this many reserved blocks per pool: each is an IPAllocation, and a reservation is for a
   * gateway or a range, not for a million objects from one line of YAML.
   */
  static final int MAX_BLOCKS = 1024;

  private ReservedBlocks() {}

  /**
   * The blocks {@code r} reserves inside {@code pool}, in address order: the leading ones, the
   * listed ones and the trailing ones, each checked (inside the pool, of its family, none
   * overlapping another).
   *
   * @throws InvalidException naming every field that is wrong
   */
  static List<Cidr> of(Reservations r, Cidr pool) {
    List<InvalidException.Violation> wrong = new ArrayList<>();
    List<Cidr> blocks = new ArrayList<>();
    Map<Cidr, String> fieldOf = new LinkedHashMap<>();
    if (r.leading() < 0) {
      wrong.add(new InvalidException.Violation("spec.reservations.leading", "must be 0 or more"));
    }
    if (r.trailing() < 0) {
      wrong.add(new InvalidException.Violation("spec.reservations.trailing", "must be 0 or more"));
    }
    long edges = Math.max(0, r.leading()) + (long) Math.max(0, r.trailing());
    OptionalInt unit = r.unitPrefixLength();
    if (edges > 0 && unit.isEmpty()) {
      wrong.add(
          new InvalidException.Violation(
              "spec.reservations.unitPrefixLength",
              "is required when leading or trailing is set: the size of one reserved block"));
    } else if (unit.isPresent()
        && (unit.getAsInt() < pool.prefixLength() || unit.getAsInt() > pool.family().bits())) {
      wrong.add(
          new InvalidException.Violation(
              "spec.reservations.unitPrefixLength",
              unit.getAsInt()
                  + " is not a block inside the pool's "
                  + pool
                  + " (it must be "
                  + pool.prefixLength()
                  + "-"
                  + pool.family().bits()
                  + ")"));
    } else if (edges > 0) {
      int u = unit.getAsInt();
      BigInteger positions = BigInteger.ONE.shiftLeft(u - pool.prefixLength());
      if (BigInteger.valueOf(edges).compareTo(positions) > 0) {
        wrong.add(
            new InvalidException.Violation(
                "spec.reservations",
                "leading + trailing is "
                    + edges
                    + ", but "
                    + pool
                    + " holds only "
                    + positions
                    + " blocks of /"
                    + u));
      } else {
        for (int i = 0; i < r.leading(); i++) {
          Cidr b = pool.subBlock(u, BigInteger.valueOf(i));
          blocks.add(b);
          fieldOf.put(b, "spec.reservations.leading");
        }
        BigInteger last = positions.subtract(BigInteger.ONE);
        for (int i = r.trailing() - 1; i >= 0; i--) {
          Cidr b = pool.subBlock(u, last.subtract(BigInteger.valueOf(i)));
          blocks.add(b);
          fieldOf.put(b, "spec.reservations.trailing");
        }
      }
    }
    for (int i = 0; i < r.cidrs().size(); i++) {
      String field = "spec.reservations.cidrs[" + i + "]";
      Cidr b;
      try {
        b = Cidr.parse(field, r.cidrs().get(i));
      } catch (InvalidException e) {
        wrong.addAll(e.violations());
        continue;
      }
      if (!pool.contains(b)) {
        wrong.add(new InvalidException.Violation(field, b + " is not inside the pool's " + pool));
        continue;
      }
      Optional<Cidr> clash = blocks.stream().filter(b::overlaps).findFirst();
      if (clash.isPresent()) {
        wrong.add(
            new InvalidException.Violation(
                field,
                b + " overlaps " + clash.get() + ", reserved by " + fieldOf.get(clash.get())));
        continue;
      }
      blocks.add(b);
      fieldOf.put(b, field);
    }
    if (blocks.size() > MAX_BLOCKS) {
      wrong.add(
          new InvalidException.Violation(
              "spec.reservations",
              blocks.size()
                  + " blocks is more than the "
                  + MAX_BLOCKS
                  + " a pool may reserve; reserve fewer, larger blocks"));
    }
    if (!wrong.isEmpty()) {
      throw new InvalidException(wrong);
    }
    blocks.sort(null);
    return blocks;
  }

  /** Whether a pool's reservations name {@code block} (a spec that does not read names none). */
  static boolean names(IPPool pool, Cidr block) {
    Optional<Cidr> space = pool.status().allocatedCIDR();
    if (space.isEmpty()) {
      return false;
    }
    try {
      return of(pool.spec().reservations(), space.get()).contains(block);
    } catch (InvalidException e) {
      return false;
    }
  }

  /** {@code r} with each listed block in canonical text, as it is stored. */
  static Reservations canonical(Reservations r) {
    List<String> cidrs = new ArrayList<>(r.cidrs().size());
    for (String text : r.cidrs()) {
      cidrs.add(Cidr.tryParse(text).map(Cidr::toString).orElse(text));
    }
    return new Reservations(r.leading(), r.trailing(), r.unitPrefixLength(), cidrs);
  }

  /** The IPAllocation that holds one reserved block of a pool. */
  static IPAllocation allocation(IPPool pool, Cidr block, Instant now) {
    String project = pool.metadata().project();
    String name = pool.metadata().name();
    return new IPAllocation(
        ObjectMeta.of(project, IPAllocation.nameForReservation(project, name, block))
            .withIdentity(Statuses.newUid(), 1, now),
        IPAllocationSpec.reservation(block.family(), name),
        IPAllocationStatus.ready(block, now));
  }

  /**
   * Takes {@code blocks} in the tree of a pool the plan creates (nothing else holds any of it yet)
   * and stages their allocations.
   */
  static void reserveInNewPool(
      Plan plan, IPPool pool, PrefixAllocator tree, List<Cidr> blocks, Instant now) {
    for (Cidr b : blocks) {
      plan.allocateSpecific(tree, b);
      plan.put(allocation(pool, b, now));
    }
  }

  /**
   * Moves a stored pool's reservations from {@code was} to {@code want}: frees the blocks no longer
   * reserved and takes the new ones, refusing (409) a block some other allocation holds, naming it.
   *
   * @return whether a block was freed (waiting claims may fit)
   */
  static boolean change(
      Plan plan,
      IPPool pool,
      PrefixAllocator tree,
      List<Cidr> was,
      List<Cidr> want,
      List<IPAllocation> heldInPool,
      Instant now) {
    String project = pool.metadata().project();
    String name = pool.metadata().name();
    boolean freed = false;
    for (Cidr b : was) {
      if (!want.contains(b)) {
        Optional<IPAllocation> held =
            plan.get(
                IPAllocation.class, project, IPAllocation.nameForReservation(project, name, b));
        if (held.isPresent() && tree.isAllocated(b)) {
          plan.release(tree, b);
          plan.delete(held.get());
          freed = true;
        }
      }
    }
    List<String> conflicts = new ArrayList<>();
    for (Cidr b : want) {
      if (was.contains(b) && tree.isAllocated(b)) {
        continue;
      }
      try {
        plan.allocateSpecific(tree, b);
      } catch (ConflictException e) {
        conflicts.add(b + " is held by " + Holders.of(heldInPool, b, project));
        continue;
      }
      plan.put(allocation(pool, b, now));
    }
    if (!conflicts.isEmpty()) {
      throw new ConflictException(
          "spec.reservations: "
              + String.join("; ", conflicts)
              + "; free "
              + (conflicts.size() == 1 ? "that block" : "those blocks")
              + " first");
    }
    return freed;
  }
}
