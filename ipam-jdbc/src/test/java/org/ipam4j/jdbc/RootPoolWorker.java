package org.ipam4j.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ipam4j.ConflictException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * A separate process for the root-pool race: for each line {@code ROUND n} on standard input it
 * applies pool {@code w<ID>} in project {@code r<n>} over {@code 10.<n>.0.0/<16+ID>} (every
 * worker's pool of a round overlaps every other's), and if that succeeded a /24 claim on it. It
 * answers {@code created n CIDR} or {@code conflict n}.
 */
public final class RootPoolWorker {

  private RootPoolWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int id = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      out.println("READY");
      out.flush();
      String line;
      while ((line = in.readLine()) != null && line.startsWith("ROUND ")) {
        int round = Integer.parseInt(line.substring("ROUND ".length()));
        String project = "r" + round;
        String pool = "w" + id;
        try {
          engine.applyPool(
              IPPool.of(project, pool, IPPoolSpec.root("10." + round + ".0.0/" + (16 + id))));
          IPClaim claim =
              engine
                  .applyClaim(
                      IPClaim.of(project, "c" + id, IPClaimSpec.fromPool(IpFamily.IPv4, 24, pool)))
                  .object();
          out.println("created " + round + " " + claim.status().allocatedCIDR().orElseThrow());
        } catch (ConflictException e) {
          out.println("conflict " + round);
        }
        out.flush();
      }
    }
  }
}
