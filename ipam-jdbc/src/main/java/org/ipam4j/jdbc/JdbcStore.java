package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.ipam4j.InvalidException;
import org.ipam4j.StorageException;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.Change;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.PoolBlocks;
import org.ipam4j.StaleWriteException;
import org.ipam4j.store.Subscription;
import org.ipam4j.store.Write;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * An {@link IpamStore} on a relational database: SQLite (one file, several processes on one
 * machine) or PostgreSQL (many engines in many processes or hosts).
 *
 * <p>Each object is one row holding its JSON, keyed by kind, project and name, with its {@code
 * resourceVersion}. A {@link #commit} is one transaction of guarded statements: an insert for a
 * create (the key must be free), an update or delete {@code WHERE resource_version = ?} for the
 * rest; any miss rolls the whole commit back as a {@link StaleWriteException}. Writers of the same
 * pool row queue on its row lock (PostgreSQL) or on the database's write lock (SQLite), so claims
 * on one pool serialize while claims on different pools proceed side by side on PostgreSQL;
 * {@link #withPoolLock} makes engines take turns fairly. A large commit streams: its JSON is
 * encoded beside the database's work, and PostgreSQL receives its inserts as one {@code COPY}.
 *
 * <p>A trigger makes two overlapping blocks in one pool impossible at the database level: it
 * probes a btree of each allocation's first address for the nearest block at or before the new
 * one's end (existing blocks being disjoint, any overlap shows there), serialized per pool on
 * PostgreSQL by a transaction advisory lock. It replaced a GiST exclusion constraint ({@code
 * btree_gist}, {@code inet &&}) that made batch inserts 13 times slower.
 *
 * <p>The schema is created and migrated at open, under a lock, so several instances may start
 * together. A database from a newer release is refused with a {@link StorageException}.
 *
 * <p>Listeners hear of this instance's commits, in the order they complete; changes made by other
 * processes are not reported (engines notice them through pool versions instead).
 */
public final class JdbcStore implements IpamStore {

  /** The newest schema version this release knows. */
  static final int SCHEMA_VERSION = 5;

  private static final String COLUMNS = "kind, project, name, resource_version, body";
  static final String PENDING_SQL = "SELECT " + COLUMNS + " FROM ipam_objects"
      + " WHERE pending_since IS NOT NULL ORDER BY pending_since, project, name";
  private static final int LOCK_NAMESPACE = 4275022;
  private static final int LOCK_SLOTS = 4096;
  /** Inserts go to the database in JDBC batches of this many rows. */
  private static final int BATCH = 512;
  /** Parsed pools kept, at most; past this the cache starts again. */
  private static final int DECODED_POOLS = 4096;
  /** From this many inserts in one commit, PostgreSQL gets them as a COPY. */
  static final int COPY_FROM = 64;
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS =
      new ConcurrentHashMap<>();

  private final DataSource dataSource;
  private final Dialect dialect;
  private final AutoCloseable ownedPool;
  /** SQLite only: the file whose byte ranges lock pools across processes; null if unknown. */
  private final Path lockFile;
  private final List<Consumer<List<Change>>> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Decoded> decodedPools = new ConcurrentHashMap<>();
  /** PostgreSQL: the connection holding this thread's pool lock, while it holds one. */
  private final ThreadLocal<Connection> locked = new ThreadLocal<>();

  private JdbcStore(DataSource dataSource, Dialect dialect, AutoCloseable ownedPool,
      Path lockFile) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.ownedPool = ownedPool;
    this.lockFile = lockFile;
  }

  /** {@code jdbc:sqlite:/path/ipam.db?x=y} to {@code /path/ipam.db-ipam4j.locks}. */
  private static Path sqliteLockFile(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.contains(":memory:")) {
      return null;
    }
    return Path.of(path + "-ipam4j.locks").toAbsolutePath();
  }

  /**
   * Opens a store on a JDBC URL ({@code jdbc:sqlite:/path/ipam.db} or {@code
   * jdbc:postgresql://host/db?user=...}), with a small built-in connection pool, and brings the
   * schema up to date.
   *
   * @throws InvalidException if the URL is of another database
   * @throws StorageException if the database cannot be reached or is from a newer release
   */
  public static JdbcStore open(String jdbcUrl) {
    return open(jdbcUrl, PooledUrlDataSource.CHECK_AFTER_NANOS);
  }

  /** {@link #open(String)}, checking idle connections once they sat this long (tests). */
  static JdbcStore open(String jdbcUrl, long checkIdleAfterNanos) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect = Dialect.ofUrl(jdbcUrl).orElseThrow(() -> new InvalidException("store",
        "\"" + jdbcUrl + "\" is neither a jdbc:sqlite: nor a jdbc:postgresql: URL"));
    PooledUrlDataSource pool = new PooledUrlDataSource(dialect == Dialect.POSTGRESQL
        && !jdbcUrl.contains("reWriteBatchedInserts")
        ? jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : jdbcUrl,
        c -> configure(dialect, c), checkIdleAfterNanos);
    JdbcStore store = new JdbcStore(pool, dialect, pool,
        dialect == Dialect.SQLITE ? sqliteLockFile(jdbcUrl) : null);
    try {
      store.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return store;
  }

  /**
   * Opens a store on the service's own connection pool and brings the schema up to date.
   *
   * @throws StorageException if the database cannot be reached or is from a newer release
   */
  public static JdbcStore open(DataSource dataSource, Dialect dialect) {
    JdbcStore store = new JdbcStore(Objects.requireNonNull(dataSource, "dataSource"),
        Objects.requireNonNull(dialect, "dialect"), null, null);
    store.migrate();
    return store;
  }

  public Dialect dialect() {
    return dialect;
  }

  // ---- schema ----------------------------------------------------------------------------------

  private void migrate() {
    try (Connection c = connect()) {
      if (dialect == Dialect.SQLITE) {
        // Persistent, and not allowed inside a transaction: readers then never block the writer.
        execute(c, "PRAGMA journal_mode = WAL");
      }
      begin(c, true);
      try (Statement s = c.createStatement()) {
        if (dialect == Dialect.POSTGRESQL) {
          // Several instances starting together migrate one at a time.
          s.execute("SELECT pg_advisory_xact_lock(4275021)");
        }
        s.execute("CREATE TABLE IF NOT EXISTS ipam_schema (version INTEGER NOT NULL)");
        int version = 0;
        boolean hasRow = false;
        try (ResultSet rs = s.executeQuery("SELECT version FROM ipam_schema")) {
          if (rs.next()) {
            version = rs.getInt(1);
            hasRow = true;
          }
        }
        if (version > SCHEMA_VERSION) {
          throw new StorageException("the database's ipam4j schema is version " + version
              + ", newer than this release supports (" + SCHEMA_VERSION + "); upgrade ipam4j");
        }
        for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
          for (String statement : script(v)) {
            if (statement.equals("-- ipam4j:backfill-blocks")) {
              backfillBlocks(c);
            } else if (statement.equals("-- ipam4j:backfill-root-pools")) {
              backfillRootPools(c);
            } else {
              s.execute(statement);
            }
          }
        }
        if (!hasRow) {
          s.execute("INSERT INTO ipam_schema (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (version < SCHEMA_VERSION) {
          s.execute("UPDATE ipam_schema SET version = " + SCHEMA_VERSION);
        }
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
      commitTx(c);
    } catch (SQLException e) {
      throw new StorageException("cannot prepare the " + dialect + " schema: " + e.getMessage(),
          e);
    }
  }

  /** V3: the first and last address of every allocation's block, which SQL cannot compute. */
  private void backfillBlocks(Connection c) throws SQLException {
    String cidrText = dialect == Dialect.POSTGRESQL
        ? "host(cidr) || '/' || masklen(cidr)" : "cidr";
    List<String[]> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT project, name, "
        + cidrText + " FROM ipam_objects WHERE kind = 'IPAllocation'")) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE ipam_objects SET block_lo = ?,"
        + " block_hi = ? WHERE kind = 'IPAllocation' AND project = ? AND name = ?")) {
      for (String[] row : rows) {
        Cidr block = parseCidr(row[0] + "/" + row[1], row[2]);
        ps.setString(1, blockLow(block));
        ps.setString(2, blockHigh(block));
        ps.setString(3, row[0]);
        ps.setString(4, row[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * V5: the project address space and block of every root pool, which the overlap trigger reads.
   * Root pools that already overlap (written before V5) stay as they are; the trigger refuses
   * new ones.
   */
  private void backfillRootPools(Connection c) throws SQLException {
    List<IPPool> pools = query(c, "SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = 'IPPool'",
        IPPool.class);
    try (PreparedStatement ps = c.prepareStatement("UPDATE ipam_objects SET root_space = ?,"
        + " block_lo = ?, block_hi = ? WHERE kind = 'IPPool' AND project = ? AND name = ?")) {
      for (IPPool pool : pools) {
        Derived d = Derived.of(pool);
        if (d.rootSpace() == null) {
          continue;
        }
        ps.setString(1, d.rootSpace());
        ps.setString(2, d.blockLow());
        ps.setString(3, d.blockHigh());
        ps.setString(4, pool.metadata().project());
        ps.setString(5, pool.metadata().name());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A block's first address as 32 hex digits, so that text order is address order. */
  static String blockLow(Cidr block) {
    return hex32(block.high(), block.low());
  }

  static String blockHigh(Cidr block) {
    return hex32(block.lastHigh(), block.lastLow());
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** 128 bits as 32 lowercase hex digits (String.format costs more than the rest of a row). */
  private static String hex32(long high, long low) {
    char[] digits = new char[32];
    for (int i = 0; i < 16; i++) {
      digits[i] = HEX[(int) (high >>> (60 - 4 * i)) & 15];
      digits[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 15];
    }
    return new String(digits);
  }

  private List<String> script(int version) {
    String path = dialect.folder() + "/V" + version + ".sql";
    try (InputStream in = JdbcStore.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new StorageException("migration " + path + " is missing from the ipam-jdbc jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> statements = new ArrayList<>();
      for (String part : text.split(";\\s*\\n")) {
        if (!part.isBlank()) {
          statements.add(part.trim().replaceAll(";$", ""));
        }
      }
      return statements;
    } catch (IOException e) {
      throw new StorageException("cannot read migration " + path, e);
    }
  }

  // ---- reads -----------------------------------------------------------------------------------

  @Override
  public <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    return query("SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = ? AND project = ?"
        + " AND name = ?", type, Kind.of(type).name(), project, name).stream().findFirst();
  }

  /** One statement: a primary-key lookup per key, joined by UNION ALL. */
  @Override
  public List<Optional<IpamObject>> getAll(List<ObjectKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder();
    String[] args = new String[keys.size() * 3];
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(COLUMNS)
          .append(" FROM ipam_objects WHERE kind = ? AND project = ? AND name = ?");
      args[3 * i] = keys.get(i).kind().name();
      args[3 * i + 1] = keys.get(i).project();
      args[3 * i + 2] = keys.get(i).name();
    }
    java.util.Map<ObjectKey, IpamObject> found = new java.util.HashMap<>();
    for (IpamObject o : query(sql.toString(), IpamObject.class, args)) {
      found.put(new ObjectKey(o.kind(), o.metadata().project(), o.metadata().name()), o);
    }
    List<Optional<IpamObject>> out = new ArrayList<>(keys.size());
    for (ObjectKey key : keys) {
      out.add(Optional.ofNullable(found.get(key)));
    }
    return out;
  }

  @Override
  public <T extends IpamObject> List<T> list(Class<T> type, Optional<String> project) {
    if (project.isPresent()) {
      return query("SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = ? AND project = ?"
          + " ORDER BY name", type, Kind.of(type).name(), project.get());
    }
    return query("SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = ? ORDER BY project, name",
        type, Kind.of(type).name());
  }

  @Override
  public List<IPPool> pools(String project, LabelSelector selector) {
    List<IPPool> out = new ArrayList<>();
    for (IPPool p : list(IPPool.class, Optional.of(project))) {
      if (selector.matches(p.metadata().labels())) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public List<IPAllocation> allocationsOfPool(String poolProject, String poolName) {
    return query("SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = 'IPAllocation'"
        + " AND pool_key = ?", IPAllocation.class, poolProject + "/" + poolName);
  }

  /**
   * One statement, so one snapshot on either database: the pool's row and its allocations'
   * blocks side by side (a block travels in the body column).
   */
  @Override
  public Optional<PoolBlocks> poolBlocks(String poolProject, String poolName, long sinceVersion) {
    String key = poolProject + "/" + poolName;
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(poolBlocksSql())) {
      ps.setString(1, poolProject);
      ps.setString(2, poolName);
      ps.setString(3, key);
      ps.setLong(4, sinceVersion);
      IPPool pool = null;
      List<Cidr> written = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("IPPool")) {
            pool = (IPPool) decode(rs);
          } else {
            written.add(parseCidr(key, rs.getString(5)));
          }
        }
      }
      // Blocks without their pool are a deleted pool's leftovers: no pool, nothing to index.
      return pool == null ? Optional.empty() : Optional.of(new PoolBlocks(pool, written));
    } catch (SQLException e) {
      throw failure("read the blocks of pool " + poolProject + "/" + poolName, e);
    }
  }

  /** The pool's row, then its allocations written after a version: {@link #poolBlocks}. */
  String poolBlocksSql() {
    return "SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = 'IPPool' AND project = ?"
        + " AND name = ? UNION ALL SELECT kind, project, name, resource_version, "
        + (dialect == Dialect.POSTGRESQL ? "host(cidr) || '/' || masklen(cidr)" : "cidr")
        + " FROM ipam_objects WHERE pool_key = ? AND resource_version > ?"
        + " AND kind = 'IPAllocation'";
  }

  private static Cidr parseCidr(String poolKey, String text) {
    try {
      return Cidr.parse(text);
    } catch (InvalidException e) {
      throw new StorageException("an allocation of pool " + poolKey + " has a corrupt block: "
          + e.getMessage());
    }
  }

  /**
   * PostgreSQL: an advisory lock keyed by the pool, held by the transaction that this thread's
   * reads and commit then run in (the server queues waiters). SQLite: a byte-range lock in a file
   * beside the database (one byte per hash slot of the pool key), taken under a JVM-wide lock
   * because Java refuses overlapping file locks within one JVM. A store opened on an SQLite {@link
   * DataSource} has no file to lock and falls back to the JVM-wide lock alone.
   */
  @Override
  public <T> T withPoolLock(String poolProject, String poolName, Supplier<T> work) {
    String key = poolProject + "/" + poolName;
    if (dialect == Dialect.POSTGRESQL) {
      return withPostgresLock(key, work);
    }
    int slot = Math.floorMod(key.hashCode(), LOCK_SLOTS);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile + "#" + slot,
        k -> new ReentrantLock(true));
    jvmLock.lock();
    try {
      if (lockFile == null) {
        return work.get();
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock held = channel.lock(slot, 1, false);
        try {
          return work.get();
        } finally {
          held.release();
        }
      } catch (IOException e) {
        throw new StorageException("cannot lock pool " + key + " in " + lockFile, e);
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * The lock is a transaction advisory lock, taken by the first statement of a transaction on a
   * connection that this thread's reads and commit then use: the work's commit releases it, with
   * no separate unlock, and reads under it need no connection of their own. A work that does not
   * commit has its transaction (and so the lock) ended when it returns. A lock taken inside
   * another on the same thread is a session lock on the same connection, released when its work
   * ends; a commit inside it ends the outer lock early, which only fairness rests on.
   */
  private <T> T withPostgresLock(String key, Supplier<T> work) {
    Connection outer = locked.get();
    try {
      if (outer != null) {
        advisory(outer, "pg_advisory_lock", key);
        try {
          return work.get();
        } finally {
          advisory(outer, "pg_advisory_unlock", key);
        }
      }
      try (Connection c = connectOwn()) {
        c.setAutoCommit(false);
        advisory(c, "pg_advisory_xact_lock", key);
        locked.set(c);
        boolean done = false;
        try {
          T result = work.get();
          if (!c.getAutoCommit()) {
            c.commit();
          }
          done = true;
          return result;
        } finally {
          locked.remove();
          if (!done && !c.getAutoCommit()) {
            rollback(c);
          }
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure("lock pool " + key, e);
    }
  }

  private static void advisory(Connection c, String function, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(" + LOCK_NAMESPACE
        + ", hashtext(?))")) {
      ps.setString(1, key);
      ps.executeQuery().close();
    }
  }

  @Override
  public List<IPClaim> pendingClaims() {
    // Only claims have pending_since; naming no kind lets the planners take the small partial
    // index in its own order, where "kind = 'IPClaim'" drew them to scan every claim.
    List<IpamObject> rows = query(PENDING_SQL, IpamObject.class);
    List<IPClaim> claims = new ArrayList<>(rows.size());
    for (IpamObject row : rows) {
      if (!(row instanceof IPClaim claim)) {
        throw new StorageException(row.kind() + " " + row.metadata().key()
            + " of ipam_objects is corrupt: only a claim can be pending");
      }
      claims.add(claim);
    }
    return claims;
  }

  @Override
  public long revision() {
    String sql = dialect == Dialect.POSTGRESQL
        ? "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ipam_revision"
        : "SELECT revision FROM ipam_revision";
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure("read the revision", e);
    }
  }

  private <T extends IpamObject> List<T> query(String sql, Class<T> type, String... args) {
    try (Connection c = connect()) {
      return query(c, sql, type, args);
    } catch (SQLException e) {
      throw failure("read " + type.getSimpleName(), e);
    }
  }

  private <T extends IpamObject> List<T> query(Connection c, String sql, Class<T> type,
      String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(type.cast(decode(rs)));
        }
      }
      return out;
    }
  }

  /** One row back into its object; a row that does not read back is corrupt. */
  private IpamObject decode(ResultSet rs) throws SQLException {
    String kind = rs.getString(1);
    String project = rs.getString(2);
    String name = rs.getString(3);
    long version = rs.getLong(4);
    String body = rs.getString(5);
    boolean pool = kind.equals("IPPool");
    if (pool) {
      Decoded known = decodedPools.get(project + "/" + name);
      if (known != null && known.body.equals(body)) {
        return known.object;
      }
    }
    String where = kind + " " + project + "/" + name;
    IpamObject object;
    try {
      object = RowCodec.decode(body);
    } catch (RuntimeException e) {
      throw new StorageException("row " + where + " of ipam_objects is corrupt: "
          + e.getMessage());
    }
    if (!object.kind().name().equals(kind) || !object.metadata().project().equals(project)
        || !object.metadata().name().equals(name)
        || object.metadata().resourceVersion() != version) {
      throw new StorageException("row " + where + " of ipam_objects is corrupt: its body does"
          + " not match its key and version");
    }
    if (pool) {
      remember(object, body);
    }
    return object;
  }

  /**
   * A pool's body as last read or written, with the object it reads as. Every claim reads its
   * pool at least once, and parsing a pool's JSON cost more than the query; an unchanged body
   * (same text, so same version) is the same object.
   */
  private record Decoded(String body, IpamObject object) {}

  private void remember(IpamObject pool, String body) {
    if (decodedPools.size() >= DECODED_POOLS) {
      decodedPools.clear();
    }
    decodedPools.put(pool.metadata().project() + "/" + pool.metadata().name(),
        new Decoded(body, pool));
  }

  // ---- writes ----------------------------------------------------------------------------------

  @Override
  public List<IpamObject> commit(List<Write> writes) {
    List<IpamObject> stored = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    List<Decoded> written = new ArrayList<>();
    try (Connection c = connect()) {
      begin(c, true);
      try {
        apply(c, writes, nextRevision(c), stored, changes, written);
        commitTx(c);
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      if (isContention(e)) {
        throw new StaleWriteException("concurrent writer: " + e.getMessage());
      }
      throw failure("commit", e);
    }
    for (Decoded d : written) {
      remember(d.object(), d.body());
    }
    for (Consumer<List<Change>> listener : listeners) {
      listener.accept(changes);
    }
    return stored;
  }

  /**
   * The change set as three JDBC batches (deletes, then updates, then inserts, so that a block
   * freed and taken in one commit never overlaps itself), each row count checked.
   */
  private void apply(Connection c, List<Write> writes, long revision, List<IpamObject> stored,
      List<Change> changes, List<Decoded> written) throws SQLException {
    List<Write.Delete> deletes = new ArrayList<>();
    List<Write.Put> updates = new ArrayList<>();
    List<Write.Put> inserts = new ArrayList<>();
    List<IpamObject> updateObjects = new ArrayList<>();
    List<IpamObject> insertObjects = new ArrayList<>();
    for (Write w : writes) {
      if (w instanceof Write.Delete d) {
        IpamObject previous = query(c, "SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = ?"
            + " AND project = ? AND name = ?", IpamObject.class, w.kind().name(), w.project(),
            w.name()).stream().findFirst().orElseThrow(() -> stale(w));
        deletes.add(d);
        changes.add(new Change(Change.Type.DELETED, previous, revision));
      } else {
        Write.Put put = (Write.Put) w;
        IpamObject object = put.object().withMetadata(
            put.object().metadata().withResourceVersion(revision));
        stored.add(object);
        changes.add(new Change(w.expectedVersion() == 0 ? Change.Type.ADDED
            : Change.Type.MODIFIED, object, revision));
        (w.expectedVersion() == 0 ? inserts : updates).add(put);
        (w.expectedVersion() == 0 ? insertObjects : updateObjects).add(object);
      }
    }
    if (!deletes.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM ipam_objects WHERE kind = ?"
          + " AND project = ? AND name = ? AND resource_version = ?")) {
        for (Write.Delete d : deletes) {
          ps.setString(1, d.kind().name());
          ps.setString(2, d.project());
          ps.setString(3, d.name());
          ps.setLong(4, d.expectedVersion());
          ps.addBatch();
        }
        checkCounts(ps.executeBatch(), deletes);
      }
    }
    List<IpamObject> encoded = new ArrayList<>(updateObjects);
    encoded.addAll(insertObjects);
    try (Bodies bodies = new Bodies(encoded)) {
      if (!updates.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ipam_objects SET"
            + " resource_version = ?, pool_key = ?, cidr = " + cidrParameter()
            + ", pending_since = ?, body = ?, block_lo = ?, block_hi = ?, root_space = ?"
            + " WHERE kind = ? AND project = ? AND name = ? AND resource_version = ?")) {
          for (int i = 0; i < updates.size(); i++) {
            Write.Put w = updates.get(i);
            Derived d = Derived.of(updateObjects.get(i));
            ps.setLong(1, revision);
            setNullable(ps, 2, d.poolKey());
            setNullable(ps, 3, d.cidr());
            setPendingSince(ps, 4, d.pendingSince());
            ps.setString(5, bodies.body(i));
            setNullable(ps, 6, d.blockLow());
            setNullable(ps, 7, d.blockHigh());
            setNullable(ps, 8, d.rootSpace());
            ps.setString(9, w.kind().name());
            ps.setString(10, w.project());
            ps.setString(11, w.name());
            ps.setLong(12, w.expectedVersion());
            ps.addBatch();
          }
          checkCounts(ps.executeBatch(), updates);
        }
      }
      if (!inserts.isEmpty()) {
        int first = updates.size();
        if (dialect == Dialect.POSTGRESQL && inserts.size() >= COPY_FROM
            && c.isWrapperFor(PGConnection.class)) {
          copyIn(c.unwrap(PGConnection.class), inserts, insertObjects, bodies, first, revision);
        } else {
          insert(c, inserts, insertObjects, bodies, first, revision);
        }
      }
      for (int i = 0; i < encoded.size(); i++) {
        if (encoded.get(i) instanceof IPPool) {
          written.add(new Decoded(bodies.body(i), encoded.get(i)));
        }
      }
    }
  }

  /** Inserts in JDBC batches of {@link #BATCH} rows, so that the database works meanwhile. */
  private void insert(Connection c, List<Write.Put> inserts, List<IpamObject> objects,
      Bodies bodies, int first, long revision) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ipam_objects (kind, project,"
        + " name, resource_version, pool_key, cidr, pending_since, body, block_lo, block_hi,"
        + " root_space) VALUES (?, ?, ?, ?, ?, " + cidrParameter() + ", ?, ?, ?, ?, ?)")) {
      for (int from = 0; from < inserts.size(); from += BATCH) {
        int to = Math.min(inserts.size(), from + BATCH);
        for (int i = from; i < to; i++) {
          Write.Put w = inserts.get(i);
          Derived d = Derived.of(objects.get(i));
          ps.setString(1, w.kind().name());
          ps.setString(2, w.project());
          ps.setString(3, w.name());
          ps.setLong(4, revision);
          setNullable(ps, 5, d.poolKey());
          setNullable(ps, 6, d.cidr());
          setPendingSince(ps, 7, d.pendingSince());
          ps.setString(8, bodies.body(first + i));
          setNullable(ps, 9, d.blockLow());
          setNullable(ps, 10, d.blockHigh());
          setNullable(ps, 11, d.rootSpace());
          ps.addBatch();
        }
        checkCounts(ps.executeBatch(), inserts.subList(from, to));
      }
    }
  }

  /**
   * PostgreSQL: many inserts as one {@code COPY}, streamed while the rows are encoded (the server
   * inserts as they arrive). Triggers and constraints apply as to an {@code INSERT}; a taken key
   * fails the whole copy, and so the commit, as a unique violation.
   */
  private void copyIn(PGConnection c, List<Write.Put> inserts, List<IpamObject> objects,
      Bodies bodies, int first, long revision) throws SQLException {
    CopyIn copy = c.getCopyAPI().copyIn("COPY ipam_objects (kind, project, name,"
        + " resource_version, pool_key, cidr, pending_since, body, block_lo, block_hi,"
        + " root_space) FROM STDIN");
    try {
      CopyText row = new CopyText();
      for (int i = 0; i < inserts.size(); i++) {
        Write.Put w = inserts.get(i);
        Derived d = Derived.of(objects.get(i));
        row.field(w.kind().name()).field(w.project()).field(w.name())
            .field(Long.toString(revision)).field(d.poolKey()).field(d.cidr())
            .field(d.pendingSince() == null ? null : d.pendingSince().toString())
            .field(bodies.body(first + i)).field(d.blockLow()).field(d.blockHigh())
            .field(d.rootSpace()).endRow();
        if (row.size() >= CopyText.FLUSH_AT || i == inserts.size() - 1) {
          byte[] bytes = row.take();
          copy.writeToCopy(bytes, 0, bytes.length);
        }
      }
      long rows = copy.endCopy();
      if (rows != inserts.size()) {
        throw new StorageException("COPY stored " + rows + " of " + inserts.size() + " rows");
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void checkCounts(int[] counts, List<? extends Write> writes) {
    for (int i = 0; i < counts.length; i++) {
      // SUCCESS_NO_INFO (-2) is a driver's "done, count unknown": only for inserts, which fail
      // loudly on a taken key instead.
      if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
        throw stale(writes.get(i));
      }
    }
  }

  /**
   * The columns a stored object fills besides its key and body, derived in one place for every
   * write path: an allocation's pool and block, a root pool's address space and block (which the
   * overlap triggers read), a waiting claim's arrival time.
   */
  private record Derived(String poolKey, String cidr, Long pendingSince, String blockLow,
      String blockHigh, String rootSpace) {

    static Derived of(IpamObject object) {
      if (object instanceof IPAllocation a) {
        Cidr block = a.status().allocatedCIDR();
        return new Derived(a.spec().poolRef().projectOr(a.metadata().project()) + "/"
            + a.spec().poolRef().name(), block.toString(), null, JdbcStore.blockLow(block),
            JdbcStore.blockHigh(block), null);
      }
      if (object instanceof IPPool pool) {
        return pool.rootBlock().map(block -> new Derived(null, null, null,
            JdbcStore.blockLow(block), JdbcStore.blockHigh(block),
            pool.metadata().project() + "/" + block.family())).orElse(NONE);
      }
      if (object instanceof IPClaim claim && claim.status().phase() == ClaimPhase.Pending) {
        // Creation time in nanoseconds, which orders the pending queue.
        Instant created = claim.metadata().creationTimestamp().orElse(Instant.EPOCH);
        return new Derived(null, null,
            created.getEpochSecond() * 1_000_000_000L + created.getNano(), null, null, null);
      }
      return NONE;
    }

    private static final Derived NONE = new Derived(null, null, null, null, null, null);
  }

  private static void setPendingSince(PreparedStatement ps, int index, Long since)
      throws SQLException {
    if (since != null) {
      ps.setLong(index, since);
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

  private String cidrParameter() {
    return dialect == Dialect.POSTGRESQL ? "CAST(? AS inet)" : "?";
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static StaleWriteException stale(Write w) {
    return new StaleWriteException(w.kind() + " " + w.project() + "/" + w.name()
        + " is not at version " + w.expectedVersion());
  }

  private long nextRevision(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        try (ResultSet rs = s.executeQuery("SELECT nextval('ipam_revision')")) {
          rs.next();
          return rs.getLong(1);
        }
      }
      s.executeUpdate("UPDATE ipam_revision SET revision = revision + 1");
      try (ResultSet rs = s.executeQuery("SELECT revision FROM ipam_revision")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Races another writer lost (retry) rather than failures (report). */
  private boolean isContention(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        // unique or exclusion violation, serialization failure, deadlock
        if (state.equals("23505") || state.equals("23P01") || state.equals("40001")
            || state.equals("40P01")) {
          return true;
        }
        String message = String.valueOf(sql.getMessage());
        if (dialect == Dialect.SQLITE && (message.contains("UNIQUE constraint failed")
            || message.contains("ipam_no_overlapping_blocks")
            || message.contains("ipam_no_overlapping_root_pools")
            || message.contains("SQLITE_BUSY") || message.contains("database is locked"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Subscription subscribe(Consumer<List<Change>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new StorageException("cannot close the connection pool", e);
      }
    }
  }

  // ---- connections and transactions -------------------------------------------------------------

  /** This thread's connection under a PostgreSQL pool lock, else one from the pool. */
  private Connection connect() throws SQLException {
    Connection held = locked.get();
    // Try-with-resources blocks close what they get: the held connection must stay open.
    return held != null ? PooledUrlDataSource.onClose(held, () -> { }) : connectOwn();
  }

  private Connection connectOwn() throws SQLException {
    Connection c = dataSource.getConnection();
    if (ownedPool == null) {
      // A service's own pool may hand out connections it made itself: configure each borrow.
      configure(dialect, c);
    }
    return c;
  }

  /** Per-connection settings; our own pool applies them once, when it opens a connection. */
  private static void configure(Dialect dialect, Connection c) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        // Wait for other processes' writes instead of failing; WAL lets readers go on meanwhile.
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA synchronous = FULL");
      }
    }
  }

  /** Starts a transaction; for writes on SQLite, one that takes the write lock at once. */
  private void begin(Connection c, boolean write) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      c.setAutoCommit(true);
      execute(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
    } else {
      c.setAutoCommit(false);
    }
  }

  private void commitTx(Connection c) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      execute(c, "COMMIT");
    } else {
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private void rollback(Connection c) {
    try {
      if (dialect == Dialect.SQLITE) {
        execute(c, "ROLLBACK");
      } else {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // The transaction is gone either way; the original failure is what matters.
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private StorageException failure(String what, SQLException e) {
    return new StorageException("cannot " + what + " on " + dialect + ": " + e.getMessage(), e);
  }
}
