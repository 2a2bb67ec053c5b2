package org.ipam4j.internal;

import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the known word closest to a misspelt one, for messages. */
public final class Spelling {

  private Spelling() {}

  /**
   * The candidate closest to {@code typed}, ignoring case, if it is within two edits (an adjacent
   * swap counting as one) and is not {@code typed} itself.
   *
   * @param typed what the user wrote
   * @param candidates the words that exist
   * @return the closest, or empty when none is close
   */
  public static Optional<String> closest(String typed, Iterable<String> candidates) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      if (c.equals(typed)) {
        continue;
      }
      int d = distance(c.toLowerCase(Locale.ROOT), lower);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Edit distance counting an adjacent swap as one edit (optimal string alignment).
   *
   * @param a one word
   * @param b the other
   * @return the number of edits from one to the other
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
