package fanfetch.cli;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * The table's last line: {@code 3 URLs: 2 ok, 1 failed; 1100 bytes in 12.3 ms (fetches add up to
 * 30.1 ms, speedup 2.45)}. In compare mode, both runs' durations and the measured speedup; with
 * one URL, no speedup (there is nothing to run in parallel); a cancelled job or a passed deadline
 * says so; and which limit held URLs back longest, when the report tells ({@link HeldBack}). Pure.
 */
final class SummaryLine {

  private SummaryLine() {
  }

  static String of(JsonObject report, Map<String, Integer> limits) {
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
      line.append(String.format(Locale.ROOT, "; sequential %.1f ms, parallel %.1f ms",
          doubleOf(sequential, "durationMs"), doubleOf(parallel, "durationMs")));
      double speedup = doubleOf(report, "speedup");
      line.append(total == 1 ? " (one URL: nothing to run in parallel)"
          : String.format(Locale.ROOT, speedup >= 1 ? ": parallel is %.2fx faster" : ": parallel was slower (%.2fx)",
              speedup));
    } else {
      line.append(String.format(Locale.ROOT, " in %.1f ms", doubleOf(report, "durationMs")));
      if (total != 1) {
        line.append(String.format(Locale.ROOT, " (fetches add up to %.1f ms, speedup %.2f)",
            doubleOf(report, "fetchTimeSumMs"), doubleOf(report, "speedup")));
      }
    }
    if ("cancelled".equals(report.getString("state"))) {
      line.append("; job cancelled");
    }
    if (report.getBoolean("deadlineExceeded", false)) {
      line.append("; deadline exceeded");
    }
    String held = HeldBack.line(report, limits);
    if (held != null) {
      line.append("; ").append(held);
    }
    return line.toString();
  }

  private static double doubleOf(JsonObject json, String key) {
    Number n = json.getNumber(key);
    return n == null ? 0 : n.doubleValue();
  }
}
