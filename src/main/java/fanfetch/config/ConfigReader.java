package fanfetch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one configuration value, checked: a section must be an object, a number whole and in its
 * range (a string of digits counts, as the environment gives them), a list of strings a list, and
 * an error names the value's full path ({@code http.port}).
 */
final class ConfigReader {

  private ConfigReader() {
  }

  static String oneOf(JsonObject section, String path, String fallback, List<String> allowed) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      throw new IllegalArgumentException(path + " must be one of " + String.join(", ", allowed) + ", got " + value);
    }
    return s;
  }

  static JsonObject section(JsonObject parent, String name) {
    Object value = parent.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException(name + " must be an object");
    }
    return object;
  }

  static List<String> strings(JsonObject section, String path) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      // like the FANFETCH_* lists: items trimmed, empty ones dropped (an empty API key would match "Bearer ")
      List<String> items = new ArrayList<>();
      for (String item : s.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(path + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException(path + " must be a list of strings");
      }
      if (s.isBlank()) {
        throw new IllegalArgumentException(path + " must not contain empty entries");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  static long number(JsonObject section, String path, long fallback, long min, long max) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    long n;
    if (value instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (value instanceof String s) {
      try {
        n = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(path + " must be a whole number, got '" + s + "'");
      }
    } else {
      throw new IllegalArgumentException(path + " must be a whole number, got " + value);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(path + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  static int intIn(JsonObject s, String path, int fallback, int min, int max) {
    return (int) number(s, path, fallback, min, max);
  }

  static int positiveInt(JsonObject s, String path, int fallback) {
    return intIn(s, path, fallback, 1, Integer.MAX_VALUE);
  }

  static int nonNegativeInt(JsonObject s, String path, int fallback) {
    return intIn(s, path, fallback, 0, Integer.MAX_VALUE);
  }

  static long positiveLong(JsonObject s, String path, long fallback) {
    return number(s, path, fallback, 1, Long.MAX_VALUE);
  }

  static long nonNegativeLong(JsonObject s, String path, long fallback) {
    return number(s, path, fallback, 0, Long.MAX_VALUE);
  }
}
