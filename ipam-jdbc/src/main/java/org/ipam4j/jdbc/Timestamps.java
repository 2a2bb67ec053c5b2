package org.ipam4j.jdbc;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}, character for character, without the formatter machinery behind it,
 * which took a twelfth of a batch's encoding: every stored object carries two or three timestamps.
 * Years outside 0000-9999 go through {@code Instant.toString()}.
 */
final class Timestamps {

  private static final long SECONDS_PER_DAY = 86_400;

  /** The last day formatted ({@code yyyy-mm-ddT}), with its epoch day: batches share one day. */
  private record Day(long epochDay, String text) {}

  private static volatile Day last = new Day(Long.MIN_VALUE, "");

  private Timestamps() {}

  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    Day day = last;
    if (day.epochDay() != epochDay) {
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      if (date.getYear() < 0 || date.getYear() > 9999) {
        return instant.toString();
      }
      day = new Day(epochDay, date + "T");
      last = day;
    }
    StringBuilder out = new StringBuilder(30).append(day.text());
    two(out, secondOfDay / 3600);
    out.append(':');
    two(out, secondOfDay / 60 % 60);
    out.append(':');
    two(out, secondOfDay % 60);
    int nano = instant.getNano();
    if (nano != 0) {
      out.append('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(out, nano / 1000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    return out.append('Z').toString();
  }

  private static void two(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static void digits(StringBuilder out, int value, int width) {
    int at = out.length();
    for (int i = 0; i < width; i++) {
      out.append('0');
    }
    for (int i = width - 1; i >= 0; i--) {
      out.setCharAt(at + i, (char) ('0' + value % 10));
      value /= 10;
    }
  }
}
