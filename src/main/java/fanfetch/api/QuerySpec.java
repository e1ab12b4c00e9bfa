package fanfetch.api;

import fanfetch.model.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JobSpec without its URLs, from the query parameters of a {@code POST /jobs} whose body is a
 * streamed URL list: each parameter becomes the JSON field of the same name, converted to the type
 * a JSON JobSpec has (numbers, booleans, a list for {@code httpVersions}, an object for the
 * repeatable {@code header=Name: value}), so that the one JobSpec parser checks it exactly as it
 * checks a JSON body and names the same field. A value that does not convert is passed on as the
 * text it is: the parser then says what it must be ({@code concurrency: must be a whole number}).
 * An unknown parameter is passed on too, and refused by the parser as an unknown field.
 */
final class QuerySpec {

  /** Parameters about the request, not the job. */
  static final Set<String> REQUEST_PARAMETERS = Set.of("wait", "detach");
  private static final Set<String> NUMBERS = Set.of("concurrency", "perHost", "timeoutMs", "connectTimeoutMs",
      "maxRedirects", "maxBytes", "retries", "deadlineMs", "maxHostErrors");
  private static final Set<String> DECIMALS = Set.of("perHostRate");
  private static final Set<String> BOOLEANS = Set.of("followRedirects");
  private static final String HEADER = "header";

  /** The spec, and what the parser cannot see because it went wrong before JSON (a malformed header). */
  record Converted(JsonObject spec, List<FieldError> errors) {
  }

  private QuerySpec() {
  }

  /** @param parameters each query parameter with its values, in order */
  static Converted of(Map<String, List<String>> parameters) {
    JsonObject spec = new JsonObject();
    List<FieldError> errors = new java.util.ArrayList<>();
    parameters.forEach((name, values) -> {
      if (REQUEST_PARAMETERS.contains(name)) {
        return;
      }
      if (HEADER.equals(name)) {
        spec.put("headers", headers(values, errors));
      } else if (values.size() > 1) {
        errors.add(new FieldError(name, "is given " + values.size() + " times; give it once"));
      } else if ("httpVersions".equals(name)) {
        spec.put(name, list(values.get(0)));
      } else {
        spec.put(name, value(name, values.get(0)));
      }
    });
    return new Converted(spec, List.copyOf(errors));
  }

  private static Object value(String name, String text) {
    if (NUMBERS.contains(name)) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException notWhole) {
        return text;
      }
    }
    if (DECIMALS.contains(name)) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException notNumber) {
        return text;
      }
    }
    if (BOOLEANS.contains(name) && ("true".equalsIgnoreCase(text.strip()) || "false".equalsIgnoreCase(text.strip()))) {
      return Boolean.parseBoolean(text.strip());
    }
    return text;
  }

  /** {@code h2,http/1.1}: the names, as a JSON list. */
  private static JsonArray list(String text) {
    JsonArray items = new JsonArray();
    for (String item : text.split(",", -1)) {
      items.add(item.strip());
    }
    return items;
  }

  /** {@code header=Name: value}, repeatable, as the headers object (the parser checks names and values). */
  private static JsonObject headers(List<String> values, List<FieldError> errors) {
    JsonObject headers = new JsonObject();
    Set<String> seen = new java.util.HashSet<>();
    for (String value : values) {
      int colon = value.indexOf(':');
      if (colon <= 0) {
        errors.add(new FieldError(HEADER, "must be 'Name: value'"));
        continue;
      }
      String name = value.substring(0, colon).strip();
      if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
        errors.add(new FieldError("headers." + name, "is given more than once"));
        continue;
      }
      // Trimmed as curl's -H and fanfetch's --header trim it.
      headers.put(name, value.substring(colon + 1).strip());
    }
    return headers;
  }
}
