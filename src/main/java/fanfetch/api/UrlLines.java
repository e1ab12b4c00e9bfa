package fanfetch.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * What one line of a streamed URL list holds, for the two formats {@code POST /jobs} reads as they
 * stream: {@code text/uri-list} (RFC 2483: a URL a line, {@code #} comment lines) and
 * {@code application/x-ndjson} (a JSON string a line, or an object {@code {"url": "..."}}). Blank
 * lines are skipped in both. A URL is not checked here: like a URL in a JSON JobSpec, one that is
 * malformed becomes that URL's {@code invalid_url} result.
 */
enum UrlLines {

  URI_LIST("text/uri-list") {
    @Override
    String url(String line) {
      String text = (line.startsWith("\uFEFF") ? line.substring(1) : line).strip();
      return text.isEmpty() || text.startsWith("#") ? null : text;
    }
  },

  NDJSON(ReportStream.NDJSON) {
    @Override
    String url(String line) {
      if (line.isBlank()) {
        return null;
      }
      Object value;
      try {
        value = Json.decodeValue(line);
      } catch (DecodeException e) {
        throw new BadLine("is not valid JSON");
      }
      if (value instanceof String url) {
        return url;
      }
      if (value instanceof JsonObject object && object.size() == 1 && object.getValue("url") instanceof String url) {
        return url;
      }
      throw new BadLine("must be a JSON string or an object {\"url\": \"...\"}");
    }
  };

  /** A line that holds no URL in its format; the message says what it should be. */
  static final class BadLine extends RuntimeException {
    BadLine(String message) {
      super(message, null, false, false);
    }
  }

  private final String mediaType;

  UrlLines(String mediaType) {
    this.mediaType = mediaType;
  }

  String mediaType() {
    return mediaType;
  }

  /**
   * The URL on the line, or null for a line that holds none (blank, a comment).
   *
   * @throws BadLine when the line is neither
   */
  abstract String url(String line);

  /** The format of a {@code Content-Type}, or null when it is neither of these. */
  static UrlLines of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";", 2)[0].strip();
    for (UrlLines format : values()) {
      if (format.mediaType.equalsIgnoreCase(type)) {
        return format;
      }
    }
    return null;
  }
}
