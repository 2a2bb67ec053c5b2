package org.ipam4j.benchmarks;

import org.ipam4j.net.Cidr;

/** The allocators measured side by side in every benchmark. */
public enum Peer {
  IPAM4J {
    @Override
    BlockAllocator create(String pool) {
      return new Ipam4jAllocator(Cidr.parse(pool));
    }
  },
  IPADDRESS_PREFIX_BLOCK_ALLOCATOR {
    @Override
    BlockAllocator create(String pool) {
      return new IpAddressLibraryAllocator(pool);
    }
  },
  SORTED_SCAN {
    @Override
    BlockAllocator create(String pool) {
      return new SortedScanAllocator(Cidr.parse(pool));
    }
  };

  abstract BlockAllocator create(String pool);
}
