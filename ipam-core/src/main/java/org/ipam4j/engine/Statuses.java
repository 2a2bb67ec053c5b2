package org.ipam4j.engine;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.Condition;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.net.Cidr;

/** How every status the engine writes reads, and the engine's clock and identities. */
final class Statuses {

  static final String READY = "Ready";
  private static final String ALLOCATED = "Allocated";

  private final Clock clock;
  private final AtomicLong lastTimestamp = new AtomicLong();

  Statuses(Clock clock) {
    this.clock = clock;
  }

  /** Strictly increasing timestamps, so that arrival order is creation order within an engine. */
  Instant now() {
    Instant wall = clock.instant();
    long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    long stamped =
        lastTimestamp.accumulateAndGet(wallNanos, (last, next) -> Math.max(last + 1, next));
    return Instant.ofEpochSecond(0, stamped);
  }

  /**
   * The clock's own time, for leases and grace periods: they are compared with the clock's time
   * later, so that a period set to end at an instant ends at that instant.
   */
  Instant wallClock() {
    return clock.instant();
  }

  static String newUid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** A pool's status as its tree stands: capacity, largest free block, utilization, phase. */
  static IPPoolStatus pool(IPPool pool, Cidr cidr, PrefixAllocator tree, Instant now) {
    BigInteger allocated = tree.allocatedAddresses();
    BigInteger total = cidr.size();
    BigInteger available =
        total.bitLength() < 63
            ? BigInteger.valueOf(total.longValue() - allocated.longValue())
            : total.subtract(allocated);
    List<Condition> conditions = pool.status().conditions();
    if (conditions.isEmpty()) {
      conditions =
          List.of(
              new Condition(
                  ALLOCATED,
                  ConditionStatus.True,
                  "AllocationSucceeded",
                  (pool.spec().isChild() ? "carved " : "allocated ") + cidr,
                  now,
                  pool.metadata().generation()));
    }
    return new IPPoolStatus(
        available.signum() == 0 ? PoolPhase.Exhausted : PoolPhase.Ready,
        Optional.of(cidr),
        Optional.of(cidr.family()),
        Optional.of(new Capacity(total, allocated, available)),
        tree.largestFreePrefix(),
        tree.utilizationPercent(),
        conditions);
  }

  static IPClaimStatus pending(String reason, String message, long generation, Instant now) {
    return new IPClaimStatus(
        ClaimPhase.Pending,
        Optional.empty(),
        Optional.empty(),
        List.of(new Condition(READY, ConditionStatus.False, reason, message, now, generation)));
  }

  private static Optional<Condition> ready(IPClaim claim) {
    return claim.status().conditions().stream().filter(c -> c.type().equals(READY)).findFirst();
  }

  /** Whether a stored claim already waits for this reason, so that nothing needs writing. */
  static boolean waitsFor(IPClaim claim, String reason, String message) {
    Optional<Condition> ready = ready(claim);
    return claim.metadata().resourceVersion() != 0
        && ready.isPresent()
        && ready.get().reason().equals(reason)
        && ready.get().message().equals(message);
  }

  /** The block a stored pool hands out from. */
  static Cidr cidrOf(IPPool pool) {
    return pool.status()
        .allocatedCIDR()
        .orElseThrow(
            () ->
                new org.ipam4j.StorageException(
                    "stored IPPool " + pool.metadata().key() + " has no status.allocatedCIDR"));
  }
}
