package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

class PostgresEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    return PostgresTests.freshDatabaseUrl();
  }

  @Test
  void theDatabaseItselfRefusesOverlappingBlocksInAPool() {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")));
    }
    // As a bug (or a hand-edit) would: a second row whose block overlaps the first.
    assertThatThrownBy(() -> sql(url, "INSERT INTO ipam_objects (kind, project, name,"
        + " resource_version, pool_key, cidr, body) VALUES ('IPAllocation', 'p', 'rogue', 999,"
        + " 'p/pool', '10.0.0.64/26', '{}')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_no_overlapping_blocks");
  }
}
