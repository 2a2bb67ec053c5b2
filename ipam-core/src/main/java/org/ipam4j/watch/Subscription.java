package org.ipam4j.watch;

/**
 * A registration that {@link #close()} ends; closing twice is harmless.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Stops delivery; a listener call already running finishes. Throws nothing. */
  @Override
  void close();
}
