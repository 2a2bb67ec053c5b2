package org.ipam4j.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.NotFoundException;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.ReferenceAllocator;

/** The allocator against {@link ReferenceAllocator} over random histories. */
class PrefixAllocatorProperties {

  /** One step of a history. Depths are relative to the pool and clipped to what it allows. */
  sealed interface Op {}

  record Allocate(int depth, Strategy strategy) implements Op {}

  record AllocateSpecific(int depth, long position) implements Op {}

  /** Releases the {@code index}-th allocated block (mod count), or a random block if none. */
  record ReleaseExisting(int index) implements Op {}

  record ReleaseArbitrary(int depth, long position) implements Op {}

  /** Asks whether a block is allocated, which must not change what the allocator holds. */
  record Probe(int depth, long position) implements Op {}

  record History(Cidr pool, List<Op> ops) {}

  @Property(tries = 1000)
  void everyOperationMatchesTheReferenceModel(@ForAll("histories") History history) {
    PrefixAllocator allocator = new PrefixAllocator(history.pool());
    ReferenceAllocator model = new ReferenceAllocator(history.pool());
    for (Op op : history.ops()) {
      apply(op, allocator, model, history.pool());
      checkInvariants(allocator, model);
    }
  }

  @Property(tries = 1000)
  void releasingEverythingRestoresOneFreeRoot(@ForAll("histories") History history) {
    PrefixAllocator allocator = new PrefixAllocator(history.pool());
    ReferenceAllocator model = new ReferenceAllocator(history.pool());
    for (Op op : history.ops()) {
      apply(op, allocator, model, history.pool());
    }
    for (Cidr block : allocator.allocatedBlocks()) {
      allocator.release(block);
    }
    assertThat(allocator.freeBlocks()).containsExactly(history.pool());
    assertThat(allocator.allocatedBlocks()).isEmpty();
    assertThat(allocator.usage().available()).isEqualTo(history.pool().size());
    assertThat(allocator.usage().largestFreePrefix()).hasValue(history.pool().prefixLength());
  }

  @Property(tries = 1000)
  void rebuildFromAllocatedBlocksGivesTheSameAllocator(@ForAll("histories") History history) {
    PrefixAllocator allocator = new PrefixAllocator(history.pool());
    ReferenceAllocator model = new ReferenceAllocator(history.pool());
    for (Op op : history.ops()) {
      apply(op, allocator, model, history.pool());
    }
    PrefixAllocator rebuilt = PrefixAllocator.rebuild(history.pool(), allocator.allocatedBlocks());
    assertThat(rebuilt.allocatedBlocks()).isEqualTo(allocator.allocatedBlocks());
    assertThat(rebuilt.freeBlocks()).isEqualTo(allocator.freeBlocks());
    assertThat(rebuilt.usage()).isEqualTo(allocator.usage());
    for (Strategy s : Strategy.values()) {
      int length = history.pool().family().bits();
      assertThat(tryAllocate(rebuilt, length, s)).isEqualTo(tryAllocate(allocator, length, s));
    }
  }

  private static Optional<Cidr> tryAllocate(PrefixAllocator a, int length, Strategy s) {
    try {
      return Optional.of(a.allocate(length, s));
    } catch (ExhaustedException e) {
      return Optional.empty();
    }
  }

  private static void apply(Op op, PrefixAllocator allocator, ReferenceAllocator model, Cidr pool) {
    int maxDepth = pool.family().bits() - pool.prefixLength();
    if (op instanceof Allocate a) {
      int length = pool.prefixLength() + Math.min(a.depth(), maxDepth);
      Optional<Cidr> expected = model.allocate(length, a.strategy());
      if (expected.isPresent()) {
        assertThat(allocator.allocate(length, a.strategy())).isEqualTo(expected.get());
      } else {
        assertThatThrownBy(() -> allocator.allocate(length, a.strategy()))
            .isInstanceOf(ExhaustedException.class);
      }
    } else if (op instanceof AllocateSpecific s) {
      Cidr block = blockIn(pool, s.depth(), s.position(), model);
      Optional<Cidr> expected = model.allocateSpecific(block);
      if (expected.isPresent()) {
        assertThat(allocator.allocateSpecific(block)).isEqualTo(block);
      } else {
        assertThatThrownBy(() -> allocator.allocateSpecific(block))
            .isInstanceOf(ConflictException.class);
      }
    } else if (op instanceof ReleaseExisting r) {
      List<Cidr> held = model.allocatedBlocks();
      if (!held.isEmpty()) {
        Cidr block = held.get(Math.floorMod(r.index(), held.size()));
        assertThat(model.release(block)).isTrue();
        allocator.release(block);
      }
    } else if (op instanceof ReleaseArbitrary r) {
      Cidr block = blockIn(pool, r.depth(), r.position(), model);
      if (model.release(block)) {
        allocator.release(block);
      } else {
        assertThatThrownBy(() -> allocator.release(block)).isInstanceOf(NotFoundException.class);
      }
    } else if (op instanceof Probe p) {
      Cidr block = blockIn(pool, p.depth(), p.position(), model);
      assertThat(allocator.isAllocated(block)).isEqualTo(model.allocatedBlocks().contains(block));
    }
  }

