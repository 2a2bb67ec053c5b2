package org.ipam4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.net.Cidr;

/**
 * How well each strategy keeps a pool usable over a long history of claims and releases of mixed
 * sizes: the same histories, in one run, through ipam4j's BestFit (smallest free aligned block),
 * the reference server's BestFit (first aligned block in the smallest free run of addresses),
 * FirstFit (the same in both) and ipam4j's LeastUtilized (largest free block).
 *
 * <p>A history is generated once per mix and seed, independently of any strategy: while the
 * addresses its live requests ask for stay under the target fill, it asks for a block of a length
 * drawn from the mix, else it releases a random live request. A request a strategy could not
 * satisfy is simply absent from that strategy's pool, and its release does nothing.
 *
 * <p>Reported per strategy, summed over the seeds: requests refused while the pool still had at
 * least that many free addresses ("refused with room": fragmentation's cost), all refusals, the
 * largest free prefix sampled every 16 operations (median and the worst tenth), and the number of
 * free blocks (the free space as maximal aligned blocks), on average.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.ipam4j.benchmarks.FragmentationStudy</pre>
 */
public final class FragmentationStudy {

  private static final int OPERATIONS = 20_000;
  private static final int SEEDS = 20;
  private static final int SAMPLE_EVERY = 16;

  private FragmentationStudy() {}

  /** A size mix: prefix lengths and their weights, in a pool, filled to a target. */
  record Mix(String name, String pool, int[] lengths, int[] weights, double fill) {}

  /** One operation of a history: a request for a block, or the release of request {@code id}. */
  record Op(boolean allocate, int id, int length) {}

  /** What a strategy is asked: a block of a length, or the release of one it gave. */
  interface Contender {
    Cidr allocate(int length);

    void release(Cidr block);
  }

  static final Map<String, Function<Cidr, Contender>> CONTENDERS = contenders();

  private static Map<String, Function<Cidr, Contender>> contenders() {
    Map<String, Function<Cidr, Contender>> all = new java.util.LinkedHashMap<>();
    all.put("ipam4j BestFit", pool -> tree(pool, Strategy.BestFit));
    all.put(
        "reference BestFit",
        pool -> {
          RegionBestFitAllocator peer = RegionBestFitAllocator.bestFit(pool);
          return new Contender() {
            @Override
            public Cidr allocate(int length) {
              return peer.allocate(length);
            }

            @Override
            public void release(Cidr block) {
              peer.release(block);
            }
          };
        });
    all.put("FirstFit (both)", pool -> tree(pool, Strategy.FirstFit));
    all.put("ipam4j LeastUtilized", pool -> tree(pool, Strategy.LeastUtilized));
    return all;
  }

  private static Contender tree(Cidr pool, Strategy strategy) {
    PrefixAllocator tree = new PrefixAllocator(pool);
    return new Contender() {
      @Override
      public Cidr allocate(int length) {
        return tree.allocate(length, strategy);
      }

      @Override
      public void release(Cidr block) {
        tree.release(block);
      }
    };
  }

  static final List<Mix> MIXES =
      List.of(
          new Mix(
              "many /28s, a few /22s", "10.0.0.0/16", new int[] {28, 22}, new int[] {95, 5}, 0.85),
          new Mix(
              "/22 to /28, evenly",
              "10.0.0.0/16",
              new int[] {22, 23, 24, 25, 26, 27, 28},
              new int[] {1, 1, 1, 1, 1, 1, 1},
              0.85),
          new Mix(
              "/30 links, /26 subnets, some /22s",
              "10.0.0.0/16",
              new int[] {30, 26, 22},
              new int[] {70, 25, 5},
              0.85),
          new Mix(
              "many /28s, a few /22s, 95 % full",
              "10.0.0.0/16", new int[] {28, 22}, new int[] {95, 5}, 0.95),
          // The shape of /64s and some /56s in an IPv6 /48, 16 bits down.
          new Mix(
              "/32s and some /24s (as /64s, /56s in a /48)",
              "10.0.0.0/16",
              new int[] {32, 24},
              new int[] {90, 10},
              0.85));

  static List<Op> history(Mix mix, long seed) {
    Random random = new Random(seed);
    Cidr pool = Cidr.parse(mix.pool());
    int bits = pool.family().bits();
    double capacity = Math.pow(2, bits - pool.prefixLength());
    int totalWeight = Arrays.stream(mix.weights()).sum();
    List<Op> ops = new ArrayList<>(OPERATIONS);
    List<Integer> live = new ArrayList<>();
    Map<Integer, Integer> lengths = new HashMap<>();
    double asked = 0;
    for (int id = 0; ops.size() < OPERATIONS; ) {
      if (live.isEmpty() || asked < mix.fill() * capacity) {
        int pick = random.nextInt(totalWeight);
        int length = mix.lengths()[0];
        for (int i = 0; i < mix.weights().length; i++) {
          if (pick < mix.weights()[i]) {
            length = mix.lengths()[i];
            break;
          }
          pick -= mix.weights()[i];
        }
        ops.add(new Op(true, id, length));
        live.add(id);
        lengths.put(id, length);
        asked += Math.pow(2, bits - length);
        id++;
      } else {
        int gone = live.remove(random.nextInt(live.size()));
        ops.add(new Op(false, gone, 0));
        asked -= Math.pow(2, bits - lengths.get(gone));
      }
    }
    return ops;
  }

