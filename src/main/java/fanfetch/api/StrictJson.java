package fanfetch.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Parses a request body as JSON the way Vert.x does ({@link JacksonCodec#parseValue}, so the objects
 * are the same), but with Jackson's duplicate-key detection on: {@code {"urls": [...], "urls": [...]}}
 * is an error naming the key, not a silent "last one wins" (two parsers of one JobSpec, a proxy's and
 * fanfetch's, could otherwise read two different jobs). Vert.x's own {@code Json.decodeValue} uses a
 * factory of its own without the feature.
 */
final class StrictJson {

  private static final JsonFactory FACTORY = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A key given twice in one object; {@link #path} names it, e.g. {@code headers.X-Tag}. */
  static final class DuplicateKey extends RuntimeException {
    final String path;

    DuplicateKey(String path) {
      super("duplicate key " + path, null, false, false);
      this.path = path;
    }
  }

  private StrictJson() {
  }

  /**
   * The body's JSON value: a {@link JsonObject}, a {@link JsonArray}, or a plain value.
   *
   * @throws DuplicateKey   when an object has a key twice
   * @throws DecodeException when it is not JSON
   */
  static Object parse(Buffer body) {
    // Netty's stream reads the body's bytes where they are, as Vert.x's own JSON decoding does.
    java.io.InputStream bytes = new io.netty.buffer.ByteBufInputStream(((BufferInternal) body).getByteBuf());
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      try {
        parser.nextToken();
        Object value = JacksonCodec.parseValue(parser);
        if (parser.nextToken() != null) {
          throw new DecodeException("Unexpected trailing token");
        }
        return wrap(value);
      } catch (JsonParseException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
          throw new DuplicateKey(path(parser.getParsingContext()));
        }
        throw new DecodeException(e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return new JsonArray(list);
    }
    return value;
  }

  /** The dotted path of the key being read, as the job parser names fields ({@code urls[3]}, {@code headers.X}). */
  private static String path(JsonStreamContext context) {
    java.util.ArrayDeque<JsonStreamContext> outerFirst = new java.util.ArrayDeque<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      outerFirst.push(at);
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at : outerFirst) {
      if (at.inArray()) {
        path.append('[').append(at.getCurrentIndex()).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(at.getCurrentName());
      }
    }
    return path.toString();
  }
}
