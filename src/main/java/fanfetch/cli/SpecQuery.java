package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A JobSpec's options (all but {@code urls}) as the query parameters of a {@code POST /jobs} whose
 * body is the URL list: one parameter per field, {@code headers} as repeated {@code header=Name: value},
 * lists comma-separated.
 */
final class SpecQuery {

  private SpecQuery() {
  }

  /** {@code name=value&...}, encoded, without the leading {@code ?}; empty for no options. */
  static String of(JsonObject spec) {
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, Object> field : spec) {
      if ("urls".equals(field.getKey())) {
        continue;
      }
      if (field.getValue() instanceof JsonObject headers) {
        headers.forEach(h -> add(query, "header", h.getKey() + ": " + h.getValue()));
      } else if (field.getValue() instanceof JsonArray list) {
        add(query, field.getKey(), String.join(",", list.stream().map(String::valueOf).toList()));
      } else {
        add(query, field.getKey(), String.valueOf(field.getValue()));
      }
    }
    return query.toString();
  }

  private static void add(StringBuilder query, String name, String value) {
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(encode(name)).append('=').append(encode(value));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
