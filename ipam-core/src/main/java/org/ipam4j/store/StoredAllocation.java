package org.ipam4j.store;

import java.time.Instant;
import java.util.Optional;
import org.ipam4j.internal.Parts;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.Cidr;

/**
 * How the in-memory store keeps an allocation whose status is the one it was made with ({@link
 * IPAllocationStatus#ready} at its creation time), which is every allocation the engine writes: the
 * metadata, the spec and the block, and not the status record, its list and its condition, which
 * are made again, equal, on each read. That is 88 of the bytes a held claim costs; a read of an
 * allocation pays three small objects for it. An allocation with any other status is kept as it is.
 */
record StoredAllocation(ObjectMeta metadata, IPAllocationSpec spec, Cidr block) {

  /**
   * What the store keeps for {@code object}: a {@code StoredAllocation} where it can, or itself.
   */
  static Object of(IpamObject object) {
    if (object instanceof IPAllocation a) {
      Optional<Instant> made = a.metadata().creationTimestamp();
      Cidr block = a.status().allocatedCIDR();
      if (made.isPresent() && a.status().isReadySince(made.get())) {
        return new StoredAllocation(a.metadata(), a.spec(), block);
      }
    }
    return object;
  }

  /** The object {@code kept} stands for: what was written. */
  static IpamObject open(Object kept) {
    return kept instanceof StoredAllocation s ? s.allocation() : (IpamObject) kept;
  }

  /** The metadata of what {@code kept} stands for, without making it. */
  static ObjectMeta metadataOf(Object kept) {
    return kept instanceof StoredAllocation s ? s.metadata() : Parts.metadata((IpamObject) kept);
  }

  /** The block of the allocation {@code kept} stands for, without making it. */
  static Cidr blockOf(Object kept) {
    return kept instanceof StoredAllocation s
        ? s.block()
        : ((IPAllocation) kept).status().allocatedCIDR();
  }

  IPAllocation allocation() {
    return new IPAllocation(
        metadata,
        spec,
        IPAllocationStatus.ready(
            block,
            metadata
                .creationTimestamp()
                .orElseThrow(() -> new IllegalStateException("kept with its creation time"))));
  }
}
