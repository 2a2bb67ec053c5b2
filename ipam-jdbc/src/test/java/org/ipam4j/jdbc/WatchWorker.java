package org.ipam4j.jdbc;

import java.io.PrintStream;
import org.ipam4j.ExpiredException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;

/**
 * A separate process for the watch tests: watches the store at URL (START is {@code list} to list
 * first, else the revision to resume after) and prints one line per call, flushed: {@code C
 * REVISION TYPE KIND PROJECT/NAME PHASE}, {@code S REVISION} when the list is complete, {@code E
 * MESSAGE} on expiry. Runs until its standard input closes (or it is killed).
 */
public final class WatchWorker {

  private WatchWorker() {}

  static String line(Change c) {
    return "C "
        + c.revision()
        + " "
        + c.type()
        + " "
        + c.object().kind()
        + " "
        + c.object().metadata().key()
        + " "
        + phase(c.object());
  }

  static String phase(IpamObject o) {
    if (o instanceof IPPool p) {
      return p.status().phase().name();
    }
    if (o instanceof IPClaim c) {
      return c.status().phase().name();
    }
    return ((IPAllocation) o).status().phase().name();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    WatchRequest request =
        args[1].equals("list")
            ? WatchRequest.listFirst()
            : WatchRequest.fromRevision(Long.parseLong(args[1]));
    PrintStream out = System.out;
    try (JdbcStore store = JdbcStore.open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      Subscription watch =
          engine.watch(
              request,
              new WatchListener() {
                @Override
                public void onChange(Change change) {
                  out.println(line(change));
                  out.flush();
                }

                @Override
                public void onSynced(long revision) {
                  out.println("S " + revision);
                  out.flush();
                }

                @Override
                public void onExpired(ExpiredException reason) {
                  out.println("E " + reason.getMessage());
                  out.flush();
                }
              });
      out.println("READY");
      out.flush();
      while (System.in.read() >= 0) {
        // Runs until the test closes standard input.
      }
      watch.close();
    }
  }
}
