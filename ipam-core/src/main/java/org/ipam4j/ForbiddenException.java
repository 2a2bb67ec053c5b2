package org.ipam4j;

/**
 * The caller may not use the object it named, such as a pool in another project that is not shared
 * with it (HTTP 403).
 */
public final class ForbiddenException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * A refusal, told in words.
   *
   * @param message names the field or object and the value at fault
   */
  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public int statusCode() {
    return 403;
  }
}
