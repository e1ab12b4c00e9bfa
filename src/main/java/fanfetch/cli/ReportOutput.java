package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Report into what {@code fetch} and {@code submit} print: a table, the Report as JSON,
 * one Result per line, or CSV. Plain code on JSON documents, no event loop.
 *
 * <p>The table, NDJSON and CSV list the report's {@code results}: in compare mode, those of the
 * parallel run (the sequential run's are in the JSON report, under {@code sequential.results}).
 */
public final class ReportOutput {

  public static final String CSV_HEADER = "url,status,bytes,totalMs,errorKind,errorMessage";

  private ReportOutput() {
  }

  /** The whole output for a format, ending with a newline. */
  public static String render(OutputFormat format, JsonObject report) {
    return switch (format) {
      case TABLE -> table(report);
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

  public static String csv(JsonObject report) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
    for (JsonObject result : results(report)) {
      JsonObject error = result.getJsonObject("error");
      out.append(csvField(result.getString("url"))).append(',')
          .append(csvField(valueText(result.getValue("status")))).append(',')
          .append(csvField(valueText(result.getValue("bytes")))).append(',')
          .append(csvField(number(totalMs(result)))).append(',')
          .append(csvField(error == null ? "" : error.getString("kind"))).append(',')
          .append(csvField(error == null ? "" : error.getString("message"))).append('\n');
    }
    return out.toString();
  }

  /**
   * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or leading or
   * trailing spaces; quotes inside are doubled.
   */
  public static String csvField(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0 || Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1));
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /**
   * Columns URL, STATUS, BYTES, TOTAL MS, ERROR (URLs are never cut), then one summary line.
   */
  public static String table(JsonObject report) {
    List<String[]> rows = new ArrayList<>();
    for (JsonObject result : results(report)) {
      JsonObject error = result.getJsonObject("error");
      String errorText = "";
      if (error != null) {
        String message = error.getString("message");
        errorText = error.getString("kind") + (message == null || message.isEmpty() ? "" : ": " + oneLine(message));
      }
      Object status = result.getValue("status");
      rows.add(new String[] {
          oneLine(result.getString("url", "")),
          status == null ? "-" : status.toString(),
          valueText(result.getValue("bytes")),
          String.format(Locale.ROOT, "%.1f", totalMs(result)),
          errorText});
    }
    String[] heading = {"URL", "STATUS", "BYTES", "TOTAL MS", "ERROR"};
    int[] width = new int[4];
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
    out.append(summary(report)).append('\n');
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] width) {
    StringBuilder line = new StringBuilder();
    line.append(pad(row[0], width[0], false)).append("  ")
        .append(pad(row[1], width[1], true)).append("  ")
        .append(pad(row[2], width[2], true)).append("  ")
        .append(pad(row[3], width[3], true));
    if (!row[4].isEmpty()) {
      line.append("  ").append(row[4]);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * {@code 3 URLs: 2 ok, 1 failed; 1100 bytes in 12.3 ms (fetches add up to 30.1 ms, speedup 2.45)};
   * in compare mode the two runs' durations and the measured speedup; a cancelled job or a passed
   * deadline says so.
   */
  public static String summary(JsonObject report) {
    JsonObject summary = report.getJsonObject("summary", new JsonObject());
    int total = summary.getInteger("total", 0);
    int succeeded = summary.getInteger("succeeded", 0);
    int failed = summary.getInteger("completed", total) - succeeded;
    StringBuilder line = new StringBuilder();
    line.append(total).append(total == 1 ? " URL: " : " URLs: ")
        .append(succeeded).append(" ok, ").append(failed).append(" failed");
    int unfinished = total - summary.getInteger("completed", total);
    if (unfinished > 0) {
      line.append(", ").append(unfinished).append(" unfinished");
    }
    line.append("; ").append(summary.getLong("bytes", 0L)).append(" bytes");
    JsonObject sequential = report.getJsonObject("sequential");
    JsonObject parallel = report.getJsonObject("parallel");
    if (sequential != null && parallel != null) {
      line.append(String.format(Locale.ROOT, "; sequential %.1f ms, parallel %.1f ms: parallel is %.2fx faster",
          doubleOf(sequential, "durationMs"), doubleOf(parallel, "durationMs"), doubleOf(report, "speedup")));
    } else {
      line.append(String.format(Locale.ROOT, " in %.1f ms (fetches add up to %.1f ms, speedup %.2f)",
          doubleOf(report, "durationMs"), doubleOf(report, "fetchTimeSumMs"), doubleOf(report, "speedup")));
    }
    if ("cancelled".equals(report.getString("state"))) {
      line.append("; job cancelled");
    }
    if (report.getBoolean("deadlineExceeded", false)) {
      line.append("; deadline exceeded");
    }
    return line.toString();
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

  private static double doubleOf(JsonObject json, String key) {
    Number n = json.getNumber(key);
    return n == null ? 0 : n.doubleValue();
  }

  private static String valueText(Object value) {
    return value == null ? "" : value.toString();
  }

  /** A number as JSON would write it, without a trailing {@code .0} for whole values. */
  private static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
