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
    if (args.length > 0 && args[0].equals("engine")) {
      engine();
      return;
    }
    if (args.length > 0 && args[0].equals("engine-footprint")) {
      engineFootprint();
      return;
    }
    System.out.println("| case | allocator | blocks held | bytes retained | bytes per block |");
    System.out.println("| --- | --- | ---: | ---: | ---: |");
    for (Peer peer : Peer.values()) {
      measure("IPv6 /32, /64s", AllocateReleaseBenchmark.POOL, 64, 1_000, peer);
      measure("IPv6 /32, /64s", AllocateReleaseBenchmark.POOL, 64, 1_000_000, peer);
      measure("IPv4 /8, /24s", "10.0.0.0/8", 24, FillBenchmark.CLAIMS, peer);
    }
  }

  /**
   * What the bytes of a held claim are: the classes an in-memory engine's object graph gains with
   * 20,000 /32 claims of one pool (after 10 to warm its maps up), as JOL's footprint table, with
   * the bytes per claim above it. Run with {@code engine-footprint}.
   */
  private static void engineFootprint() {
    int claims = 20_000;
    org.ipam4j.engine.IpamEngine engine = newEngine(1);
    for (int i = 0; i < 10; i++) {
      engine.applyClaim(claim("warm-" + i));
    }
    GraphLayout empty = GraphLayout.parseInstance(engine);
    for (int i = 0; i < claims; i++) {
      engine.applyClaim(claim("claim-" + i));
    }
    GraphLayout full = GraphLayout.parseInstance(engine);
    System.out.printf(
        "%.0f bytes per held claim%n%s",
        (double) (full.totalSize() - empty.totalSize()) / claims,
        full.subtract(empty).toFootprint());
  }

  private static org.ipam4j.engine.IpamEngine newEngine(int window) {
    org.ipam4j.engine.IpamEngine engine =
        org.ipam4j.engine.IpamEngine.builder()
            .store(
                org.ipam4j.store.IpamStore.inMemory(
                    new org.ipam4j.store.ChangeRetention(java.time.Duration.ofHours(1), window)))
            .recheckWaiting(java.time.Duration.ZERO)
            .build();
    engine.applyPool(
        org.ipam4j.model.IPPool.of("bench", "p", org.ipam4j.model.IPPoolSpec.root("10.0.0.0/8")));
    return engine;
  }

  private static org.ipam4j.model.IPClaim claim(String name) {
    return org.ipam4j.model.IPClaim.of(
        "bench",
        name,
        org.ipam4j.model.IPClaimSpec.fromPool(org.ipam4j.net.IpFamily.IPv4, 32, "p"));
  }

  /**
   * Bytes an in-memory engine retains per held claim: the claim, its allocation, the pool's tree
   * and every index of the store and engine, as the engine's whole object graph with 100,000 /32
   * claims of one pool against the same engine with none, divided by 100,000. The change log is a
   * fixed window of the last commits (10,000 by default), not a cost per claim: it is kept to one
   * commit here, and its own size is printed beside.
   */
  private static void engine() {
    int claims = 100_000;
    for (int window : new int[] {1, 10_000}) {
      org.ipam4j.engine.IpamEngine engine = newEngine(window);
      long empty = GraphLayout.parseInstance(engine).totalSize();
      for (int i = 0; i < claims; i++) {
        engine.applyClaim(claim("claim-" + i));
      }
      long full = GraphLayout.parseInstance(engine).totalSize();
      System.out.printf(
          "in-memory engine, change log of %,d commit(s): %,d bytes empty, %,d with %,d claims:"
              + " %.0f bytes per held claim%n",
          window, empty, full, claims, (double) (full - empty) / claims);
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
