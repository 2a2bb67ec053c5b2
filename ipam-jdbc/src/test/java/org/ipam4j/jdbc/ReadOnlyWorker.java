package org.ipam4j.jdbc;

import org.ipam4j.IpamException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;

/**
 * Reads store {@code args[0]} and tries one write, as a user who may only read its folder: it
 * prints {@code pools N}, then {@code refused: MESSAGE} or {@code wrote}.
 */
public final class ReadOnlyWorker {

  private ReadOnlyWorker() {}

  public static void main(String[] args) {
    try (JdbcStore store = JdbcStore.open(args[0])) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      System.out.println("pools " + engine.listPools("p").size());
      try {
        engine.applyPool(IPPool.of("p", "other", IPPoolSpec.root("10.9.0.0/16")));
        System.out.println("wrote");
      } catch (IpamException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }
}
