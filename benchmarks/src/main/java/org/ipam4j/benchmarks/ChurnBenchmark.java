package org.ipam4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Claims and releases that do not mirror each other: each operation allocates a new /64 and
 * releases a randomly chosen block held earlier, so the count held stays at {@code held}, the pool
 * fragments, and no walk can reuse the path of the one before. The honest companion of {@link
 * AllocateReleaseBenchmark}, whose release always follows its own allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class ChurnBenchmark {

  @Param({"IPAM4J", "IPADDRESS_PREFIX_BLOCK_ALLOCATOR", "SORTED_SCAN"})
  public Peer peer;

  @Param({"1000", "1000000"})
  public int held;

  private BlockAllocator allocator;
  private Object[] blocks;
  private long seed = 0x9E3779B97F4A7C15L;

  @Setup(Level.Trial)
  public void fill() {
    allocator = peer.create(AllocateReleaseBenchmark.POOL);
    blocks = allocator.preload(64, held);
  }

  @Benchmark
  public Object allocateOneReleaseAnother() {
    seed ^= seed << 13;
    seed ^= seed >>> 7;
    seed ^= seed << 17;
    int victim = (int) Long.remainderUnsigned(seed, held);
    Object fresh = allocator.allocate(64);
    allocator.release(blocks[victim]);
    blocks[victim] = fresh;
    return fresh;
  }
}
