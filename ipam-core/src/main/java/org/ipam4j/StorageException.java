package org.ipam4j;

/**
 * The store cannot do what was asked: it is unreachable, or it holds data this release cannot read
 * (a corrupt row, a schema from a newer release). Nothing was changed (HTTP 500).
 */
public final class StorageException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * A store failure with no underlying exception.
   *
   * @param message what the store cannot do, naming the row or the database
   */
  public StorageException(String message) {
    super(message);
  }

  /**
   * A store failure caused by another exception, such as the driver's.
   *
   * @param message what the store cannot do, naming the row or the database
   * @param cause the underlying exception
   */
  public StorageException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }

  @Override
  public int statusCode() {
    return 500;
  }
}
