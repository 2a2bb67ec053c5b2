package org.ipam4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Fill an IPv4 /8 with /24s: 65,536 claims from an empty pool to a full one. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class FillBenchmark {

  static final int CLAIMS = 65_536;

  @Param({"IPAM4J", "IPADDRESS_PREFIX_BLOCK_ALLOCATOR", "SORTED_SCAN"})
  public Peer peer;

  @Benchmark
  public Object fillSlash8WithSlash24s() {
    BlockAllocator allocator = peer.create("10.0.0.0/8");
    for (int i = 0; i < CLAIMS; i++) {
      allocator.allocate(24);
    }
    return allocator;
  }
}
