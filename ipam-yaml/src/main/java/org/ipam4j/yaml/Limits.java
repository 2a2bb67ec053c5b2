package org.ipam4j.yaml;

/**
 * What a manifest stream may cost to read.
 *
 * @param maxInputChars the whole stream, in characters
 * @param maxDepth how deeply values may nest
 * @param maxExpandedNodes how many values one document may stand for once its aliases are expanded
 *     (aliases are shared, not copied, but consumers walk the expansion)
 */
public record Limits(int maxInputChars, int maxDepth, long maxExpandedNodes) {

  /**
   * Checks that every limit is positive.
   *
   * @param maxInputChars the whole stream, in characters
   * @param maxDepth how deeply values may nest
   * @param maxExpandedNodes how many values one document may stand for once its aliases are
   *     expanded
   * @throws IllegalArgumentException if a limit is not positive
   */
  public Limits {
    if (maxInputChars <= 0 || maxDepth <= 0 || maxExpandedNodes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * 8 MiB of text, 64 levels, 100,000 values per document.
   *
   * @return the limits {@link Manifests#strict()} reads with
   */
  public static Limits defaults() {
    return new Limits(8 * 1024 * 1024, 64, 100_000);
  }
}
