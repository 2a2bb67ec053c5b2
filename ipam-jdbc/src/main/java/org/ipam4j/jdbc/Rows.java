package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ipam4j.InvalidException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.PoolBlocks;

/**
 * The store's reads: each object is one row of {@code ipam_objects} holding its JSON, keyed by
 * kind, project and name, with its {@code resourceVersion}; a row that does not read back as the
 * object its key names is a {@link StorageException} naming the row.
 */
final class Rows {

  static final String COLUMNS = "kind, project, name, resource_version, body";
  static final String PENDING_SQL =
      "SELECT "
          + COLUMNS
          + " FROM ipam_objects"
          + " WHERE pending_since IS NOT NULL ORDER BY pending_since, project, name";

  /** Parsed pools kept, at most; past this the cache starts again. */
  private static final int DECODED_POOLS = 4096;

  private final Connections connections;
  private final SqlDialect dialect;
  private final ConcurrentHashMap<String, Decoded> decodedPools = new ConcurrentHashMap<>();

  /**
   * A pool's body as last read or written, with the object it reads as. Every claim reads its pool
   * at least once, and parsing a pool's JSON cost more than the query; an unchanged body (same
   * text, so same version) is the same object.
   */
  record Decoded(String body, IpamObject object) {}

  Rows(Connections connections) {
    this.connections = connections;
    this.dialect = connections.dialect();
  }

