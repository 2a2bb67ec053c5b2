package org.ipam4j.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ipam4j.model.IpamObject;

/**
 * The stored form of an object: its JSON in the API's wire shape (what every release so far has
 * written, so every database reads the same), made and read with Jackson's streaming core alone. It
 * is the store's own: no YAML, no schema, no positions, so manifests and rows may change apart. A
 * body that does not read back as an object throws {@link IllegalArgumentException}.
 */
final class RowCodec {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private RowCodec() {}

  static String encode(IpamObject object) {
    Text text = new Text();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      new RowWriter(out).object(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A writer into a {@link StringBuilder}: {@link java.io.StringWriter} locks on every write. */
  private static final class Text extends java.io.Writer {
    private final StringBuilder text = new StringBuilder(768);

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
      text.append(string, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return text.toString();
    }
  }

  static IpamObject decode(String body) {
    return RowReader.read(JSON, body);
  }
}
