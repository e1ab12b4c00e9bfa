package fanfetch.cli;

import fanfetch.model.ResultCsv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a Report into what {@code fetch} and {@code submit} print: a table, or the API's own
 * formats (the Report as JSON, one Result per line, and the CSV of {@link ResultCsv}, the one
 * encoder the API, the page and the command line share). Plain code on JSON documents, no event loop.
 *
 * <p>The table, NDJSON and CSV list the report's {@code results}: in compare mode, those of the
 * parallel run (the sequential run's are in the JSON report, under {@code sequential.results}).
 */
public final class ReportOutput {

  /** Hex digits of the SHA-256 the table shows: enough to tell bodies apart at a glance. */
  static final int SHORT_SHA = 12;

  /**
   * What the table knows beyond the report.
   *
   * @param localGuard whether the address guard is this process's ({@code fetch}), opened with {@code --allow}
   * @param limits     the values of the job's limits, when the command knows them (see {@link HeldBack})
   */
  public record Context(boolean localGuard, Map<String, Integer> limits) {
    public static final Context PLAIN = new Context(false, Map.of());
  }

  private ReportOutput() {
  }

  /** The whole output for a format, ending with a newline. */
  public static String render(OutputFormat format, JsonObject report, Context context) {
    return switch (format) {
      case TABLE -> table(report, context);
      case JSON -> report.encodePrettily() + "\n";
      case NDJSON -> ndjson(report);
      case CSV -> csv(report);
    };
  }

  public static String ndjson(JsonObject report) {
    StringBuilder out = new StringBuilder();
    for (JsonObject result : results(report)) {
      out.append(result.encode()).append('\n');
    }
    return out.toString();
  }

  /** What {@code GET /jobs/{id}} with {@code Accept: text/csv} answers for the same report. */
  public static String csv(JsonObject report) {
    StringBuilder out = new StringBuilder(ResultCsv.header());
    for (JsonObject result : results(report)) {
      out.append(ResultCsv.row(result));
    }
    return out.toString();
  }

  /** Columns URL, STATUS, BYTES, TOTAL MS, SHA-256 (short), ERROR (URLs are never cut), then the summary line. */
  public static String table(JsonObject report, Context context) {
    List<String[]> rows = new ArrayList<>();
    for (JsonObject result : results(report)) {
      JsonObject error = result.getJsonObject("error");
      String errorText = "";
      if (error != null) {
        String message = error.getString("message");
        if (context.localGuard()) {
          message = GuardHint.forAllowOption(message);
        }
        errorText = error.getString("kind") + (message == null || message.isEmpty() ? "" : ": " + oneLine(message));
      }
      Object status = result.getValue("status");
      String sha = result.getString("sha256");
      rows.add(new String[] {
          oneLine(result.getString("url", "")),
          status == null ? "-" : status.toString(),
          valueText(result.getValue("bytes")),
          String.format(Locale.ROOT, "%.1f", totalMs(result)),
          sha == null ? "" : sha.substring(0, Math.min(SHORT_SHA, sha.length())),
          errorText});
    }
    String[] heading = {"URL", "STATUS", "BYTES", "TOTAL MS", "SHA-256", "ERROR"};
    int[] width = new int[5];
    for (int c = 0; c < width.length; c++) {
      width[c] = heading[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, heading, width);
    for (String[] row : rows) {
      appendRow(out, row, width);
    }
    out.append(SummaryLine.of(report, context.limits())).append('\n');
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] width) {
    StringBuilder line = new StringBuilder();
    line.append(pad(row[0], width[0], false)).append("  ")
        .append(pad(row[1], width[1], true)).append("  ")
        .append(pad(row[2], width[2], true)).append("  ")
        .append(pad(row[3], width[3], true)).append("  ")
        .append(pad(row[4], width[4], false));
    if (!row[5].isEmpty()) {
      line.append("  ").append(row[5]);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  static List<JsonObject> results(JsonObject report) {
    JsonArray array = report.getJsonArray("results", new JsonArray());
    List<JsonObject> results = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      results.add(array.getJsonObject(i));
    }
    return results;
  }

  private static double totalMs(JsonObject result) {
    JsonObject timings = result.getJsonObject("timings");
    Number total = timings == null ? null : timings.getNumber("totalMs");
    return total == null ? 0 : total.doubleValue();
  }

  private static String valueText(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String oneLine(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  private static String pad(String text, int width, boolean right) {
    if (text.length() >= width) {
      return text;
    }
    String spaces = " ".repeat(width - text.length());
    return right ? spaces + text : text + spaces;
  }
}
