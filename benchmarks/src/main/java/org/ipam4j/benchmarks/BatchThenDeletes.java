package org.ipam4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * What a batch's claims cost when they go one by one: one batch of 10,000 claims, then claims of
 * that batch deleted one commit each (100 unmeasured, then 300 measured), and, alternating with
 * them in the same store, 300 claims made one by one and deleted one by one. It measured the cost
 * of change rows that leave a large commit's bodies out for the database to copy in at the delete
 * (tried and dropped: {@code benchmarks/README.md}, issue 16); any design that defers a batch's
 * writes to a later change is to be measured here. Prints µs a delete, median and range of three
 * rounds, each a fresh store.
 *
 * <p>{@code java -cp benchmarks.jar org.ipam4j.benchmarks.BatchThenDeletes SQLITE|POSTGRESQL}
 */
public final class BatchThenDeletes {

  private static final int ROUNDS = 3;

  private BatchThenDeletes() {}

  public static void main(String[] args) {
    Dialect dialect = Dialect.valueOf(args.length > 0 ? args[0] : "SQLITE");
    long[] fromBatch = new long[ROUNDS];
    long[] alone = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      try (JdbcStore store = JdbcStore.open(JdbcClaimBenchmark.databaseUrl(dialect))) {
        IpamEngine engine = IpamEngine.builder().store(store).build();
        engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/16")));
        List<IPClaim> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
          batch.add(claim("b" + i));
        }
        engine.applyClaims(batch);
        for (int i = 0; i < 300; i++) {
          engine.applyClaim(claim("a" + i));
        }
        for (int i = 0; i < 100; i++) {
          engine.deleteClaim("bench", "b" + i);
        }
        // Alternating, so that both kinds of delete meet the machine in the same state.
        long batchNanos = 0;
        long aloneNanos = 0;
        for (int i = 0; i < 300; i++) {
          long start = System.nanoTime();
          engine.deleteClaim("bench", "b" + (100 + i));
          long middle = System.nanoTime();
          engine.deleteClaim("bench", "a" + i);
          aloneNanos += System.nanoTime() - middle;
          batchNanos += middle - start;
        }
        fromBatch[r] = batchNanos / 1000 / 300;
        alone[r] = aloneNanos / 1000 / 300;
      }
    }
    System.out.println(dialect + ", µs a delete (median; min-max of " + ROUNDS + " stores):");
    System.out.println("  a claim made in a 10,000-claim batch: " + BatchFloor.summary(fromBatch));
    System.out.println("  a claim made alone:                   " + BatchFloor.summary(alone));
  }

  private static IPClaim claim(String name) {
    return IPClaim.of("bench", name, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "pool"));
  }
}
