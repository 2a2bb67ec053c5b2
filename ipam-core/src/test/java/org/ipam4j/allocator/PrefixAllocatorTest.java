package org.ipam4j.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ipam4j.allocator.Strategy.BestFit;
import static org.ipam4j.allocator.Strategy.FirstFit;
import static org.ipam4j.allocator.Strategy.LeastUtilized;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.NotFoundException;
import org.ipam4j.net.Cidr;
import org.junit.jupiter.api.Test;

class PrefixAllocatorTest {

  private static Cidr c(String text) {
    return Cidr.parse(text);
  }

  @Test
  void firstFitHandsOutAscendingBlocks() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    assertThat(a.allocate(24, FirstFit)).isEqualTo(c("10.0.0.0/24"));
    assertThat(a.allocate(24, FirstFit)).isEqualTo(c("10.0.1.0/24"));
    assertThat(a.allocate(25, FirstFit)).isEqualTo(c("10.0.2.0/25"));
    assertThat(a.allocate(23, FirstFit)).isEqualTo(c("10.0.4.0/23"));
    assertThat(a.allocate(26, FirstFit)).isEqualTo(c("10.0.2.128/26"));
  }

  @Test
  void firstFitReusesTheLowestFreedBlock() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    for (int i = 0; i < 4; i++) {
      a.allocate(24, FirstFit);
    }
    a.release(c("10.0.1.0/24"));
    assertThat(a.allocate(24, FirstFit)).isEqualTo(c("10.0.1.0/24"));
  }

  @Test
  void bestFitTakesTheSmallestFreeBlockThatFits() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    a.allocateSpecific(c("10.0.0.0/24"));
    a.allocateSpecific(c("10.0.2.0/24"));
    a.allocateSpecific(c("10.0.3.0/25"));
    // Free: 10.0.1.0/24, 10.0.3.128/25, 10.0.4.0/22, ... FirstFit would take 10.0.1.0/26.
    assertThat(a.allocate(26, BestFit)).isEqualTo(c("10.0.3.128/26"));
    assertThat(a.allocate(26, FirstFit)).isEqualTo(c("10.0.1.0/26"));
    // Ties on size go to the lower address.
    assertThat(a.allocate(26, BestFit)).isEqualTo(c("10.0.1.64/26"));
  }

  @Test
  void leastUtilizedSpreadsClaimsApart() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/8"));
    assertThat(a.allocate(24, LeastUtilized)).isEqualTo(c("10.0.0.0/24"));
    assertThat(a.allocate(24, LeastUtilized)).isEqualTo(c("10.128.0.0/24"));
    assertThat(a.allocate(24, LeastUtilized)).isEqualTo(c("10.64.0.0/24"));
    assertThat(a.allocate(24, LeastUtilized)).isEqualTo(c("10.192.0.0/24"));
  }

  @Test
  void ipv6PoolsWorkAtEveryDepth() {
    PrefixAllocator a = new PrefixAllocator(c("2001:db8::/32"));
    assertThat(a.allocate(64, FirstFit)).isEqualTo(c("2001:db8::/64"));
    assertThat(a.allocate(64, FirstFit)).isEqualTo(c("2001:db8:0:1::/64"));
    assertThat(a.allocate(128, FirstFit)).isEqualTo(c("2001:db8:0:2::/128"));
    assertThat(a.allocate(128, FirstFit)).isEqualTo(c("2001:db8:0:2::1/128"));
    assertThat(a.allocate(48, FirstFit)).isEqualTo(c("2001:db8:1::/48"));
  }

  @Test
  void slashZeroPoolsAreExact() {
    PrefixAllocator v6 = new PrefixAllocator(c("::/0"));
    assertThat(v6.usage().total()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(v6.usage().available()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(v6.allocate(128, FirstFit)).isEqualTo(c("::/128"));
    assertThat(v6.usage().available()).isEqualTo(BigInteger.TWO.pow(128).subtract(BigInteger.ONE));
    assertThat(v6.usage().largestFreePrefix()).hasValue(1);
    assertThat(v6.usage().freeBlocksByPrefixLength()).hasSize(128);
    assertThat(v6.allocate(1, FirstFit)).isEqualTo(c("8000::/1"));
    v6.release(c("::/128"));
    v6.release(c("8000::/1"));
    assertThat(v6.freeBlocks()).containsExactly(c("::/0"));

    PrefixAllocator whole = new PrefixAllocator(c("0.0.0.0/0"));
    assertThat(whole.allocate(0, BestFit)).isEqualTo(c("0.0.0.0/0"));
    assertThat(whole.usage().exhausted()).isTrue();
    assertThat(whole.usage().utilizationPercent()).isEqualTo(java.math.BigDecimal.valueOf(100));
    assertThat(whole.usage().largestFreePrefix()).isEmpty();
    assertThat(whole.allocatedAddresses()).isEqualTo(BigInteger.TWO.pow(32));
    PrefixAllocator all6 = new PrefixAllocator(c("::/0"));
    all6.allocate(0, FirstFit);
    assertThat(all6.allocatedAddresses()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(all6.availableAddresses()).isZero();
    assertThat(all6.utilizationPercent()).isEqualTo(java.math.BigDecimal.valueOf(100));
    PrefixAllocator halves = new PrefixAllocator(c("::/0"));
    halves.allocate(1, FirstFit);
    halves.allocate(1, FirstFit);
    assertThat(halves.allocatedAddresses()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(halves.utilizationPercent()).isEqualTo(java.math.BigDecimal.valueOf(100));
    assertThatThrownBy(() -> whole.allocate(32, FirstFit)).isInstanceOf(ExhaustedException.class);
  }

  @Test
  void singleAddressPools() {
    PrefixAllocator a = new PrefixAllocator(c("192.0.2.7/32"));
    assertThat(a.allocate(32, FirstFit)).isEqualTo(c("192.0.2.7/32"));
    assertThatThrownBy(() -> a.allocate(32, FirstFit))
        .isInstanceOf(ExhaustedException.class)
        .hasMessage("prefixLength: no free /32 left in 192.0.2.7/32 (the pool is full)");
    a.release(c("192.0.2.7/32"));
    assertThat(a.allocate(32, LeastUtilized)).isEqualTo(c("192.0.2.7/32"));
  }

  @Test
  void rejectsPrefixLengthsOutsideTheFamilyOrPool() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    assertThatThrownBy(() -> a.allocate(33, FirstFit))
        .isInstanceOf(InvalidException.class)
        .hasMessage("prefixLength: 33 is not a valid IPv4 prefix length (0-32)");
    assertThatThrownBy(() -> a.allocate(-1, FirstFit)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> a.allocate(8, FirstFit))
        .isInstanceOf(InvalidException.class)
        .hasMessage("prefixLength: /8 is larger than the pool 10.0.0.0/16");
    assertThatThrownBy(() -> new PrefixAllocator(c("2001:db8::/32")).allocate(129, FirstFit))
        .hasMessage("prefixLength: 129 is not a valid IPv6 prefix length (0-128)");
    assertThat(a.allocatedBlockCount()).isZero();
  }

  @Test
  void exhaustionNamesTheLargestFreeBlock() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/24"));
    a.allocate(25, FirstFit);
    a.allocate(26, FirstFit);
    assertThatThrownBy(() -> a.allocate(25, FirstFit))
        .isInstanceOf(ExhaustedException.class)
        .hasMessage("prefixLength: no free /25 left in 10.0.0.0/24 (largest free block is /26)");
    assertThat(a.allocate(26, FirstFit)).isEqualTo(c("10.0.0.192/26"));
    assertThat(a.usage().exhausted()).isTrue();
  }

  @Test
  void allocateSpecificTakesExactlyThatBlockOrNamesTheOverlap() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    assertThat(a.allocateSpecific(c("10.0.7.0/24"))).isEqualTo(c("10.0.7.0/24"));
    assertThatThrownBy(() -> a.allocateSpecific(c("10.0.7.0/24")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("cidr: 10.0.7.0/24 is already allocated in 10.0.0.0/16");
    assertThatThrownBy(() -> a.allocateSpecific(c("10.0.7.128/25")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("cidr: 10.0.7.128/25 overlaps the allocated block 10.0.7.0/24 in 10.0.0.0/16");
    assertThatThrownBy(() -> a.allocateSpecific(c("10.0.0.0/20")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("cidr: 10.0.0.0/20 overlaps the allocated block 10.0.7.0/24 in 10.0.0.0/16");
    assertThatThrownBy(() -> a.allocateSpecific(c("10.1.0.0/24")))
        .isInstanceOf(InvalidException.class)
        .hasMessage("cidr: 10.1.0.0/24 is not inside the pool 10.0.0.0/16");
    assertThatThrownBy(() -> a.allocateSpecific(c("2001:db8::/64")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("is IPv6 but the pool 10.0.0.0/16 is IPv4");
    assertThat(a.allocatedBlocks()).containsExactly(c("10.0.7.0/24"));
    assertThat(a.allocate(21, FirstFit)).isEqualTo(c("10.0.8.0/21"));
  }

  @Test
  void releaseRefusesDoubleFreesAndForeignBlocks() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    Cidr block = a.allocate(24, FirstFit);
    a.release(block);
    assertThatThrownBy(() -> a.release(block))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cidr: 10.0.0.0/24 is not allocated in 10.0.0.0/16 (it is free)");
    a.allocateSpecific(c("10.0.4.0/22"));
    assertThatThrownBy(() -> a.release(c("10.0.5.0/24")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageEndingWith("(it lies inside the allocated block 10.0.4.0/22)");
    assertThatThrownBy(() -> a.release(c("10.0.0.0/20")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageEndingWith("(it contains the allocated block 10.0.4.0/22)");
    assertThatThrownBy(() -> a.release(c("192.168.0.0/24"))).isInstanceOf(InvalidException.class);
    assertThat(a.allocatedBlocks()).containsExactly(c("10.0.4.0/22"));
  }

  @Test
  void releasingEverythingCoalescesToOneFreeRoot() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/22"));
    List<Cidr> blocks =
        List.of(
            a.allocate(24, FirstFit),
            a.allocate(26, BestFit),
            a.allocate(32, LeastUtilized),
            a.allocate(25, FirstFit),
            a.allocate(30, BestFit));
    assertThat(a.freeBlocks()).hasSizeGreaterThan(1);
    for (Cidr b : blocks) {
      a.release(b);
    }
    assertThat(a.freeBlocks()).containsExactly(c("10.0.0.0/22"));
    assertThat(a.usage().freeBlocksByPrefixLength()).isEqualTo(Map.of(22, 1L));
    assertThat(a.usage().fragmentation()).isZero();
  }

  @Test
  void usageIsExact() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/24"));
    a.allocate(26, FirstFit); // 64
    a.allocate(28, FirstFit); // 16
    PoolUsage u = a.usage();
    assertThat(u.total()).isEqualTo(BigInteger.valueOf(256));
    assertThat(u.allocated()).isEqualTo(BigInteger.valueOf(80));
    assertThat(u.available()).isEqualTo(BigInteger.valueOf(176));
    assertThat(u.allocatedBlocks()).isEqualTo(2);
    assertThat(u.utilizationPercent()).isEqualTo(new java.math.BigDecimal("31.25"));
    assertThat(u.largestFreePrefix()).hasValue(25);
    assertThat(u.freeBlocksByPrefixLength()).isEqualTo(Map.of(25, 1L, 27, 1L, 28, 1L));
    // 176 free, the largest block holds 128: 48/176 lies outside it.
    assertThat(u.fragmentation()).isEqualTo(48.0 / 176.0);
    assertThat(a.availableBlocks(24)).isZero();
    assertThat(a.availableBlocks(25)).isEqualTo(BigInteger.ONE);
    assertThat(a.availableBlocks(28)).isEqualTo(BigInteger.valueOf(8 + 2 + 1));
    assertThat(a.availableBlocks(32)).isEqualTo(BigInteger.valueOf(176));
  }

  @Test
  void utilizationHasFourDecimalsRoundedDown() {
    PrefixAllocator v4 = new PrefixAllocator(c("10.0.0.0/16"));
    v4.allocate(24, FirstFit);
    assertThat(v4.utilizationPercent().toPlainString()).isEqualTo("0.3906");
    assertThat(v4.usage().utilizationPercent().toPlainString()).isEqualTo("0.3906");
    PrefixAllocator v6 = new PrefixAllocator(c("2001:db8::/48"));
    v6.allocate(64, FirstFit); // 1/65536 = 0.00152587...%
    assertThat(v6.utilizationPercent().toPlainString()).isEqualTo("0.0015");
    assertThat(v6.usage().utilizationPercent().toPlainString()).isEqualTo("0.0015");
    PrefixAllocator tiny = new PrefixAllocator(c("10.0.0.0/8"));
    tiny.allocate(32, FirstFit); // 1/2^24 of the pool rounds down to 0
    assertThat(tiny.utilizationPercent().toPlainString()).isEqualTo("0");
    PrefixAllocator nearlyFull = new PrefixAllocator(c("10.0.0.0/8"));
    nearlyFull.allocateSpecific(c("10.0.0.0/9"));
    nearlyFull.allocateSpecific(c("10.128.0.0/10"));
    assertThat(nearlyFull.utilizationPercent().toPlainString()).isEqualTo("75");
  }

  @Test
  void ipv6UsageDoesNotSaturate() {
    PrefixAllocator a = new PrefixAllocator(c("2001:db8::/32"));
    a.allocate(33, FirstFit);
    PoolUsage u = a.usage();
    assertThat(u.total()).isEqualTo(BigInteger.TWO.pow(96));
    assertThat(u.allocated()).isEqualTo(BigInteger.TWO.pow(95));
    assertThat(u.utilizationPercent()).isEqualTo(java.math.BigDecimal.valueOf(50));
    assertThat(a.availableBlocks(64)).isEqualTo(BigInteger.TWO.pow(31));
  }

  @Test
  void rebuildRestoresTheSameTree() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    for (int i = 0; i < 10; i++) {
      a.allocate(20 + i % 9, i % 2 == 0 ? FirstFit : BestFit);
    }
    PrefixAllocator b = PrefixAllocator.rebuild(a.pool(), a.allocatedBlocks());
    assertThat(b.allocatedBlocks()).isEqualTo(a.allocatedBlocks());
    assertThat(b.freeBlocks()).isEqualTo(a.freeBlocks());
    assertThat(b.usage()).isEqualTo(a.usage());
    assertThat(b.allocate(27, BestFit)).isEqualTo(a.allocate(27, BestFit));
  }

  @Test
  void rebuildRejectsOverlaps() {
    assertThatThrownBy(
            () ->
                PrefixAllocator.rebuild(
                    c("10.0.0.0/16"), List.of(c("10.0.0.0/24"), c("10.0.0.128/25"))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("10.0.0.128/25 overlaps the allocated block 10.0.0.0/24");
  }

  @Test
  void isAllocatedMeansExactly() {
    PrefixAllocator a = new PrefixAllocator(c("10.0.0.0/16"));
    a.allocateSpecific(c("10.0.4.0/22"));
    assertThat(a.isAllocated(c("10.0.4.0/22"))).isTrue();
    assertThat(a.isAllocated(c("10.0.4.0/24"))).isFalse();
    assertThat(a.isAllocated(c("10.0.0.0/20"))).isFalse();
    assertThat(a.isAllocated(c("11.0.0.0/8"))).isFalse();
  }

  @Test
  void deepIpv6TreesStayConsistent() {
    PrefixAllocator a = new PrefixAllocator(c("2000::/3"));
    Cidr x = a.allocate(128, FirstFit);
    Cidr y = a.allocate(128, FirstFit);
    assertThat(x).isEqualTo(c("2000::/128"));
    assertThat(y).isEqualTo(c("2000::1/128"));
    assertThat(a.usage().freeBlocksByPrefixLength()).hasSize(124);
    assertThat(a.allocate(4, LeastUtilized)).isEqualTo(c("3000::/4"));
    a.release(x);
    a.release(y);
    assertThat(a.freeBlocks()).containsExactly(c("2000::/4"));
  }
}
