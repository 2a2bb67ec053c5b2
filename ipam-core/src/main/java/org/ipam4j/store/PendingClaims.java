package org.ipam4j.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.ipam4j.model.IPClaim;

/**
 * The in-memory store's waiting claims, in arrival order, all of them and by what they wait on
 * ({@link WaitKeys#of}). Changed under the store's commit lock only; read without it.
 */
final class PendingClaims {

  private static final Comparator<IPClaim> ARRIVAL =
      Comparator.comparing((IPClaim c) -> c.metadata().creationTimestamp().orElse(Instant.MAX))
          .thenComparing(c -> c.metadata().project())
          .thenComparing(c -> c.metadata().name());

  private final NavigableSet<IPClaim> all = new ConcurrentSkipListSet<>(ARRIVAL);
  private final Map<String, NavigableSet<IPClaim>> byKey = new ConcurrentHashMap<>();

  void add(IPClaim claim) {
    all.add(claim);
    byKey.computeIfAbsent(WaitKeys.of(claim), k -> new ConcurrentSkipListSet<>(ARRIVAL)).add(claim);
  }

  /** Removes the claim of that key (project, name and creation), whatever its state now. */
  void remove(IPClaim claim) {
    if (!all.remove(claim)) {
      return;
    }
    String key = WaitKeys.of(claim);
    NavigableSet<IPClaim> waiting = byKey.get(key);
    if (waiting != null) {
      waiting.remove(claim);
      if (waiting.isEmpty()) {
        byKey.remove(key, waiting);
      }
    }
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  List<IPClaim> all() {
    return new ArrayList<>(all);
  }

  List<IPClaim> waitingOn(List<String> keys) {
    List<IPClaim> out = new ArrayList<>();
    for (String key : new LinkedHashSet<>(keys)) {
      NavigableSet<IPClaim> waiting = byKey.get(key);
      if (waiting != null) {
        out.addAll(waiting);
      }
    }
    out.sort(ARRIVAL);
    return out;
  }
}
