package org.ipam4j.jdbc;

import java.io.PrintStream;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.net.IpFamily;

/**
 * A separate process for the multi-process tests: applies claims {@code PREFIX-0 ..
 * PREFIX-(COUNT-1)} for /LENGTH blocks of pool {@code pool} in project {@code p}, printing one line
 * per claim once its commit returned: {@code Bound NAME CIDR} or {@code Pending NAME}. A COUNT of
 * -1 means forever (until killed).
 */
public final class ClaimWorker {

  private ClaimWorker() {}

  public static void main(String[] args) {
    String url = args[0];
    String prefix = args[1];
    long count = Long.parseLong(args[2]);
    int length = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      out.println("READY");
      out.flush();
      for (long i = 0; count < 0 || i < count; i++) {
        IPClaim claim =
            engine
                .applyClaim(
                    IPClaim.of(
                        "p", prefix + "-" + i, IPClaimSpec.fromPool(IpFamily.IPv4, length, "pool")))
                .object();
        out.println(
            claim.status().phase()
                + " "
                + claim.metadata().name()
                + claim.status().allocatedCIDR().map(c -> " " + c).orElse(""));
        out.flush();
      }
    }
  }
}
