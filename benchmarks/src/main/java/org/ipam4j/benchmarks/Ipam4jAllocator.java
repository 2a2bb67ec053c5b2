package org.ipam4j.benchmarks;

import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.net.Cidr;

/** ipam4j's buddy-allocator prefix tree, FirstFit. */
final class Ipam4jAllocator implements BlockAllocator {

  private final PrefixAllocator allocator;

  Ipam4jAllocator(Cidr pool) {
    this.allocator = new PrefixAllocator(pool);
  }

  @Override
  public Object allocate(int prefixLength) {
    return allocator.allocate(prefixLength, Strategy.FirstFit);
  }

  @Override
  public void release(Object block) {
    allocator.release((Cidr) block);
  }

  @Override
  public Object state() {
    return allocator;
  }
}
