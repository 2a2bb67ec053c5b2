package org.ipam4j;

/**
 * The request collides with the current state: the name or block is taken, the object is still in
 * use, or an immutable field would change (HTTP 409).
 */
public final class ConflictException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * A conflict, told in words.
   *
   * @param message names the field or object and the value at fault
   */
  public ConflictException(String message) {
    super(message);
  }

  @Override
  public int statusCode() {
    return 409;
  }
}