  <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    if (type == IPPool.class) {
      Optional<Connections.PoolRow> read = connections.takePoolReadAtLock(project, name);
      if (read.isPresent()) {
        // The pool as the lock statement read it, once the lock was had: no second round trip.
        Connections.PoolRow row = read.get();
        return row.body() == null
            ? Optional.empty()
            : Optional.of(
                type.cast(
                    decode(
                        "IPPool",
                        project,
                        name,
                        row.version(),
                        java.util.Objects.requireNonNull(row.body()))));
      }
    }
    return query(
            "SELECT "
                + COLUMNS
                + " FROM ipam_objects WHERE kind = ? AND project = ?"
                + " AND name = ?",
            type,
            Kind.of(type).name(),
            project,
            name)
        .stream()
        .findFirst();
  }

  /** One statement: a primary-key lookup per key, joined by UNION ALL. */
  List<Optional<IpamObject>> getAll(List<ObjectKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder();
    String[] args = new String[keys.size() * 3];
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(COLUMNS)
          .append(" FROM ipam_objects WHERE kind = ? AND project = ? AND name = ?");
      args[3 * i] = keys.get(i).kind().name();
      args[3 * i + 1] = keys.get(i).project();
      args[3 * i + 2] = keys.get(i).name();
    }
    Map<ObjectKey, IpamObject> found = new HashMap<>();
    for (IpamObject o : query(sql.toString(), IpamObject.class, args)) {
      found.put(new ObjectKey(o.kind(), o.metadata().project(), o.metadata().name()), o);
    }
    List<Optional<IpamObject>> out = new ArrayList<>(keys.size());
    for (ObjectKey key : keys) {
      out.add(Optional.ofNullable(found.get(key)));
    }
    return out;
  }

  <T extends IpamObject> List<T> list(Class<T> type, Optional<String> project) {
    if (project.isPresent()) {
      return query(
          "SELECT "
              + COLUMNS
              + " FROM ipam_objects WHERE kind = ? AND project = ?"
              + " ORDER BY name",
          type,
          Kind.of(type).name(),
          project.get());
    }
    return query(
        "SELECT " + COLUMNS + " FROM ipam_objects WHERE kind = ? ORDER BY project, name",
        type,
        Kind.of(type).name());
  }

  List<IPPool> pools(String project, LabelSelector selector) {
    List<IPPool> out = new ArrayList<>();
    for (IPPool p : list(IPPool.class, Optional.of(project))) {
      if (selector.matches(p.metadata().labels())) {
        out.add(p);
      }
    }
    return out;
  }

  List<IPAllocation> allocationsOfPool(String poolProject, String poolName) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM ipam_objects WHERE kind = 'IPAllocation'"
            + " AND pool_key = ?",
        IPAllocation.class,
        poolProject + "/" + poolName);
  }

  /**
   * One statement, so one snapshot on either database: the pool's row and its allocations' blocks
   * side by side (a block travels in the body column).
   */
  Optional<PoolBlocks> poolBlocks(String poolProject, String poolName, long sinceVersion) {
    String key = poolProject + "/" + poolName;
    try (Connection c = connections.connect();
        PreparedStatement ps = c.prepareStatement(poolBlocksSql())) {
      ps.setString(1, poolProject);
      ps.setString(2, poolName);
      ps.setString(3, key);
      ps.setLong(4, sinceVersion);
      IPPool pool = null;
      List<Cidr> written = new ArrayList<>();
      List<String> holders = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("IPPool")) {
            pool = (IPPool) decode(rs);
          } else {
            String row = "IPAllocation " + rs.getString(2) + "/" + rs.getString(3);
            Cidr block = parseBlock(key, rs.getString(5));
            if (!BlockColumns.low(block).equals(rs.getString(6))
                || !BlockColumns.high(block).equals(rs.getString(7))) {
              throw corrupt(
                  row,
                  "its cidr column "
                      + block
                      + " disagrees with its block"
                      + " columns"
                      + bodyBlock(rs.getString(2), rs.getString(3)));
            }
            written.add(block);
            holders.add(row);
          }
        }
      }
      // Blocks without their pool are a deleted pool's leftovers: no pool, nothing to index.
      if (pool == null) {
        return Optional.empty();
      }
      Optional<Cidr> space = pool.status().allocatedCIDR();
      for (int i = 0; space.isPresent() && i < written.size(); i++) {
        if (!space.get().contains(written.get(i))) {
          throw corrupt(
              holders.get(i),
              written.get(i) + " is not inside IPPool " + key + " (" + space.get() + ")");
        }
      }
      return Optional.of(new PoolBlocks(pool, written));
    } catch (SQLException e) {
      throw dialect.failure("read the blocks of pool " + poolProject + "/" + poolName, e);
    }
  }

  /** ", and its body says B", for a message about an allocation's columns. */
  private String bodyBlock(String project, String name) {
    try {
      return get(IPAllocation.class, project, name)
          .map(a -> "; its body says " + a.status().allocatedCIDR())
          .orElse("");
    } catch (StorageException e) {
      return "; its body cannot be read either";
    }
  }

  static StorageException corrupt(String row, String what) {
    return new StorageException(
        "row "
            + row
            + " of ipam_objects is corrupt: "
            + what
            + " (ipamctl check lists every such row; fix or delete it)");
  }

  /** The pool's row, then its allocations written after a version: {@link #poolBlocks}. */
  String poolBlocksSql() {
    return "SELECT "
        + COLUMNS
        + ", NULL, NULL FROM ipam_objects WHERE kind = 'IPPool' AND"
        + " project = ? AND name = ? UNION ALL SELECT kind, project, name, resource_version, "
        + dialect.cidrText()
        + ", block_lo, block_hi FROM ipam_objects WHERE pool_key = ? AND"
        + " resource_version > ? AND kind = 'IPAllocation'";
  }

  static Cidr parseBlock(String poolKey, String text) {
    try {
      return Cidr.parse(text);
    } catch (InvalidException e) {
      throw new StorageException(
          "an allocation of pool " + poolKey + " has a corrupt block: " + e.getMessage());
    }
  }

  List<IPClaim> pendingClaims() {
    // Only claims have pending_since; naming no kind lets the planners take the small partial
    // index in its own order, where "kind = 'IPClaim'" drew them to scan every claim.
    return pendingOnly(query(PENDING_SQL, IpamObject.class));
  }

  /** The waiting claims with one of these keys, by the index on what they wait on. */
  List<IPClaim> pendingClaims(List<String> waitKeys) {
    List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(waitKeys));
    if (keys.isEmpty()) {
      return List.of();
    }
    return pendingOnly(
        query(pendingByKeySql(keys.size()), IpamObject.class, keys.toArray(String[]::new)));
  }

  /**
   * The statement of {@link #pendingClaims(List)} for that many keys. Only a waiting claim has
   * {@code waits_on}; naming no other condition keeps the planners off the index of every waiting
   * claim, which would filter them all.
   */
  static String pendingByKeySql(int keys) {
    return "SELECT "
        + COLUMNS
        + " FROM ipam_objects WHERE waits_on IN ("
        + String.join(", ", java.util.Collections.nCopies(keys, "?"))
        + ") ORDER BY pending_since, project, name";
  }

  static final String ROOT_OVERLAP_SQL =
      "SELECT "
          + COLUMNS
          + " FROM ipam_objects WHERE root_space = ? AND block_lo <= ? AND block_hi >= ?"
          + " ORDER BY block_lo DESC LIMIT 1";

  /**
   * The stored root pool of a project whose block overlaps {@code block}: of the project's root
   * pools, which never overlap each other, only the last to start at or before the block's end can,
   * so this is one descent of the root-pool index.
   */
  Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    return query(
            ROOT_OVERLAP_SQL,
            IPPool.class,
            project + "/" + block.family(),
            BlockColumns.high(block),
            BlockColumns.low(block))
        .stream()
        .findFirst();
  }

  private static List<IPClaim> pendingOnly(List<IpamObject> rows) {
    List<IPClaim> claims = new ArrayList<>(rows.size());
    for (IpamObject row : rows) {
      if (!(row instanceof IPClaim claim)) {
        throw new StorageException(
            row.kind()
                + " "
                + row.metadata().key()
                + " of ipam_objects is corrupt: only a claim can be pending");
      }
      claims.add(claim);
    }
    return claims;
  }

  long revision() {
    try (Connection c = connections.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.revisionSql())) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw dialect.failure("read the revision", e);
    }
  }

  <T extends IpamObject> List<T> query(String sql, Class<T> type, String... args) {
    try (Connection c = connections.connect()) {
      return query(c, sql, type, args);
    } catch (SQLException e) {
      throw dialect.failure("read " + type.getSimpleName(), e);
    }
  }

  <T extends IpamObject> List<T> query(Connection c, String sql, Class<T> type, String... args)
      throws SQLException {
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
  IpamObject decode(ResultSet rs) throws SQLException {
    return decode(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));
  }

  /** A row's columns back into its object; a row that does not read back is corrupt. */
  IpamObject decode(String kind, String project, String name, long version, String body) {
    boolean pool = kind.equals("IPPool");
    if (pool) {
      Decoded known = decodedPools.get(project + "/" + name);
      if (known != null && known.body().equals(body)) {
        return known.object();
      }
    }
    String where = kind + " " + project + "/" + name;
    IpamObject object;
    try {
      object = RowCodec.decode(kind, project, name, version, body);
    } catch (RuntimeException e) {
      throw new StorageException("row " + where + " of ipam_objects is corrupt: " + e.getMessage());
    }
    if (!object.kind().name().equals(kind)
        || !object.metadata().project().equals(project)
        || !object.metadata().name().equals(name)
        || object.metadata().resourceVersion() != version) {
      throw new StorageException(
          "row "
              + where
              + " of ipam_objects is corrupt: its body does"
              + " not match its key and version");
    }
    if (pool) {
      remember(object, body);
    }
    return object;
  }

  void remember(IpamObject pool, String body) {
    if (decodedPools.size() >= DECODED_POOLS) {
      decodedPools.clear();
    }
    decodedPools.put(
        pool.metadata().project() + "/" + pool.metadata().name(), new Decoded(body, pool));
  }
}
