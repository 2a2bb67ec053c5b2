package org.ipam4j.benchmarks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipam4j.net.Cidr;

/**
 * The reference server's claim path, in memory: idempotency by claim name, the first pool (by name)
 * whose labels match, then every allocation of that pool loaded, sorted as big integers and scanned
 * for the first aligned gap. A full first match fails instead of trying the next. No database, no
 * Kubernetes: only the algorithm, so that the comparison is of algorithms.
 */
final class ReferenceStyleEngine {

  private record Pool(Cidr cidr, Map<String, String> labels, List<Cidr> allocations) {}

  private final TreeMap<String, Pool> pools = new TreeMap<>();
  private final Map<String, Cidr> claims = new HashMap<>();

  void addPool(String name, Cidr cidr, Map<String, String> labels) {
    pools.put(name, new Pool(cidr, labels, new ArrayList<>()));
  }

  Cidr claim(String name, Map<String, String> selector, int prefixLength) {
    Cidr existing = claims.get(name);
    if (existing != null) {
      return existing;
    }
    Pool pool = null;
    for (Pool p : pools.values()) {
      if (p.labels().entrySet().containsAll(selector.entrySet())) {
        pool = p;
        break;
      }
    }
    if (pool == null) {
      throw new IllegalStateException("no pool matches");
    }
    List<Cidr> sorted = new ArrayList<>(pool.allocations());
    sorted.sort((a, b) -> a.addressValue().compareTo(b.addressValue()));
    BigInteger size = BigInteger.ONE.shiftLeft(pool.cidr().family().bits() - prefixLength);
    BigInteger cursor = pool.cidr().addressValue();
    BigInteger end = cursor.add(pool.cidr().size());
    for (Cidr a : sorted) {
      BigInteger candidate = alignUp(cursor, size);
      if (candidate.add(size).compareTo(a.addressValue()) <= 0) {
        return take(name, pool, candidate, prefixLength);
      }
      cursor = cursor.max(a.addressValue().add(a.size()));
    }
    BigInteger candidate = alignUp(cursor, size);
    if (candidate.add(size).compareTo(end) <= 0) {
      return take(name, pool, candidate, prefixLength);
    }
    throw new IllegalStateException("pool exhausted");
  }

  private Cidr take(String name, Pool pool, BigInteger address, int prefixLength) {
    Cidr block = Cidr.ipv4(address.intValue(), prefixLength);
    pool.allocations().add(block);
    claims.put(name, block);
    return block;
  }

  private static BigInteger alignUp(BigInteger value, BigInteger size) {
    BigInteger rem = value.mod(size);
    return rem.signum() == 0 ? value : value.add(size).subtract(rem);
  }
}
