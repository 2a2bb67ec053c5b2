package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.WaitKeys;
import org.ipam4j.store.Write;
import org.jspecify.annotations.Nullable;

/**
 * The shape of an {@code ipam_objects} row: the columns an object fills besides its key and body,
 * derived in one place ({@link Derived}) for every write path and the migrations, and how an insert
 * or a guarded update binds them. {@link Writes} decides which statements a commit runs.
 */
final class RowShape {

  private RowShape() {}

  static final String INSERT_COLUMNS =
      "kind, project, name, resource_version, pool_key, cidr,"
          + " pending_since, body, block_lo, block_hi, root_space, waits_on";

  /** Inserts go to the database in JDBC batches of this many rows. */
  private static final int BATCH = 512;

  /**
   * One row to insert, with the columns derived from its object. Its body is taken from {@link
   * Bodies} only when the row is written, so that encoding runs ahead of the database rather than
   * all before it.
   */
  record Row(
      String kind,
      String project,
      String name,
      long revision,
      Derived derived,
      Bodies bodies,
      int index) {
    String body() {
      return bodies.body(index);
    }
  }

  /** Inserts in JDBC batches of {@link #BATCH} rows, so that the database works meanwhile. */
  static void batchInsert(Connection c, SqlDialect dialect, List<Row> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ipam_objects ("
                + INSERT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, "
                + dialect.cidrParameter()
                + ", ?, ?, ?, ?, ?, ?)")) {
      for (int from = 0; from < rows.size(); from += BATCH) {
        int to = Math.min(rows.size(), from + BATCH);
        for (int i = from; i < to; i++) {
          bindInsert(ps, 1, rows.get(i));
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
            Row row = rows.get(from + i);
            throw new StaleWriteException(
                row.kind() + " " + row.project() + "/" + row.name() + " exists already");
          }
        }
      }
    }
  }

  /** Binds one update's parameters from {@code at}; returns the next parameter's index. */
  static int bindUpdate(
      PreparedStatement ps, int at, Write.Put w, IpamObject object, String body, long revision)
      throws SQLException {
    Derived d = Derived.of(object);
    ps.setLong(at, revision);
    setNullable(ps, at + 1, d.poolKey());
    setNullable(ps, at + 2, d.cidr());
    setPendingSince(ps, at + 3, d.pendingSince());
    ps.setString(at + 4, body);
    setNullable(ps, at + 5, d.blockLow());
    setNullable(ps, at + 6, d.blockHigh());
    setNullable(ps, at + 7, d.rootSpace());
    setNullable(ps, at + 8, d.waitsOn());
    ps.setString(at + 9, w.kind().name());
    ps.setString(at + 10, w.project());
    ps.setString(at + 11, w.name());
    ps.setLong(at + 12, w.expectedVersion());
    return at + 13;
  }

  /** Binds one insert's parameters from {@code at}; returns the next parameter's index. */
  static int bindInsert(PreparedStatement ps, int at, Row row) throws SQLException {
    Derived d = row.derived();
    ps.setString(at, row.kind());
    ps.setString(at + 1, row.project());
    ps.setString(at + 2, row.name());
    ps.setLong(at + 3, row.revision());
    setNullable(ps, at + 4, d.poolKey());
    setNullable(ps, at + 5, d.cidr());
    setPendingSince(ps, at + 6, d.pendingSince());
    ps.setString(at + 7, row.body());
    setNullable(ps, at + 8, d.blockLow());
    setNullable(ps, at + 9, d.blockHigh());
    setNullable(ps, at + 10, d.rootSpace());
    setNullable(ps, at + 11, d.waitsOn());
    return at + 12;
  }

  /**
   * The columns a stored object fills besides its key and body, derived in one place for every
   * write path: an allocation's pool and block, a root pool's address space and block (which the
   * overlap triggers read), a waiting claim's arrival time.
   */
  record Derived(
      @Nullable String poolKey,
      @Nullable String cidr,
      @Nullable Long pendingSince,
      @Nullable String blockLow,
      @Nullable String blockHigh,
      @Nullable String rootSpace,
      @Nullable String waitsOn) {

    private static final Derived NONE = new Derived(null, null, null, null, null, null, null);

    static Derived of(IpamObject object) {
      if (object instanceof IPAllocation a) {
        Cidr block = a.status().allocatedCIDR();
        return new Derived(
            a.spec().poolRef().projectOr(a.metadata().project()) + "/" + a.spec().poolRef().name(),
            block.toString(),
            null,
            BlockColumns.low(block),
            BlockColumns.high(block),
            null,
            null);
      }
      if (object instanceof IPPool pool) {
        return pool.rootBlock()
            .map(
                block ->
                    new Derived(
                        null,
                        null,
                        null,
                        BlockColumns.low(block),
                        BlockColumns.high(block),
                        pool.metadata().project() + "/" + block.family(),
                        null))
            .orElse(NONE);
      }
      if (object instanceof IPClaim claim && claim.status().phase() == ClaimPhase.Pending) {
        // Creation time in nanoseconds, which orders the pending queue.
        Instant created = claim.metadata().creationTimestamp().orElse(Instant.EPOCH);
        return new Derived(
            null,
            null,
            created.getEpochSecond() * 1_000_000_000L + created.getNano(),
            null,
            null,
            null,
            WaitKeys.of(claim));
      }
      return NONE;
    }
  }

  private static void setPendingSince(PreparedStatement ps, int index, @Nullable Long since)
      throws SQLException {
    if (since != null) {
      ps.setLong(index, since);
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

  static void setNullable(PreparedStatement ps, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }
}
