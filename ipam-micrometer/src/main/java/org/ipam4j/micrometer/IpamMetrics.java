package org.ipam4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.ipam4j.IpamException;
import org.ipam4j.engine.Applied;
import org.ipam4j.engine.ClaimListener;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.Condition;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.net.IpFamily;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;
import org.jspecify.annotations.Nullable;

/**
 * What operators graph and alarm on, for one engine, as Micrometer meters:
 *
 * <pre>{@code
 * IpamMetrics metrics = new IpamMetrics(engine);
 * metrics.bindTo(registry);   // or a MeterBinder bean in Spring Boot
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code ipam.pool.addresses.total}</td><td>gauge</td><td>project, pool, family</td>
 *       <td>addresses in the pool's block</td></tr>
 *   <tr><td>{@code ipam.pool.addresses.allocated}</td><td>gauge</td><td>project, pool, family</td>
 *       <td>addresses in blocks allocated from it</td></tr>
 *   <tr><td>{@code ipam.pool.addresses.available}</td><td>gauge</td><td>project, pool, family</td>
 *       <td>addresses still free</td></tr>
 *   <tr><td>{@code ipam.pool.utilization}</td><td>gauge</td><td>project, pool, family</td>
 *       <td>allocated share, from 0 to 1, to a double's precision for IPv6 too (alarm on it)</td></tr>
 *   <tr><td>{@code ipam.pool.largest.free.prefix}</td><td>gauge</td><td>project, pool, family</td>
 *       <td>prefix length of the largest free aligned block; NaN (no sample) when exhausted</td></tr>
 *   <tr><td>{@code ipam.claims.waiting}</td><td>gauge</td><td>project, reason</td>
 *       <td>claims {@code Pending}, by the reason of their {@code Ready} condition
 *       ({@code PoolExhausted}, {@code NoMatchingPool}, ...)</td></tr>
 *   <tr><td>{@code ipam.claims.bound}</td><td>counter</td><td>project, pool, family</td>
 *       <td>claims this engine bound (new, waiting, or re-bound to a retained block)</td></tr>
 *   <tr><td>{@code ipam.claims.released}</td><td>counter</td><td>project, pool, family</td>
 *       <td>blocks this engine gave back to the pool</td></tr>
 *   <tr><td>{@code ipam.claims.refused}</td><td>counter</td><td>project, reason</td>
 *       <td>claims this engine refused, by error ({@code Invalid}, {@code Forbidden},
 *       {@code NotFound}, {@code Conflict}, {@code Exhausted}, ...)</td></tr>
 *   <tr><td>{@code ipam.claims.apply}</td><td>timer</td><td>outcome ({@code bound},
 *       {@code pending})</td><td>how long {@code applyClaim} took, for each call that returned</td></tr>
 * </table>
 *
 * <p>The {@code project} of a pool meter is the pool's, also when the claim came from another
 * project. The gauges describe the store, whoever writes to it: they follow a watch of the engine's
 * pools and claims, so a scrape reads figures already at hand and costs the same with thousands of
 * pools, and a pool's gauges go when the pool is deleted. The counters and the timer count this
 * engine's own work ({@link IpamEngine#addClaimListener}): engines that share a store each count
 * theirs, so a sum over instances counts each bind once.
 *
 * @since 0.1
 */
public final class IpamMetrics implements MeterBinder, AutoCloseable {

  // Where the parts are: binding, closing and the watch's (re)start come first; Following turns
  // the watch's changes into the gauges' figures (pools and waiting claims); PoolMeters registers
  // and updates one pool's gauges; Counting is the claim listener behind the counters and the
  // timer. A new gauge belongs in Following or PoolMeters, a new counter in Counting.

  private final IpamEngine engine;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Pools by {@code project/name}, with their gauges. */
  private final Map<String, PoolMeters> pools = new ConcurrentHashMap<>();

  /** Each waiting claim's tags, by {@code project/name}. */
  private final Map<String, Tags> waiting = new ConcurrentHashMap<>();

