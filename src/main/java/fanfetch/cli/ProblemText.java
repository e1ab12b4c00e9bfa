package fanfetch.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Words for a refused job: an RFC 9457 problem ({@code {type, title, status, detail, errors}})
 * from the HTTP API or from the event bus, or whatever else a server answered.
 */
public final class ProblemText {

  private ProblemText() {
  }

  /**
   * {@code job refused (400 Invalid job): detail}, then one indented line per field error.
   *
   * @param status the HTTP status (or event-bus failure code)
   * @param body   the answer's body: a problem document, other text, or null
   */
  public static String describe(int status, String body) {
    JsonObject problem = null;
    if (body != null && !body.isBlank()) {
      try {
        Object parsed = io.vertx.core.json.Json.decodeValue(body);
        if (parsed instanceof JsonObject object) {
          problem = object;
        }
      } catch (DecodeException notJson) {
        // not a problem document; shown as text
      }
    }
    if (problem == null) {
      String text = body == null || body.isBlank() ? "" : ": " + firstLine(body.strip());
      return "job refused (" + status + ")" + text;
    }
    return describe(status, problem);
  }

  public static String describe(int status, JsonObject problem) {
    StringBuilder text = new StringBuilder("job refused (")
        .append(problem.getValue("status") != null ? problem.getValue("status") : status);
    String title = problem.getString("title");
    if (title != null && !title.isBlank()) {
      text.append(' ').append(title);
    }
    text.append(')');
    List<String> fieldErrors = new ArrayList<>();
    JsonArray errors = problem.getJsonArray("errors");
    if (errors != null) {
      for (int i = 0; i < errors.size(); i++) {
        if (errors.getValue(i) instanceof JsonObject error) {
          fieldErrors.add(error.getString("field", "?") + ": " + error.getString("message", ""));
        }
      }
    }
    String detail = problem.getString("detail");
    // A detail that only repeats one field error is left out: the list says it.
    if (detail != null && !detail.isBlank() && !fieldErrors.contains(detail.strip())) {
      text.append(": ").append(detail);
    } else if (!fieldErrors.isEmpty()) {
      text.append(':');
    }
    fieldErrors.forEach(line -> text.append("\n  ").append(line));
    return text.toString();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
