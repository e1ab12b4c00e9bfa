package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which limit held the job's URLs back longest, and what lifts it: {@code most waiting was for
 * perHost (16), 1984 URLs for 40.1 s in all: raise --per-host}. Read from the report's
 * {@code summary.heldBackBy} ({@code {limit, ms, urls}}, optionally {@code value}) or, without it,
 * added up from each result's {@code queueMs} and {@code queuedBy}; a report with neither (a
 * coordinator that does not measure waiting) gives no line. Pure.
 */
public final class HeldBack {

  /** Waiting shorter than this in all is not worth a line. */
  static final double NOTEWORTHY_MS = 1.0;

  /** Each limit the coordinator names, and what lifts it. */
  static final Map<String, String> REMEDIES = Map.of(
      "concurrency", "raise --concurrency",
      "perHost", "raise --per-host",
      "nodeInFlight", "raise the node's limits.maxInFlight (FANFETCH_MAX_IN_FLIGHT) or its open-file limit",
      "rate", "raise the job's rate limit",
      "pool", "raise the node's fetchers.maxConnectionsPerHost",
      "nodePerHost", "raise the node's per-host limit");

  private HeldBack() {
  }

  /**
   * @param known values of the limits this command knows (its options, its configuration), by the
   *              coordinator's names; used when the report does not give the value
   * @return the sentence, or null when the report says nothing about waiting
   */
  public static String line(JsonObject report, Map<String, Integer> known) {
    JsonObject summary = report.getJsonObject("summary", new JsonObject());
    JsonObject held = summary.getValue("heldBackBy") instanceof JsonObject given ? given : fromResults(report);
    if (held == null || !(held.getValue("limit") instanceof String limit)) {
      return null;
    }
    double ms = held.getValue("ms") instanceof Number n ? n.doubleValue() : 0;
    if (ms < NOTEWORTHY_MS) {
      return null;
    }
    Object value = held.getValue("value") != null ? held.getValue("value") : known.get(limit);
    StringBuilder text = new StringBuilder("most waiting was for ").append(limit);
    if (value != null) {
      text.append(" (").append(value).append(')');
    }
    if (held.getValue("urls") instanceof Number urls) {
      text.append(", ").append(urls.longValue()).append(urls.longValue() == 1 ? " URL" : " URLs");
    }
    text.append(String.format(Locale.ROOT, " for %s in all", duration(ms)));
    String remedy = REMEDIES.get(limit);
    return remedy == null ? text.toString() : text.append(": ").append(remedy).toString();
  }

  /** The cause with the most waiting over the results ({@code queueMs} by {@code queuedBy}). */
  static JsonObject fromResults(JsonObject report) {
    Map<String, double[]> byCause = new LinkedHashMap<>();
    JsonArray results = report.getJsonArray("results", new JsonArray());
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (r != null && r.getValue("queueMs") instanceof Number ms && ms.doubleValue() > 0
          && r.getValue("queuedBy") instanceof String cause) {
        double[] sum = byCause.computeIfAbsent(cause, c -> new double[2]);
        sum[0] += ms.doubleValue();
        sum[1]++;
      }
    }
    return byCause.entrySet().stream()
        .max(Map.Entry.comparingByValue((a, b) -> Double.compare(a[0], b[0])))
        .map(e -> new JsonObject().put("limit", e.getKey()).put("ms", e.getValue()[0]).put("urls", (long) e.getValue()[1]))
        .orElse(null);
  }

  private static String duration(double ms) {
    return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