  /** The generation of the watch that last reported each waiting claim. */
  private final Map<String, Long> seenWaiting = new ConcurrentHashMap<>();

  /** How many claims wait, by tags; a gauge for each, kept once made. */
  private final Map<Tags, AtomicLong> waitingCounts = new ConcurrentHashMap<>();

  private final Object lifecycle = new Object();
  private @Nullable Subscription watch;
  private @Nullable Subscription listener;
  private long generation;
  private boolean closed;

  /**
   * Metrics for {@code engine}; nothing is watched or counted until {@link #bindTo}.
   *
   * @param engine the engine, which must outlive this (close this first)
   */
  public IpamMetrics(IpamEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Registers the meters with {@code registry}; the first call starts watching the engine's pools
   * and claims and listening to its claims. Several registries may be bound.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("IpamMetrics is closed");
      }
      registries.add(registry);
      for (PoolMeters p : pools.values()) {
        p.register(registry);
      }
      waitingCounts.forEach((tags, count) -> registerWaiting(registry, tags, count));
      if (listener == null) {
        listener = engine.addClaimListener(new Counting());
        startWatch();
      }
    }
  }

  /**
   * Stops watching and counting, and removes the gauges from every registry bound (counters and
   * timers stay, as counted).
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      if (watch != null) {
        watch.close();
      }
      if (listener != null) {
        listener.close();
      }
      for (PoolMeters p : pools.values()) {
        p.remove();
      }
      pools.clear();
    }
  }

  /** Watches again from a fresh list; what the list no longer has is dropped once it is synced. */
  void relist() {
    synchronized (lifecycle) {
      if (!closed) {
        pauseWatch();
        startWatch();
      }
    }
  }

  /** Stops the watch until {@link #relist}: for tests of what a relist must put right. */
  void pauseWatch() {
    synchronized (lifecycle) {
      if (watch != null) {
        watch.close();
        watch = null;
      }
    }
  }

  private void startWatch() {
    long mine = ++generation;
    watch =
        engine.watch(
            WatchRequest.listFirst().kinds(Kind.IPPool, Kind.IPClaim), new Following(mine));
  }

  /** Keeps the gauges' figures as the watch reports changes. */
  private final class Following implements WatchListener {
    private final long generation;

    Following(long generation) {
      this.generation = generation;
    }

    @Override
    public void onChange(Change change) {
      // Under the lifecycle lock (uncontended but for bindTo and close), so that a change still
      // being delivered when the binder closes cannot register a gauge after close removed them.
      synchronized (lifecycle) {
        if (!closed) {
          follow(change);
        }
      }
    }

    private void follow(Change change) {
      IpamObject object = change.object();
      String key = object.metadata().key();
      boolean gone = change.type() == Change.Type.DELETED;
      if (object instanceof IPPool pool) {
        if (gone) {
          PoolMeters p = pools.remove(key);
          if (p != null) {
            p.remove();
          }
        } else {
          PoolMeters p = pools.computeIfAbsent(key, k -> newPool(pool));
          p.update(pool);
          p.seen = generation;
        }
      } else if (object instanceof IPClaim claim) {
        Tags tags =
            gone || claim.status().phase() != ClaimPhase.Pending ? null : waitingTags(claim);
        Tags before = tags == null ? waiting.remove(key) : waiting.put(key, tags);
        if (!Objects.equals(before, tags)) {
          if (before != null) {
            waitingCount(before).decrementAndGet();
          }
          if (tags != null) {
            waitingCount(tags).incrementAndGet();
          }
        }
        if (tags != null) {
          seenWaiting.put(key, generation);
        } else {
          seenWaiting.remove(key);
        }
      }
    }

    @Override
    public void onSynced(long revision) {
      synchronized (lifecycle) {
        if (!closed) {
          dropUnseen();
        }
      }
    }

    /** After a fresh list, what the list did not deliver no longer exists. */
    private void dropUnseen() {
      pools
          .entrySet()
          .removeIf(
              e -> {
                boolean stale = e.getValue().seen < generation;
                if (stale) {
                  e.getValue().remove();
                }
                return stale;
              });
      waiting
          .entrySet()
          .removeIf(
              e -> {
                boolean stale = seenWaiting.getOrDefault(e.getKey(), 0L) < generation;
                if (stale) {
                  waitingCount(e.getValue()).decrementAndGet();
                  seenWaiting.remove(e.getKey());
                }
                return stale;
              });
    }

    @Override
    public void onExpired(org.ipam4j.ExpiredException reason) {
      // Fell behind the store's change log: list again, as an informer does on 410 Gone.
      relist();
    }
  }

  private PoolMeters newPool(IPPool pool) {
    PoolMeters p = new PoolMeters(pool);
    for (MeterRegistry r : registries) {
      p.register(r);
    }
    return p;
  }

  private AtomicLong waitingCount(Tags tags) {
    return waitingCounts.computeIfAbsent(
        tags,
        t -> {
          AtomicLong count = new AtomicLong();
          for (MeterRegistry r : registries) {
            registerWaiting(r, t, count);
          }
          return count;
        });
  }

  private static void registerWaiting(MeterRegistry registry, Tags tags, AtomicLong count) {
    Gauge.builder("ipam.claims.waiting", count, AtomicLong::get)
        .description("claims waiting for a block (Pending), by the reason of their Ready condition")
        .tags(tags)
        .register(registry);
  }

  private static Tags waitingTags(IPClaim claim) {
    String reason = "Unknown";
    for (Condition c : claim.status().conditions()) {
      if (c.type().equals("Ready")) {
        reason = c.reason();
      }
    }
    return Tags.of("project", claim.metadata().project(), "reason", reason);
  }

  /**
   * One pool's figures, worked out once per change so that a scrape only reads them, and its gauges
   * in each registry.
   */
  private static final class PoolMeters {
    private record Figures(
        double total, double allocated, double available, double utilization, double largest) {}

    private record Registered(MeterRegistry registry, Meter meter) {}

    volatile Figures figures;
    volatile long seen;
    final Tags tags;
    final List<Registered> meters = new CopyOnWriteArrayList<>();

    PoolMeters(IPPool pool) {
      this.figures = figures(pool);
      IpFamily family =
          pool.status()
              .ipFamily()
              .or(() -> pool.spec().ipFamily())
              .or(() -> pool.rootBlock().map(b -> b.family()))
              .orElse(null);
      this.tags =
          Tags.of(
              "project",
              pool.metadata().project(),
              "pool",
              pool.metadata().name(),
              "family",
              family == null ? "unknown" : family.name());
    }

    void update(IPPool pool) {
      figures = figures(pool);
    }

    private static Figures figures(IPPool pool) {
      double largest =
          pool.status().largestFreePrefix().isPresent()
              ? pool.status().largestFreePrefix().getAsInt()
              : Double.NaN;
      if (pool.status().capacity().isEmpty()) {
        return new Figures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, largest);
      }
      Capacity c = pool.status().capacity().get();
      // Each count becomes a double within a relative 2^-53, so the share is as good as a double
      // holds, for a /0 of IPv6 too: no exact division is needed for a gauge.
      double utilization =
          c.total().signum() == 0
              ? Double.NaN
              : c.allocated().doubleValue() / c.total().doubleValue();
      return new Figures(
          c.total().doubleValue(),
          c.allocated().doubleValue(),
          c.available().doubleValue(),
          utilization,
          largest);
    }

    /** Set once the pool's gauges are removed: none is registered after. */
    private boolean removed;

    /** Registers the pool's gauges; whole, so that a concurrent removal leaves none behind. */
    synchronized void register(MeterRegistry registry) {
      if (removed) {
        return;
      }
      gauge(
          registry,
          "ipam.pool.addresses.total",
          "addresses in the pool's block",
          "addresses",
          p -> p.figures.total());
      gauge(
          registry,
          "ipam.pool.addresses.allocated",
          "addresses in blocks allocated from the pool",
          "addresses",
          p -> p.figures.allocated());
      gauge(
          registry,
          "ipam.pool.addresses.available",
          "addresses still free",
          "addresses",
          p -> p.figures.available());
      gauge(
          registry,
          "ipam.pool.utilization",
          "allocated share of the pool's addresses, from 0 to 1",
          null,
          p -> p.figures.utilization());
      gauge(
          registry,
          "ipam.pool.largest.free.prefix",
          "prefix length of the largest free aligned block; no sample when exhausted",
          null,
          p -> p.figures.largest());
    }

    private void gauge(
        MeterRegistry registry,
        String name,
        String description,
        @Nullable String unit,
        ToDoubleFunction<PoolMeters> f) {
      meters.add(
          new Registered(
              registry,
              Gauge.builder(name, this, f)
                  .description(description)
                  .baseUnit(unit)
                  .tags(tags)
                  .strongReference(true)
                  .register(registry)));
    }

    synchronized void remove() {
      removed = true;
      for (Registered r : meters) {
        r.registry().remove(r.meter());
      }
      meters.clear();
    }
  }

  /** Counts this engine's binds, releases and refusals, and times its applies. */
  private final class Counting implements ClaimListener {
    /**
     * Each meter this listener updates, by name and tags (its project, pool and family, or the
     * apply's outcome), one per registry: looked up once, since building a meter's id and finding
     * it in a registry costs more than the claim's own bookkeeping.
     */
    private final Map<String, List<Counter>> counters = new ConcurrentHashMap<>();

    private final Map<String, List<Timer>> timers = new ConcurrentHashMap<>();

    /** The registries the cached meters were made for; a new one empties the caches. */
    private volatile int registriesSeen;

    @Override
    public void bound(IPClaim claim, IPAllocation allocation) {
      poolCounter("ipam.claims.bound", "claims bound to a block by this engine", allocation);
    }

    @Override
    public void released(IPAllocation allocation) {
      poolCounter("ipam.claims.released", "blocks this engine gave back to their pool", allocation);
    }

    @Override
    public void refused(IPClaim claim, IpamException error) {
      String reason = error.getClass().getSimpleName().replaceFirst("Exception$", "");
      String project = claim.metadata().project();
      for (Counter c :
          counters(
              "ipam.claims.refused\n" + project + "\n" + reason,
              () ->
                  Counter.builder("ipam.claims.refused")
                      .description("claims this engine refused, by error")
                      .tags("project", project, "reason", reason))) {
        c.increment();
      }
    }

    @Override
    public void applied(Applied<IPClaim> applied, Duration took) {
      String outcome = applied.object().isBound() ? "bound" : "pending";
      fresh();
      List<Timer> each =
          timers.computeIfAbsent(
              outcome,
              o -> {
                List<Timer> made = new ArrayList<>();
                for (MeterRegistry r : registries) {
                  made.add(
                      Timer.builder("ipam.claims.apply")
                          .description("how long applyClaim took, for each call that returned")
                          .tags("outcome", o)
                          .register(r));
                }
                return made;
              });
      for (Timer t : each) {
        t.record(took);
      }
    }

    private void poolCounter(String name, String description, IPAllocation allocation) {
      String project = allocation.spec().poolRef().projectOr(allocation.metadata().project());
      String pool = allocation.spec().poolRef().name();
      String family = allocation.spec().ipFamily().name();
      for (Counter c :
          counters(
              name + "\n" + project + "\n" + pool + "\n" + family,
              () ->
                  Counter.builder(name)
                      .description(description)
                      .tags("project", project, "pool", pool, "family", family))) {
        c.increment();
      }
    }

    private List<Counter> counters(String key, Supplier<Counter.Builder> builder) {
      fresh();
      return counters.computeIfAbsent(
          key,
          k -> {
            List<Counter> made = new ArrayList<>();
            for (MeterRegistry r : registries) {
              made.add(builder.get().register(r));
            }
            return made;
          });
    }

    /** Empties the caches when a registry was bound since they were filled. */
    private void fresh() {
      int now = registries.size();
      if (now != registriesSeen) {
        counters.clear();
        timers.clear();
        registriesSeen = now;
      }
    }
  }
}
