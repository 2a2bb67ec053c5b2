package org.ipam4j.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ipam4j.model.IpamObject;

/**
 * The stored form of an object, made and read with Jackson's streaming core alone. It is the
 * store's own: no YAML, no schema, no positions, so manifests and rows may change apart. A body
 * that does not read back as an object throws {@link IllegalArgumentException}.
 *
 * <p>Since schema 9 a body is <em>compact</em>: the API's JSON, nested as manifests are (so the
 * triggers' {@code spec.claimRef.name}, {@code status.boundAllocationRef.name} and {@code
 * spec.cidr} read the same), without what the row's columns already hold ({@code apiVersion},
 * {@code kind}, {@code metadata.name} and {@code namespace}, and {@code resourceVersion} when it is
 * the row's version) and without what follows from the rest: the status an allocation is made with
 * (only its block is kept), the {@code Ready} condition of a claim bound when it was created, an
 * allocation's {@code ipFamily} and default {@code purpose}. A claim and its allocation, with their
 * change rows, take about half the bytes they did (issue 16: what a batch writes is most of its
 * cost). Bodies written before, the API's whole JSON with its {@code apiVersion}, are read as they
 * are.
 */
final class RowCodec {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private RowCodec() {}

  /**
   * {@code rowVersion}: the version the row states, {@code resource_version} of an object's row or
   * the revision of a change's row.
   */
  static String encode(IpamObject object, long rowVersion) {
    Text text = new Text();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      new RowWriter(out, rowVersion).object(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A writer into a {@link StringBuilder}: {@link java.io.StringWriter} locks on every write. */
  private static final class Text extends java.io.Writer {
    private final StringBuilder text = new StringBuilder(512);

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

  /** A row's body and the columns a compact body leaves out, back into its object. */
  static IpamObject decode(String kind, String project, String name, long version, String body) {
    return RowReader.read(JSON, kind, project, name, version, body);
  }
}
