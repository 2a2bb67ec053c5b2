package org.ipam4j.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.ipam4j.InvalidException;
import org.ipam4j.LockTimeoutException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.PoolBlocks;
import org.ipam4j.store.StoreContents;
import org.ipam4j.store.StoreSnapshot;
import org.ipam4j.store.Write;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IpamStore} on a relational database: SQLite (one file, several processes on one
 * machine) or PostgreSQL (many engines in many processes or hosts).
 *
 * <p>Each object is one row holding its JSON body (compact: see {@link RowCodec}), keyed by kind,
 * project and name, with its {@code resourceVersion}. A {@link #commit} is one transaction of
 * guarded statements; any miss rolls the whole commit back as a {@link StaleWriteException}.
 * Writers of the same pool row queue on its row lock (PostgreSQL) or on the database's write lock
 * (SQLite), so claims on one pool serialize while claims on different pools proceed side by side on
 * PostgreSQL; {@link #withPoolLock} makes engines take turns fairly. A large commit streams: its
 * JSON is encoded beside the database's work, and PostgreSQL receives its object rows and its
 * change rows each as one {@code COPY}.
 *
 * <p>The database itself refuses what would hand out an address twice, whatever writes to it:
 * triggers probe a btree for the nearest block at or before a new one's end (existing blocks being
 * disjoint, any overlap shows there), for allocations within a pool and for root pools within a
 * project, serialized on PostgreSQL by a transaction advisory lock per pool or project.
 *
 * <p>The schema is created and migrated at open, under a lock, so several instances may start
 * together. A database from a newer release is refused with a {@link StorageException}.
 *
 * <p>Every commit also writes its changes to a change log in the same transaction, so that a watch
 * sees every writer's commits, whichever process made them ({@link #changesAfter}).
 *
 * <p>Inside: {@link Rows} reads, {@link Writes} commits, {@link Migrations} keeps the schema,
 * {@link RowCodec} is the stored body, and a {@link SqlDialect} per database holds what differs.
 */
public final class JdbcStore implements IpamStore {

  /** The newest schema version this release knows. */
  static final int SCHEMA_VERSION = Migrations.SCHEMA_VERSION;

  private final Dialect dialect;
  private final @Nullable AutoCloseable ownedPool;
  private final Rows rows;
  private final RowChecks checks;
  private final Writes writes;
  private final PoolLocks locks;
  private final ChangeLog changeLog;
  private final ChangeWaits waits;

  private JdbcStore(
      DataSource dataSource,
      SqlDialect behaviour,
      @Nullable AutoCloseable ownedPool,
      @Nullable String jdbcUrl,
      Options options) {
    Dialect dialect = behaviour.dialect();
    Connections connections = new Connections(dataSource, behaviour, ownedPool == null);
    this.dialect = dialect;
    this.ownedPool = ownedPool;
    this.rows = new Rows(connections);
    this.checks = new RowChecks(connections, rows);
    this.changeLog = new ChangeLog(connections, options.retention());
    this.waits = new ChangeWaits(connections, options.pollInterval());
    this.writes = new Writes(connections, rows, changeLog, options.executor());
    this.locks = behaviour.poolLocks(connections, jdbcUrl);
    new Migrations(connections, rows).migrate();
  }

  /**
   * Opens a store on a JDBC URL ({@code jdbc:sqlite:/path/ipam.db} or {@code
   * jdbc:postgresql://host/db?user=...}), with a small built-in connection pool, and brings the
   * schema up to date.
   *
   * @param jdbcUrl the database
   * @return the store, which the caller closes
   * @throws InvalidException if the URL is of another database, or names no store this can keep (an
   *     SQLite URL without a file, or in a folder that does not exist)
   * @throws StorageException if the database cannot be reached or is from a newer release
   */
  public static JdbcStore open(String jdbcUrl) {
    return builder().open(jdbcUrl);
  }

  /** {@link #open(String)}, checking idle connections once they sat this long (tests). */
  static JdbcStore open(String jdbcUrl, long checkIdleAfterNanos) {
    return open(jdbcUrl, checkIdleAfterNanos, Options.DEFAULTS);
  }

  /** What a {@link Builder} sets. */
  private record Options(
      Duration lockTimeout,
      java.util.concurrent.@Nullable Executor executor,
      ChangeRetention retention,
      Duration pollInterval) {
    static final Options DEFAULTS =
        new Options(
            SqlDialect.DEFAULT_LOCK_TIMEOUT,
            null,
            ChangeRetention.DATABASE,
            Duration.ofMillis(100));
  }

  private static JdbcStore open(String jdbcUrl, long checkIdleAfterNanos, Options options) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect =
        Dialect.ofUrl(jdbcUrl)
            .orElseThrow(
                () ->
                    new InvalidException(
                        "store",
                        "\""
                            + jdbcUrl
                            + "\" is neither a jdbc:sqlite: nor a jdbc:postgresql: URL"));
    SqlDialect behaviour = SqlDialect.of(dialect, options.lockTimeout());
    behaviour.checkUrl(jdbcUrl);
    PooledUrlDataSource pool =
        new PooledUrlDataSource(
            behaviour.poolUrl(jdbcUrl), behaviour::configure, checkIdleAfterNanos);
    try {
      return new JdbcStore(pool, behaviour, pool, jdbcUrl, options);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens a store on the service's own connection pool and brings the schema up to date.
   *
   * @param dataSource the service's pool, which the store borrows connections from and never closes
   * @param dialect the database behind it
   * @return the store, which the caller closes
   * @throws StorageException if the database cannot be reached or is from a newer release
   */
  public static JdbcStore open(DataSource dataSource, Dialect dialect) {
    return builder().open(dataSource, dialect);
  }

  /**
   * Options for opening a store; {@link #open(String)} is {@code builder().open(url)}.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** How a store is opened: its options, then its database. */
  public static final class Builder {

    private Options options = Options.DEFAULTS;

    private Builder() {}

    /**
     * Where a large commit encodes its rows ahead of the thread writing them (a commit of 256
     * objects or more); by default the JVM's common pool. Beyond that a store starts no thread of
     * its own but its lock-wait alarm (one daemon thread, started on the first wait for a file
     * lock). A rejected task is no failure: the writing thread then encodes every row.
     *
     * @param helper the host's executor
     * @return this builder
     */
    public Builder executor(java.util.concurrent.Executor helper) {
      Objects.requireNonNull(helper, "executor");
      options =
          new Options(options.lockTimeout(), helper, options.retention(), options.pollInterval());
      return this;
    }

    /**
     * How long a write waits for a lock another writer holds (a pool's lock, the database's row or
     * write locks) before it fails with a {@link LockTimeoutException} naming what it waited for,
     * having changed nothing: a writer stopped with Ctrl-Z or partitioned from the database never
     * freezes a pool for longer. 30 seconds unless set.
     *
     * @param timeout the longest wait
     * @return this builder
     * @throws InvalidException if it is not positive, or longer than a day
     */
    public Builder lockTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "lockTimeout");
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofDays(1)) > 0
          || timeout.toMillis() == 0) {
        throw new InvalidException(
            "lockTimeout",
            "\"" + timeout + "\" must be at least a" + " millisecond and at most a day");
      }
      options =
          new Options(timeout, options.executor(), options.retention(), options.pollInterval());
      return this;
    }

    /**
     * How long the change log keeps commits for watches that resume from a revision; {@link
     * ChangeRetention#DATABASE} (the last 100,000 commits, at most an hour old) unless set. Every
     * few commits a writer drops, in its own transaction, what this lets go.
     *
     * @param retention what to keep
     * @return this builder
     */
    public Builder changeRetention(ChangeRetention retention) {
      Objects.requireNonNull(retention, "changeRetention");
      options =
          new Options(options.lockTimeout(), options.executor(), retention, options.pollInterval());
      return this;
    }

    /**
     * How often a waiting watch reads the newest revision, to see other processes' commits: on
     * SQLite the only way it learns of them, on PostgreSQL the fallback to LISTEN/NOTIFY. 100 ms
     * unless set; a commit of this store wakes its watches at once either way.
     *
     * @param interval the time between reads
     * @return this builder
     * @throws InvalidException if it is under a millisecond or over a minute
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "pollInterval");
      if (interval.toMillis() < 1 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new InvalidException(
            "pollInterval",
            "\"" + interval + "\" must be at least a millisecond and at most a minute");
      }
      options =
          new Options(options.lockTimeout(), options.executor(), options.retention(), interval);
      return this;
    }

    /**
     * {@link JdbcStore#open(String)} with these options.
     *
     * @param jdbcUrl the database
     * @return the open store
     */
    public JdbcStore open(String jdbcUrl) {
      return JdbcStore.open(jdbcUrl, PooledUrlDataSource.CHECK_AFTER_NANOS, options);
    }

    /**
     * {@link JdbcStore#open(DataSource, Dialect)} with these options.
     *
     * @param dataSource the service's connection pool
     * @param dialect the database behind it
     * @return the open store
     */
    public JdbcStore open(DataSource dataSource, Dialect dialect) {
      return new JdbcStore(
          Objects.requireNonNull(dataSource, "dataSource"),
          SqlDialect.of(Objects.requireNonNull(dialect, "dialect"), options.lockTimeout()),
          null,
          null,
          options);
    }
  }

  /**
   * The database this store speaks.
   *
   * @return SQLite or PostgreSQL
   */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    return rows.get(type, project, name);
  }

  /** One statement: a primary-key lookup per key, joined by UNION ALL. */
  @Override
  public List<Optional<IpamObject>> getAll(List<ObjectKey> keys) {
    return rows.getAll(keys);
  }

  @Override
  public <T extends IpamObject> List<T> list(Class<T> type, Optional<String> project) {
    return rows.list(type, project);
  }

  @Override
  public List<IPPool> pools(String project, LabelSelector selector) {
    return rows.pools(project, selector);
  }

  @Override
  public List<IPAllocation> allocationsOfPool(String poolProject, String poolName) {
    return rows.allocationsOfPool(poolProject, poolName);
  }

  /** One statement, so one snapshot on either database. */
  @Override
  public Optional<PoolBlocks> poolBlocks(String poolProject, String poolName, long sinceVersion) {
    return rows.poolBlocks(poolProject, poolName, sinceVersion);
  }

  /** The statement of {@link #poolBlocks}, for tests of its query plan. */
  String poolBlocksSql() {
    return rows.poolBlocksSql();
  }

  @Override
  public List<IPClaim> pendingClaims() {
    return rows.pendingClaims();
  }

  @Override
  public List<IPClaim> pendingClaims(List<String> waitKeys) {
    return rows.pendingClaims(waitKeys);
  }

  @Override
  public Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    return rows.rootPoolOverlapping(project, block);
  }

  /**
   * Every row in one statement, with those that do not read back or disagree with their columns.
   */
  @Override
  public StoreContents contents() {
    return checks.contents();
  }

  @Override
  public void deleteBadRow(String kind, String project, String name) {
    if (!checks.isBadRow(kind, project, name)) {
      throw new org.ipam4j.NotFoundException(
          kind
              + " "
              + project
              + "/"
              + name
              + " reads back"
              + " as it should; delete it through the engine");
    }
    writes.deleteRow(kind, project, name);
  }

  @Override
  public long revision() {
    return rows.revision();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Where the connection fails while the database commits, the outcome is unknown: the {@link
   * StorageException} says so, and the change may have been stored. Applying the same objects again
   * through an engine is safe: it returns what was stored, never a second block.
   */
  @Override
  public List<IpamObject> commit(List<Write> changeSet) {
    Writes.Committed committed = writes.commit(changeSet);
    waits.committed(committed.revision());
    return committed.stored();
  }

  @Override
  public ChangePage changesAfter(
      long revision, int maxCommits, Set<Kind> kinds, Optional<String> project) {
    return changeLog.changesAfter(revision, maxCommits, kinds, project);
  }

  @Override
  public long settledRevision() {
    return changeLog.settledRevision();
  }

  @Override
  public StoreSnapshot snapshot(Set<Kind> kinds, Optional<String> project) {
    return changeLog.snapshot(rows, kinds, project);
  }

  /**
   * {@inheritDoc}
   *
   * <p>This store's own commits wake the wait at once; other processes' are seen by PostgreSQL's
   * LISTEN/NOTIFY (on one connection of the store's, held while anything waits), else by reading
   * the newest revision every {@link Builder#pollInterval poll interval}.
   */
  @Override
  public void awaitChange(long revision, Duration timeout) throws InterruptedException {
    waits.awaitChange(revision, timeout);
  }

  /**
   * PostgreSQL: an advisory lock keyed by the pool, held by the transaction that this thread's
   * reads and commit then run in. SQLite: a byte-range lock in a file beside the database.
   *
   * @throws LockTimeoutException if the lock was not had within the store's lock timeout
   */
  @Override
  public <T> T withPoolLock(String poolProject, String poolName, Supplier<T> work) {
    return locks.withPoolLock(poolProject + "/" + poolName, work);
  }

  @Override
  public void close() {
    waits.close();
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new StorageException("cannot close the connection pool", e);
      }
    }
  }
}
