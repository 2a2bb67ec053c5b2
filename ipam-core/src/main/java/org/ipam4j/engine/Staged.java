package org.ipam4j.engine;

import java.util.Optional;
import org.ipam4j.model.IpamObject;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Plan} holds for one key: the version it was read at (0: absent), its state, whether
 * the plan wrote it, and the object as read or, for a delete, as deleted (null when put without a
 * read), which tells claim listeners what a commit changed.
 */
record Staged(
    long baseVersion, Optional<IpamObject> object, boolean written, @Nullable IpamObject before) {

  /** As read (or written over what was read), before being any different. */
  Staged(long baseVersion, Optional<IpamObject> object, boolean written) {
    this(baseVersion, object, written, object.orElse(null));
  }
}
