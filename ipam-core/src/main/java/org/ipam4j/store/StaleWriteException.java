package org.ipam4j.store;

/**
 * A commit found an object at another version than its writer read (or found one that was to be
 * created, or missed one that was to be replaced). Nothing was written. The engine re-reads and
 * retries; callers of a store directly should do the same.
 */
public final class StaleWriteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StaleWriteException(String message) {
    super(message);
  }
}
