package org.ipam4j.ipamctl;

import java.io.PrintStream;
import org.ipam4j.engine.StoreCheck;

/** {@code ipamctl check}: the store check's findings, one line each, and its exit code. */
final class Check {

  /** Exit code of {@code check} when it found something. */
  static final int INCONSISTENT = 9;

  private Check() {}

  static int print(StoreCheck check, PrintStream out, PrintStream err) {
    for (StoreCheck.Finding f : check.findings()) {
      out.println(Table.printable(f.toString()));
    }
    String counted =
        check.pools()
            + " pools, "
            + check.claims()
            + " claims, "
            + check.allocations()
            + " allocations";
    if (check.isClean()) {
      out.println("store is consistent: " + counted);
      return Ipamctl.OK;
    }
    int n = check.findings().size();
    err.println(
        "error: "
            + n
            + " problem"
            + (n == 1 ? "" : "s")
            + " in the store ("
            + counted
            + "); delete what a line names with ipamctl delete KIND NAME -n PROJECT");
    return INCONSISTENT;
  }
}
