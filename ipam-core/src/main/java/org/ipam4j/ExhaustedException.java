package org.ipam4j;

/** No free block of the requested size is left in the pool (HTTP 507, insufficient storage). */
public final class ExhaustedException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * An exhaustion, told in words.
   *
   * @param message names the field or object and the value at fault
   */
  public ExhaustedException(String message) {
    super(message);
  }

  @Override
  public int statusCode() {
    return 507;
  }
}
