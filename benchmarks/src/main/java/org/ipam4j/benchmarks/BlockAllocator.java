package org.ipam4j.benchmarks;

/**
 * The one operation pair every allocator under measurement offers: take a block of a prefix length,
 * give it back. Blocks are opaque handles so that each peer keeps its own representation.
 */
interface BlockAllocator {

  /** A block of {@code prefixLength}, or throws if none is free. */
  Object allocate(int prefixLength);

  void release(Object block);

  /**
   * Takes {@code count} blocks of {@code prefixLength} from an empty allocator, as that many {@link
   * #allocate} calls would, and answers their handles. Only benchmark set-up uses it, so a peer
   * whose claims cost O(held) can be brought to a million held blocks in reasonable time.
   */
  default Object[] preload(int prefixLength, int count) {
    Object[] blocks = new Object[count];
    for (int i = 0; i < count; i++) {
      blocks[i] = allocate(prefixLength);
    }
    return blocks;
  }

  /** The object graph that holds this allocator's state, for retained-size measurement. */
  Object state();
}