  private static Cidr blockIn(Cidr pool, int depth, long position, ReferenceAllocator model) {
    int maxDepth = pool.family().bits() - pool.prefixLength();
    int d = Math.min(depth, maxDepth);
    BigInteger slots = BigInteger.ONE.shiftLeft(d);
    BigInteger slot = BigInteger.valueOf(position).mod(slots);
    BigInteger address =
        pool.addressValue().add(slot.shiftLeft(pool.family().bits() - pool.prefixLength() - d));
    return model.cidrOf(address, pool.prefixLength() + d);
  }

  private static void checkInvariants(PrefixAllocator allocator, ReferenceAllocator model) {
    List<Cidr> held = allocator.allocatedBlocks();
    assertThat(held).isEqualTo(model.allocatedBlocks());
    Cidr pool = allocator.pool();
    for (int i = 0; i < held.size(); i++) {
      assertThat(pool.contains(held.get(i))).isTrue();
      if (i > 0) {
        assertThat(held.get(i - 1).overlaps(held.get(i))).isFalse();
      }
    }
    List<Cidr> free = allocator.freeBlocks();
    assertThat(free).isEqualTo(model.freeBlocks());
    PoolUsage usage = allocator.usage();
    assertThat(usage.allocated().add(usage.available())).isEqualTo(usage.total());
    assertThat(usage.allocated()).isEqualTo(model.allocatedAddresses());
    assertThat(allocator.allocatedAddresses()).isEqualTo(usage.allocated());
    assertThat(allocator.availableAddresses()).isEqualTo(usage.available());
    assertThat(allocator.largestFreePrefix()).isEqualTo(usage.largestFreePrefix());
    assertThat(allocator.utilizationPercent()).isEqualTo(usage.utilizationPercent());
    // The model's share: floor(allocated * 10^6 / total) ten-thousandths of a percent.
    java.math.BigDecimal expected =
        new java.math.BigDecimal(
            model
                .allocatedAddresses()
                .multiply(java.math.BigInteger.valueOf(1_000_000))
                .divide(usage.total()),
            4);
    assertThat(allocator.utilizationPercent()).isEqualByComparingTo(expected);
    assertThat(usage.allocatedBlocks()).isEqualTo(held.size());
    assertThat(usage.freeBlocksByPrefixLength()).isEqualTo(model.freeBlockCounts());
    Optional<Integer> largest = free.stream().map(Cidr::prefixLength).min(Integer::compare);
    assertThat(usage.largestFreePrefix().isPresent()).isEqualTo(largest.isPresent());
    largest.ifPresent(l -> assertThat(usage.largestFreePrefix().getAsInt()).isEqualTo(l));
    for (Cidr block : held) {
      assertThat(allocator.isAllocated(block)).isTrue();
    }
  }

  @Provide
  Arbitrary<History> histories() {
    Arbitrary<Cidr> pools =
        Arbitraries.oneOf(smallPools(IpFamily.IPv4), smallPools(IpFamily.IPv6), largePools());
    return pools.flatMap(pool -> ops(pool).list().ofMaxSize(60).map(ops -> new History(pool, ops)));
  }

  /** Pools a few levels deep, where histories fill them and exhaustion is common. */
  private Arbitrary<Cidr> smallPools(IpFamily family) {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 8))
        .as((high, low, depth) -> anyBlock(family, high, low, family.bits() - depth));
  }

  /** Pools of any size, IPv6 /0 and IPv4 /0 included, where allocations go deep. */
  private Arbitrary<Cidr> largePools() {
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 32))
            .as((v, len) -> anyBlock(IpFamily.IPv4, 0, v, len)),
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
            .as((h, l, len) -> anyBlock(IpFamily.IPv6, h, l, len)));
  }

  private static Cidr anyBlock(IpFamily family, long high, long low, int length) {
    if (family == IpFamily.IPv4) {
      int address = (int) low;
      return Cidr.ipv4(length == 0 ? 0 : address & (-1 << (32 - length)), length);
    }
    long highMask = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    return Cidr.ipv6(high & highMask, low & lowMask, length);
  }

  private Arbitrary<Op> ops(Cidr pool) {
    int maxDepth = pool.family().bits() - pool.prefixLength();
    // Mostly shallow requests so that blocks collide, sometimes the deepest one allowed.
    Arbitrary<Integer> depths =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, Math.min(maxDepth, 6)),
            Arbitraries.integers().between(0, maxDepth));
    // Low slots collide; any slot reaches the far end of a large pool, where a block lies off the
    // way down that first fit keeps to.
    Arbitrary<Long> positions =
        Arbitraries.oneOf(Arbitraries.longs().between(0, 255), Arbitraries.longs());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(
            6, Combinators.combine(depths, Arbitraries.of(Strategy.class)).as(Allocate::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(depths, positions).as(AllocateSpecific::new)),
        net.jqwik.api.Tuple.of(
            3, Arbitraries.integers().between(0, 1000).map(ReleaseExisting::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(depths, positions).as(ReleaseArbitrary::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(depths, positions).as(Probe::new)));
  }
}
