package org.ipam4j.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ipam4j.IpamException;
import org.ipam4j.model.AllocationPurpose;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.store.ObjectKey;
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

  /** Tells of the claims a set refused; returns the outcome as it is. */
  SetOutcome refusals(SetOutcome outcome) {
    if (!isEmpty()) {
      for (Problem p : outcome.problems()) {
        if (p.object() instanceof IPClaim c) {
          refused(c, p.error());
        }
      }
    }
    return outcome;
  }

  void applied(Applied<IPClaim> applied, Duration took) {
    each(l -> l.applied(applied, took));
  }

  /**
   * The binds and releases a commit made, to tell once the plan lets go of its locks: an allocation
   * of a claim created or re-bound (it had no claim), and an allocation of a claim or a retained
   * one deleted.
   *
   * @param staged what the plan held, by key
   * @param stored what the commit stored, by key
   */
  List<Runnable> committed(
      SmallMap<ObjectKey, Staged> staged, SmallMap<ObjectKey, IpamObject> stored) {
    List<Runnable> tell = new ArrayList<>();
    for (int i = 0; i < staged.slots(); i++) {
      ObjectKey key = staged.keyAt(i);
      if (key == null || key.kind() != Kind.IPAllocation) {
        continue;
      }
      Staged s = staged.valueAt(i);
      if (!s.written()) {
        continue;
      }
      IpamObject now = stored.get(key);
      if (now instanceof IPAllocation a && a.spec().claimRef().isPresent()) {
        boolean newlyHeld =
            s.baseVersion() == 0
                || (s.before() instanceof IPAllocation was && was.spec().claimRef().isEmpty());
        IpamObject claim =
            stored.get(
                new ObjectKey(
                    Kind.IPClaim, a.metadata().project(), a.spec().claimRef().get().name()));
        if (newlyHeld && claim instanceof IPClaim c && c.isBound()) {
          tell.add(() -> bound(c, a));
        }
      } else if (now == null
          && s.baseVersion() != 0
          && s.object().isEmpty()
          && s.before() instanceof IPAllocation gone
          && gone.spec().purpose() == AllocationPurpose.Claim) {
        tell.add(() -> released(gone));
      }
    }
    return tell;
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
