package org.ipam4j.jdbc;

import java.util.Locale;
import java.util.Optional;

/** The databases {@link JdbcStore} speaks. */
public enum Dialect {
  /** An embedded single file; several processes on one machine may share it. */
  SQLITE,
  /** A server shared by many engines in many processes or hosts. */
  POSTGRESQL;

  /**
   * The dialect of a JDBC URL, if it is one of ours.
   *
   * @param jdbcUrl a JDBC URL
   * @return {@code SQLITE} for {@code jdbc:sqlite:}, {@code POSTGRESQL} for {@code
   *     jdbc:postgresql:}, else empty
   */
  public static Optional<Dialect> ofUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      return Optional.of(SQLITE);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRESQL);
    }
    return Optional.empty();
  }
}
