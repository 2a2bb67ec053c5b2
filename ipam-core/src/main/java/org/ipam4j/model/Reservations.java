package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A pool's {@code spec.reservations}: blocks the pool holds for itself, each as a real IPAllocation
 * of purpose {@code Reservation} that no claim ever receives. {@code leading} and {@code trailing}
 * are the reference server's: that many blocks of {@code /unitPrefixLength} at the start and at the
 * end of the pool. {@code cidrs} is ipam4j's extension: blocks anywhere inside the pool.
 *
 * @param leading how many blocks of {@code unitPrefixLength} at the start of the pool are reserved
 * @param trailing how many blocks of {@code unitPrefixLength} at the end of the pool are reserved
 * @param unitPrefixLength the size of one leading or trailing block; required when either is
 *     non-zero
 * @param cidrs further blocks to reserve, as written (validated when the pool is applied)
 */
public record Reservations(
    int leading, int trailing, OptionalInt unitPrefixLength, List<String> cidrs) {

  private static final Reservations NONE = new Reservations(0, 0, OptionalInt.empty(), List.of());

  /**
   * Checks that no component is null, and copies {@code cidrs}.
   *
   * @param leading how many blocks of {@code unitPrefixLength} at the start of the pool are
   *     reserved
   * @param trailing how many blocks of {@code unitPrefixLength} at the end of the pool are reserved
   * @param unitPrefixLength the size of one leading or trailing block
   * @param cidrs further blocks to reserve, as written
   */
  public Reservations {
    Objects.requireNonNull(unitPrefixLength, "unitPrefixLength");
    cidrs = List.copyOf(cidrs);
  }

  /**
   * No reservations: the pool of a manifest that states none.
   *
   * @return nothing reserved
   */
  public static Reservations none() {
    return NONE;
  }

  /**
   * Reservations of these blocks only.
   *
   * @param cidrs the blocks, e.g. {@code 10.0.0.0/29}
   * @return no leading or trailing blocks, and these
   */
  public static Reservations of(String... cidrs) {
    return new Reservations(0, 0, OptionalInt.empty(), List.of(cidrs));
  }

  /**
   * The reference server's edge reservations.
   *
   * @param leading blocks at the start of the pool
   * @param trailing blocks at the end of the pool
   * @param unitPrefixLength the size of each
   * @return these edges and no other blocks
   */
  public static Reservations edges(int leading, int trailing, int unitPrefixLength) {
    return new Reservations(leading, trailing, OptionalInt.of(unitPrefixLength), List.of());
  }

  /**
   * Whether nothing is reserved and nothing was stated.
   *
   * @return true for {@link #none()}'s value
   */
  public boolean isEmpty() {
    // Not equals(NONE): a record's generated equals sets up method handles on first use, which a
    // short-lived process (one ipamctl command) pays for.
    return leading == 0 && trailing == 0 && unitPrefixLength.isEmpty() && cidrs.isEmpty();
  }
}
