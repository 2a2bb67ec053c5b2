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
 * Steady-state cost of one claim and its release in an IPv6 /32 handing out /64s, with 1,000 and
 * with 1,000,000 blocks already held. A cost that does not grow with {@code held} is the goal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class AllocateReleaseBenchmark {

  static final String POOL = "2001:db8::/32";

  @Param({"IPAM4J", "IPADDRESS_PREFIX_BLOCK_ALLOCATOR", "SORTED_SCAN"})
  public Peer peer;

  @Param({"1000", "1000000"})
  public int held;

  private BlockAllocator allocator;

  @Setup(Level.Trial)
  public void fill() {
    allocator = peer.create(POOL);
    allocator.preload(64, held);
  }

  @Benchmark
  public Object allocateThenRelease() {
    Object block = allocator.allocate(64);
    allocator.release(block);
    return block;
  }
}
