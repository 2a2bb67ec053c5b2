package org.ipam4j.benchmarks;

import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes of heap each allocator retains per allocated block, measured with JOL over the whole object
 * graph of its state. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.ipam4j.benchmarks.RetainedMemory}.
 */
public final class RetainedMemory {

  private RetainedMemory() {}

  public static void main(String[] args) {
    System.out.println("| case | allocator | blocks held | bytes retained | bytes per block |");
    System.out.println("| --- | --- | ---: | ---: | ---: |");
    for (Peer peer : Peer.values()) {
      measure("IPv6 /32, /64s", AllocateReleaseBenchmark.POOL, 64, 1_000, peer);
      measure("IPv6 /32, /64s", AllocateReleaseBenchmark.POOL, 64, 1_000_000, peer);
      measure("IPv4 /8, /24s", "10.0.0.0/8", 24, FillBenchmark.CLAIMS, peer);
    }
  }

  private static void measure(String name, String pool, int length, int count, Peer peer) {
    BlockAllocator allocator = peer.create(pool);
    long empty = GraphLayout.parseInstance(allocator.state()).totalSize();
    allocator.preload(length, count);
    long bytes = GraphLayout.parseInstance(allocator.state()).totalSize();
    System.out.printf(
        "| %s | %s | %,d | %,d | %.1f |%n",
        name, peer, count, bytes, (double) (bytes - empty) / count);
  }
}
