package org.ipam4j.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.watch.Subscription;

/** An engine's {@link ClaimListener}s, told of what its plans committed. */
final class ClaimEvents {

  private static final System.Logger LOG = System.getLogger(IpamEngine.class.getName());

  private final List<ClaimListener> listeners = new CopyOnWriteArrayList<>();

  /** Whether anyone listens: when not, plans collect nothing. */
  boolean isEmpty() {
    return listeners.isEmpty();
  }

  Subscription add(ClaimListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void bound(IPClaim claim, IPAllocation allocation) {
    each(l -> l.bound(claim, allocation));
  }

  void released(IPAllocation allocation) {
    each(l -> l.released(allocation));
  }

  void refused(IPClaim claim, IpamException error) {
    each(l -> l.refused(claim, error));
  }

  void applied(Applied<IPClaim> applied, Duration took) {
    each(l -> l.applied(applied, took));
  }

  private void each(Consumer<ClaimListener> call) {
    for (ClaimListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "claim listener failed", e);
      }
    }
  }
}
