package org.ipam4j.engine;

import java.util.List;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.net.Cidr;

/**
 * What holds a block, told so that the user knows which object to delete, and never naming an
 * object of another project than the one asking.
 */
final class Holders {

  private Holders() {}

  /** Who holds (part of) {@code block}, in words that name the object to delete. */
  static String of(List<IPAllocation> held, Cidr block, String askingProject) {
    for (IPAllocation a : held) {
      if (!a.status().allocatedCIDR().overlaps(block)) {
        continue;
      }
      String what = " (" + a.status().allocatedCIDR() + ")";
      boolean own = a.metadata().project().equals(askingProject);
      if (a.spec().claimRef().isPresent()) {
        return own
            ? "IPClaim " + a.metadata().project() + "/" + a.spec().claimRef().get().name() + what
            : "a claim of another project" + what;
      }
      if (a.spec().childPoolRef().isPresent()) {
        return "child IPPool "
            + a.metadata().project()
            + "/"
            + a.spec().childPoolRef().get().name()
            + what;
      }
      if (a.spec().isReservation()) {
        return "a reservation of IPPool " + a.spec().poolRef().name() + what;
      }
      return own
          ? "IPAllocation " + a.metadata().key() + what + ", retained after its claim was deleted"
          : "a retained allocation of another project" + what;
    }
    return "another allocation";
  }
}
