package org.ipam4j;

/** The named object does not exist, or is not visible from the caller's project (HTTP 404). */
public final class NotFoundException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * A missing object, told in words.
   *
   * @param message names the field or object and the value at fault
   */
  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public int statusCode() {
    return 404;
  }
}
