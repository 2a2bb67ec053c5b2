package org.ipam4j;

/**
 * The store cannot do what was asked: it is unreachable, or it holds data this release cannot read
 * (a corrupt row, a schema from a newer release). Nothing was changed (HTTP 500).
 */
public final class StorageException extends IpamException {

  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }

  @Override
  public int statusCode() {
    return 500;
  }
}
