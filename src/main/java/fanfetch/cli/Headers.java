package fanfetch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --header 'Name: value'} arguments, as curl writes them. The name is an HTTP token, the
 * value is trimmed and may be empty; the server still decides which headers a job may set.
 */
public final class Headers {

  /** One parsed {@code --header}. */
  public record Header(String name, String value) {
  }

  private Headers() {
  }

  /**
   * Parses {@code Name: value}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static Header parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected 'Name: value', got '" + text + "'");
    }
    String name = text.substring(0, colon).trim();
    String value = text.substring(colon + 1).strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no header name before ':' in '" + text + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        throw new IllegalArgumentException("'" + name + "' is not a valid header name");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("the value of header '" + name + "' contains CR, LF or NUL");
      }
    }
    return new Header(name, value);
  }

  /**
   * The JobSpec's {@code headers} object.
   *
   * @throws IllegalArgumentException when one name is given twice (in any letter case)
   */
  public static JsonObject toJson(List<Header> headers) {
    Map<String, String> seen = new TreeMap<>();
    JsonObject json = new JsonObject();
    for (Header header : headers) {
      String previous = seen.put(header.name().toLowerCase(Locale.ROOT), header.name());
      if (previous != null) {
        throw new IllegalArgumentException("header '" + header.name() + "' is given more than once");
      }
      json.put(header.name(), header.value());
    }
    return json;
  }

  private static boolean isTokenChar(char c) {
    return c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
  }

  /** picocli converter for {@code --header}. */
  static final class Converter implements CommandLine.ITypeConverter<Header> {
    @Override
    public Header convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
