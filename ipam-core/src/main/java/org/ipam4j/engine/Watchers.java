package org.ipam4j.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.ipam4j.store.Change;
import org.ipam4j.store.Subscription;

/** The engine's watch listeners, told of each commit on a dispatcher thread of their own. */
final class Watchers {

  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile ExecutorService dispatcher;

  Subscription add(Consumer<Change> listener) {
    synchronized (listeners) {
      if (dispatcher == null) {
        dispatcher = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "ipam4j-watch");
          t.setDaemon(true);
          return t;
        });
      }
      listeners.add(listener);
    }
    return () -> listeners.remove(listener);
  }

  /** Called by the store on the committing thread; hands the changes to the dispatcher. */
  void dispatch(List<Change> changes) {
    ExecutorService executor = dispatcher;
    if (executor == null || listeners.isEmpty()) {
      return;
    }
    executor.execute(() -> {
      for (Change change : changes) {
        for (Consumer<Change> listener : listeners) {
          try {
            listener.accept(change);
          } catch (RuntimeException e) {
            System.getLogger(IpamEngine.class.getName()).log(System.Logger.Level.WARNING,
                "watch listener failed on " + change.type() + " "
                    + change.object().metadata().key(), e);
          }
        }
      }
    });
  }

  void close() {
    ExecutorService executor = dispatcher;
    if (executor != null) {
      executor.shutdown();
    }
  }
}
