package org.ipam4j.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipam4j.InvalidException;

/**
 * Kubernetes durations, as {@code metav1.Duration} reads them (Go's {@code time.ParseDuration}):
 * whole numbers with a unit each, largest first or not, such as {@code 720h}, {@code 1h30m} or
 * {@code 90s}. Units: {@code h}, {@code m}, {@code s}, {@code ms}.
 */
final class Durations {

  private static final Pattern PART = Pattern.compile("([0-9]{1,12})(ms|h|m|s)");

  private Durations() {}

  /**
   * Reads {@code text}.
   *
   * @throws InvalidException naming {@code field} if it is not a duration of at least 0
   */
  static Duration parse(String field, String text) {
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
      at = m.end();
    }
    if (text.isEmpty() || at != text.length()) {
      throw new InvalidException(
          field,
          "\""
              + text
              + "\" is not a duration; write it as Kubernetes does, e.g. 720h, 1h30m or 90s");
    }
    return total;
  }
}
