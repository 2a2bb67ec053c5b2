package org.ipam4j.benchmarks;

import java.util.Arrays;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.net.Cidr;

/**
 * A plain timing program for A/B comparisons of the allocator alone, where a change is smaller than
 * JMH's spread on this machine: 1,000 /64s held in an IPv6 /32 (or as many as the first argument
 * says), then 9 runs of 5,000,000 allocate+release pairs of a /64 (FirstFit, or the strategy the
 * second argument names), ns per pair: median, min and max of the runs. Run each build in turn,
 * several times: {@code java -cp benchmarks.jar org.ipam4j.benchmarks.AllocatorLoop [held
 * [strategy]]}.
 */
public final class AllocatorLoop {

  private static final int RUNS = 9;
  private static final int PAIRS = 5_000_000;

  private AllocatorLoop() {}

  public static void main(String[] args) {
    int held = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    Strategy strategy = args.length > 1 ? Strategy.valueOf(args[1]) : Strategy.FirstFit;
    PrefixAllocator tree = new PrefixAllocator(Cidr.parse("2001:db8::/32"));
    for (int i = 0; i < held; i++) {
      tree.allocate(64, Strategy.FirstFit);
    }
    long[] runs = new long[RUNS];
    Cidr last = null;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      for (int i = 0; i < PAIRS; i++) {
        last = tree.allocate(64, strategy);
        tree.release(last);
      }
      runs[run] = (System.nanoTime() - start) / PAIRS;
      System.out.println("  run " + (run + 1) + ": " + runs[run] + " ns");
    }
    Arrays.sort(runs);
    System.out.println(
        "allocate+release ns: median "
            + runs[RUNS / 2]
            + " min "
            + runs[0]
            + " max "
            + runs[RUNS - 1]
            + " (last block "
            + last
            + ")");
  }
}
