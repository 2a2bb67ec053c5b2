package org.ipam4j.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's {@code COPY} text format: fields separated by tabs, rows ended by newlines,
 * {@code \N} for NULL, and a backslash, tab, newline or carriage return inside a value escaped with
 * a backslash. UTF-8, the client encoding the JDBC driver sets.
 */
final class CopyText {

  /** Hand the rows to the driver once this many bytes have gathered. */
  static final int FLUSH_AT = 64 * 1024;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(FLUSH_AT + 4096);
  private final StringBuilder row = new StringBuilder(1024);
  private boolean rowStarted;

  /** Appends one field of the current row; null is SQL NULL. */
  CopyText field(@Nullable String value) {
    if (rowStarted) {
      row.append('\t');
    }
    rowStarted = true;
    if (value == null) {
      row.append("\\N");
      return this;
    }
    if (!needsEscape(value)) {
      row.append(value);
      return this;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(ch);
      }
    }
    return this;
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
        return true;
      }
    }
    return false;
  }

  void endRow() {
    row.append('\n');
    bytes.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
    row.setLength(0);
    rowStarted = false;
  }

  int size() {
    return bytes.size();
  }

  /** The rows gathered so far, which are then forgotten. */
  byte[] take() {
    byte[] out = bytes.toByteArray();
    bytes.reset();
    return out;
  }
}
