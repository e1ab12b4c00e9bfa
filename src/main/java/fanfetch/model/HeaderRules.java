package fanfetch.model;

import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a job's request headers may be, checked where a job is submitted ({@link JobSpecParser})
 * and again where a fetch is sent (a task may come from a peer's event-bus code): RFC 9110 names
 * and values, none the client derives itself, at most {@value #MAX_HEADERS}.
 */
public final class HeaderRules {

  /** Headers the client derives from the URL and the connection; a job may not set them. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
      "connection", "upgrade", "keep-alive", "te", "trailer", "proxy-connection");
  static final int MAX_HEADERS = 64;

  private HeaderRules() {
  }

  /** A job's {@code headers}: every problem is added to {@code errors}, naming its header. */
  static Map<String, String> headers(JsonObject json, List<FieldError> errors) {
    Object value = json.getValue("headers");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      errors.add(new FieldError("headers", "must be an object of header names to string values"));
      return Map.of();
    }
    if (object.size() > MAX_HEADERS) {
      errors.add(new FieldError("headers", "has " + object.size() + " entries; at most " + MAX_HEADERS));
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : object) {
      String name = e.getKey();
      String field = "headers." + name;
      if (!isToken(name)) {
        errors.add(new FieldError(field, "is not a valid header name"));
      } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add(new FieldError(field, "is set by fanfetch from the URL and connection; a job may not set it"));
      } else if (!(e.getValue() instanceof String v)) {
        errors.add(new FieldError(field, "must be a string"));
      } else if (headerValueProblem(v) != null) {
        errors.add(new FieldError(field, headerValueProblem(v)));
      } else {
        headers.put(name, v);
      }
    }
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Why a header value is not an RFC 9110 field-value, or null when it is one: visible ASCII,
   * obs-text (0x80 to 0xFF), and spaces or tabs inside it. Leading or trailing whitespace is
   * refused rather than trimmed, so what is sent is what was asked for. The message never quotes
   * the value (it may be a credential).
   */
  public static String headerValueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean visible = (c >= 0x21 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
      if (!visible && c != ' ' && c != '\t') {
        return "has a character HTTP does not allow in a header value (" + String.format("U+%04X", (int) c)
            + " at position " + i + "); allowed: visible ASCII, bytes 0x80-0xFF, and spaces or tabs inside";
      }
    }
    if (!value.isEmpty() && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(value.length() - 1)))) {
      return "must not start or end with a space or tab";
    }
    return null;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 9110 token: the characters a header name may hold. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
