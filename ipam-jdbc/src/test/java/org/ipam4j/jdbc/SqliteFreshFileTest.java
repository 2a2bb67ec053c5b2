package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.ipam4j.model.IPPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores opening one new SQLite file together: SQLite answers busy at once to the switch to WAL
 * while another connection is creating the same file, without its busy timeout, so the store waits
 * itself, within its lock timeout. Before, one of six failed within a few rounds, with a
 * LockTimeoutException that claimed a 30 s wait. Found when four Spring contexts started together
 * on one file.
 */
class SqliteFreshFileTest {

  @TempDir Path dir;

  @Test
  void storesOpeningOneNewFileTogetherAllOpen() throws Exception {
    for (int round = 0; round < 20; round++) {
      String url = "jdbc:sqlite:" + dir.resolve("ipam-" + round + ".db");
      CountDownLatch go = new CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<Integer>> opened = new java.util.ArrayList<>();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(6);
      try {
        for (int i = 0; i < 6; i++) {
          opened.add(
              pool.submit(
                  () -> {
                    go.await();
                    try (JdbcStore store = JdbcStore.open(url)) {
                      return store.list(IPPool.class, java.util.Optional.empty()).size();
                    }
                  }));
        }
        go.countDown();
        for (java.util.concurrent.Future<Integer> f : opened) {
          assertThat(f.get()).isZero();
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
