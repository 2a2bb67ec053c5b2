package org.ipam4j.benchmarks;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.PrefixBlockAllocator;

/**
 * IPAddress's {@code PrefixBlockAllocator}. It has no release: giving a block back is {@code
 * addAvailable}, which also accepts blocks that were never handed out or are already free.
 */
final class IpAddressLibraryAllocator implements BlockAllocator {

  private final PrefixBlockAllocator<IPAddress> allocator = new PrefixBlockAllocator<>();
  private final int bits;

  IpAddressLibraryAllocator(String pool) {
    IPAddress block = new IPAddressString(pool).getAddress().toPrefixBlock();
    bits = block.getBitCount();
    allocator.addAvailable(block);
  }

  @Override
  public Object allocate(int prefixLength) {
    IPAddress block = allocator.allocateBitLength(bits - prefixLength);
    if (block == null) {
      throw new IllegalStateException("IPAddress allocator is exhausted");
    }
    return block;
  }

  @Override
  public void release(Object block) {
    allocator.addAvailable((IPAddress) block);
  }

  @Override
  public Object state() {
    return allocator;
  }
}
