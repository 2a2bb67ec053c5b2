package org.ipam4j.store;

/** A registration that {@link #close()} ends; closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Stops delivery. Throws nothing. */
  @Override
  void close();
}
