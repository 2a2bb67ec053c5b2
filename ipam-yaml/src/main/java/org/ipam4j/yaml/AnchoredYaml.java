package org.ipam4j.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML parser, telling the anchor of a scalar too ({@code tier: &t web}): Jackson gives
 * the anchors of objects and lists only, so {@code *t} would name nothing. Kubernetes (and YAML)
 * allow an anchor on any node.
 */
final class AnchoredYaml extends YAMLFactory {

  private static final long serialVersionUID = 1L;

  AnchoredYaml(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  public YAMLParser createParser(String content) throws IOException {
    IOContext context = _createContext(_createContentReference(content), true);
    return new Parser(
        context,
        _parserFeatures,
        _yamlParserFeatures,
        _loaderOptions,
        _objectCodec,
        new StringReader(content));
  }

  /** The anchor of the current token: an object's, a list's, or a scalar's; null if none. */
  static @Nullable String anchor(JsonParser parser) throws IOException {
    if (parser instanceof Parser anchored && anchored.scalarAnchor != null) {
      return anchored.scalarAnchor;
    }
    return parser instanceof YAMLParser yaml ? yaml.getObjectId() : null;
  }

  private static final class Parser extends YAMLParser {

    private @Nullable String scalarAnchor;

    Parser(
        IOContext context,
        int parserFeatures,
        int yamlFeatures,
        LoaderOptions loader,
        ObjectCodec codec,
        Reader reader) {
      super(context, parserFeatures, yamlFeatures, loader, codec, reader);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = super.nextToken();
      scalarAnchor =
          token != null
                  && token.isScalarValue()
                  && !isCurrentAlias()
                  && _lastEvent instanceof ScalarEvent scalar
              ? scalar.getAnchor()
              : null;
      return token;
    }
  }
}
