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

  /**
   * The reference server's own allocator table, its BestFit cases (internal/allocation,
   * allocation_table_test.go: "BestFit_picks_smallest_hole", "BestFit_exhausted"), and the example
   * where the two BestFits part: a /20 with 10.0.4.0/23 taken, a /27 asked.
   */
  @Test
  void regionBestFitGivesTheReferenceTablesAnswers() {
    assertThat(
            referenceBestFit(
                "10.0.0.0/16", List.of("10.0.0.0/24", "10.0.2.0/23", "10.0.8.0/21"), 24))
        .isEqualTo("10.0.1.0/24");
    assertThat(referenceBestFit("10.0.0.0/29", List.of("10.0.0.0/30", "10.0.0.4/30"), 30))
        .isEqualTo("exhausted");
    assertThat(referenceBestFit("10.0.0.0/20", List.of("10.0.4.0/23"), 27))
        .isEqualTo("10.0.0.0/27");
    // ipam4j's BestFit: the smallest free aligned block (the /23 at 10.0.6.0, not a /22).
    org.ipam4j.allocator.PrefixAllocator ours =
        new org.ipam4j.allocator.PrefixAllocator(Cidr.parse("10.0.0.0/20"));
    ours.allocateSpecific(Cidr.parse("10.0.4.0/23"));
    assertThat(ours.allocate(27, org.ipam4j.allocator.Strategy.BestFit))
        .isEqualTo(Cidr.parse("10.0.6.0/27"));
    // The reference table's other cases, through the first-fit half of the same peer.
    RegionBestFitAllocator first = RegionBestFitAllocator.firstFit(Cidr.parse("10.0.0.0/22"));
    first.allocateSpecific(Cidr.parse("10.0.0.0/24"));
    first.allocateSpecific(Cidr.parse("10.0.2.0/24"));
    assertThat(first.allocate(24)).isEqualTo(Cidr.parse("10.0.1.0/24"));
  }

  private static String referenceBestFit(String pool, List<String> taken, int length) {
    RegionBestFitAllocator peer = RegionBestFitAllocator.bestFit(Cidr.parse(pool));
    taken.forEach(t -> peer.allocateSpecific(Cidr.parse(t)));
    try {
      return peer.allocate(length).toString();
    } catch (IllegalStateException e) {
      return "exhausted";
    }
  }

  /**
   * Against a model that knows nothing but a bitmap of a /20: every block the region peer picks is
   * free and aligned, lies in the smallest free run that holds an aligned block its size, and is
   * the lowest such on ties; its first-fit half equals ipam4j's FirstFit.
   */
  @Test
  void regionBestFitAgreesWithABitmapModelAndItsFirstFitWithIpam4j() {
    Cidr pool = Cidr.parse("10.0.0.0/20");
    Random random = new Random(7);
    for (int history = 0; history < 40; history++) {
      RegionBestFitAllocator best = RegionBestFitAllocator.bestFit(pool);
      RegionBestFitAllocator first = RegionBestFitAllocator.firstFit(pool);
      Ipam4jAllocator ours = new Ipam4jAllocator(pool);
      boolean[] used = new boolean[4096];
      List<Cidr> bestHeld = new ArrayList<>();
      List<Object[]> firstHeld = new ArrayList<>();
      for (int step = 0; step < 300; step++) {
        if (!bestHeld.isEmpty() && random.nextInt(3) == 0) {
          Cidr gone = bestHeld.remove(random.nextInt(bestHeld.size()));
          best.release(gone);
          mark(used, pool, gone, false);
          if (!firstHeld.isEmpty()) {
            Object[] pair = firstHeld.remove(random.nextInt(firstHeld.size()));
            first.release(pair[0]);
            ours.release(pair[1]);
          }
          continue;
        }
        int length = 22 + random.nextInt(9);
        String expected = modelBestFit(used, pool, length);
        String got;
        try {
          Cidr block = best.allocate(length);
          got = block.toString();
          bestHeld.add(block);
          mark(used, pool, block, true);
        } catch (IllegalStateException e) {
          got = "exhausted";
        }
        assertThat(got).as("history %d step %d /%d", history, step, length).isEqualTo(expected);
        Object f;
        try {
          f = first.allocate(length);
        } catch (IllegalStateException e) {
          f = null;
        }
        Object o;
        try {
          o = ours.allocate(length);
        } catch (RuntimeException e) {
          o = null;
        }
        assertThat(f).isEqualTo(o);
        if (f != null) {
          firstHeld.add(new Object[] {f, o});
        }
      }
    }
  }

  private static void mark(boolean[] used, Cidr pool, Cidr block, boolean value) {
    int from = (int) (block.low() - pool.low());
    int size = 1 << (32 - block.prefixLength());
    for (int i = from; i < from + size; i++) {
      used[i] = value;
    }
  }

  /** The reference's BestFit, from nothing but the bitmap. */
  private static String modelBestFit(boolean[] used, Cidr pool, int length) {
    int size = 1 << (32 - length);
    int bestStart = -1;
    int bestRun = Integer.MAX_VALUE;
    int i = 0;
    while (i < used.length) {
      if (used[i]) {
        i++;
        continue;
      }
      int runStart = i;
      while (i < used.length && !used[i]) {
        i++;
      }
      int aligned = (runStart + size - 1) / size * size;
      if (aligned + size <= i && i - runStart < bestRun) {
        bestRun = i - runStart;
        bestStart = aligned;
      }
    }
    return bestStart < 0 ? "exhausted" : Cidr.ipv4((int) pool.low() + bestStart, length).toString();
  }
}