  /** One strategy's figures over one or more histories. */
  static final class Figures {
    long refusedWithRoom;
    long refused;
    long requests;
    final List<Integer> largestFree = new ArrayList<>();
    long freeBlocks;
    long samples;

    int percentile(double p) {
      List<Integer> sorted = new ArrayList<>(largestFree);
      sorted.sort(null);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }
  }

  static void run(Mix mix, List<Op> ops, Contender contender, Figures figures) {
    Cidr pool = Cidr.parse(mix.pool());
    int bits = pool.family().bits();
    long poolSize = 1L << (bits - pool.prefixLength());
    Map<Integer, Cidr> held = new HashMap<>();
    TreeMap<Long, Long> blocks = new TreeMap<>();
    long allocated = 0;
    int step = 0;
    for (Op op : ops) {
      if (op.allocate()) {
        figures.requests++;
        long size = 1L << (bits - op.length());
        try {
          Cidr block = contender.allocate(op.length());
          held.put(op.id(), block);
          blocks.put(block.low() - pool.low(), size);
          allocated += size;
        } catch (RuntimeException refused) {
          figures.refused++;
          if (poolSize - allocated >= size) {
            figures.refusedWithRoom++;
          }
        }
      } else {
        Cidr block = held.remove(op.id());
        if (block != null) {
          contender.release(block);
          allocated -= blocks.remove(block.low() - pool.low());
        }
      }
      if (++step % SAMPLE_EVERY == 0) {
        sample(blocks, poolSize, bits - pool.prefixLength(), pool.prefixLength(), figures);
      }
    }
  }

  /** The free space as maximal aligned blocks: their count and the largest one's prefix. */
  private static void sample(
      TreeMap<Long, Long> blocks, long poolSize, int hostBits, int poolPrefix, Figures figures) {
    long count = 0;
    long largest = 0;
    long cursor = 0;
    for (Map.Entry<Long, Long> b : blocks.entrySet()) {
      long[] free = decompose(cursor, b.getKey());
      count += free[0];
      largest = Math.max(largest, free[1]);
      cursor = b.getKey() + b.getValue();
    }
    long[] free = decompose(cursor, poolSize);
    count += free[0];
    largest = Math.max(largest, free[1]);
    figures.freeBlocks += count;
    figures.samples++;
    // No free block at all reads as the pool's family width + 1: worse than any prefix.
    figures.largestFree.add(
        largest == 0
            ? poolPrefix + hostBits + 1
            : poolPrefix + hostBits - Long.numberOfTrailingZeros(largest));
  }

  /** [from, to) as maximal aligned blocks: {count, largest size}. */
  private static long[] decompose(long from, long to) {
    long count = 0;
    long largest = 0;
    while (from < to) {
      long size = from == 0 ? Long.highestOneBit(to) : Long.lowestOneBit(from);
      while (from + size > to) {
        size >>= 1;
      }
      count++;
      largest = Math.max(largest, size);
      from += size;
    }
    return new long[] {count, largest};
  }

  public static void main(String[] args) {
    for (Mix mix : MIXES) {
      Map<String, Figures> figures = new java.util.LinkedHashMap<>();
      CONTENDERS.keySet().forEach(name -> figures.put(name, new Figures()));
      for (long seed = 1; seed <= SEEDS; seed++) {
        List<Op> ops = history(mix, seed);
        for (Map.Entry<String, Function<Cidr, Contender>> c : CONTENDERS.entrySet()) {
          run(mix, ops, c.getValue().apply(Cidr.parse(mix.pool())), figures.get(c.getKey()));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%n%s in %s, %.0f %% target fill, %d histories of %d"
              + " operations (%d requests in all)%n",
          mix.name(),
          mix.pool(),
          mix.fill() * 100,
          SEEDS,
          OPERATIONS,
          figures.values().iterator().next().requests);
      System.out.printf(
          Locale.ROOT,
          "| %-22s | %16s | %8s | %22s | %11s |%n",
          "strategy",
          "refused with room",
          "refused",
          "largest free: median, worst 10 %",
          "free blocks");
      for (Map.Entry<String, Figures> e : figures.entrySet()) {
        Figures f = e.getValue();
        System.out.printf(
            Locale.ROOT,
            "| %-22s | %16d | %8d | /%d, /%d | %11.0f |%n",
            e.getKey(),
            f.refusedWithRoom,
            f.refused,
            f.percentile(0.5),
            f.percentile(0.9),
            (double) f.freeBlocks / f.samples);
      }
    }
  }
}
