package org.ipam4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ipam4j.net.Cidr;
import org.junit.jupiter.api.Test;

/** The peers must be correct for the comparison to mean anything. */
class PeersTest {

  @Test
  void sortedScanGivesTheSameFirstFitBlocksAsIpam4j() {
    for (String pool : List.of("10.0.0.0/20", "2001:db8::/116")) {
      Ipam4jAllocator ours = new Ipam4jAllocator(Cidr.parse(pool));
      SortedScanAllocator scan = new SortedScanAllocator(Cidr.parse(pool));
      int bits = pool.contains(":") ? 128 : 32;
      Random random = new Random(42);
      List<Object> oursHeld = new ArrayList<>();
      List<Object> scanHeld = new ArrayList<>();
      for (int step = 0; step < 2_000; step++) {
        if (!oursHeld.isEmpty() && random.nextInt(3) == 0) {
          int i = random.nextInt(oursHeld.size());
          ours.release(oursHeld.remove(i));
          scan.release(scanHeld.remove(i));
        } else {
          int length = bits - random.nextInt(6);
          Object a;
          try {
            a = ours.allocate(length);
          } catch (RuntimeException exhausted) {
            continue;
          }
          long[] b = (long[]) scan.allocate(length);
          Cidr expected = (Cidr) a;
          assertThat(new long[] {expected.high(), expected.low(), expected.prefixLength()})
              .containsExactly(b);
          oursHeld.add(a);
          scanHeld.add(b);
        }
      }
    }
  }

  @Test
  void sortedScanPreloadEqualsRepeatedAllocation() {
    for (String pool : List.of("10.0.0.0/8", "2001:db8::/32")) {
      int length = pool.contains(":") ? 64 : 24;
      SortedScanAllocator preloaded = new SortedScanAllocator(Cidr.parse(pool));
      SortedScanAllocator allocated = new SortedScanAllocator(Cidr.parse(pool));
      preloaded.preload(length, 300);
      for (int i = 0; i < 300; i++) {
        allocated.allocate(length);
      }
      assertThat(preloaded.allocate(length)).isEqualTo(allocated.allocate(length));
      assertThat(preloaded.allocate(length - 1)).isEqualTo(allocated.allocate(length - 1));
    }
  }

  @Test
  void everyPeerHandsOutDistinctBlocks() {
    for (Peer peer : Peer.values()) {
      BlockAllocator allocator = peer.create("10.0.0.0/16");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 256; i++) {
        Object block = allocator.allocate(24);
        String text = block instanceof long[] l ? l[1] + "/" + l[2] : block.toString();
        assertThat(seen.add(text)).as("%s handed out %s twice", peer, text).isTrue();
      }
    }
  }
}
