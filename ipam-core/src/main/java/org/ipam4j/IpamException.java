package org.ipam4j;

/**
 * The root of every error ipam4j raises. Each subtype says what went wrong and carries the HTTP
 * status code the reference server answers with, so a service can map it straight through.
 *
 * <p>Every ipam4j operation that fails with an {@code IpamException} has changed nothing.
 */
public abstract sealed class IpamException extends RuntimeException
    permits InvalidException,
        ForbiddenException,
        NotFoundException,
        ConflictException,
        ExhaustedException,
        StorageException,
        StaleWriteException,
        LockTimeoutException,
        ExpiredException {

  private static final long serialVersionUID = 1L;

  IpamException(String message) {
    super(message);
  }

  /**
   * The same error, of the same type, placed at {@code where} (a file position, or {@code
   * objects[2] IPClaim team-a/web} for an object of a set): an {@link InvalidException}'s problems
   * that have no position get it; any other error's message is prefixed with it. A {@link
   * StorageException} or {@link LockTimeoutException} is about the store, not about the object at
   * {@code where}: it comes back as it is, so that no input is blamed for it.
   *
   * @param where the position of the object at fault
   * @return a new exception of the same type, or this one
   */
  public IpamException prefixed(String where) {
    if (this instanceof StorageException
        || this instanceof LockTimeoutException
        || this instanceof ExpiredException) {
      return this;
    }
    String message = where + ": " + getMessage();
    IpamException out;
    if (this instanceof InvalidException invalid) {
      out =
          new InvalidException(
              invalid.violations().stream()
                  .map(v -> v.where().isEmpty() ? v.at(where) : v)
                  .toList());
    } else if (this instanceof ForbiddenException) {
      out = new ForbiddenException(message);
    } else if (this instanceof NotFoundException) {
      out = new NotFoundException(message);
    } else if (this instanceof ConflictException) {
      out = new ConflictException(message);
    } else if (this instanceof ExhaustedException) {
      out = new ExhaustedException(message);
    } else {
      out =
          StaleWriteException.blocksOverlap(
              ((StaleWriteException) this).blocksRefusedIn(), message);
    }
    return out;
  }

  /**
   * The HTTP status code the reference server would answer with (400, 403, 404, 409 or 507; 500 for
   * a store failure, 503 for a lock not had in time, 410 for a watch that expired).
   *
   * @return the status code
   */
  public abstract int statusCode();
}
