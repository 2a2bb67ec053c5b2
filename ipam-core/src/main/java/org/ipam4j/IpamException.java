package org.ipam4j;

/**
 * The root of every error ipam4j raises. Each subtype says what went wrong and carries the HTTP
 * status code the reference server answers with, so a service can map it straight through.
 *
 * <p>Every ipam4j operation that fails with an {@code IpamException} has changed nothing.
 */
public abstract sealed class IpamException extends RuntimeException
    permits InvalidException, ForbiddenException, NotFoundException, ConflictException,
        ExhaustedException, StorageException, StaleWriteException {

  private static final long serialVersionUID = 1L;

  IpamException(String message) {
    super(message);
  }

  /**
   * The HTTP status code the reference server would answer with (400, 403, 404, 409 or 507; 500
   * for a store failure).
   */
  public abstract int statusCode();
}
