package fanfetch.bench;

import fanfetch.model.Results;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether an answer to {@code POST /jobs} is a complete, successful report: HTTP 200, one result
 * per URL, every result ok and with the expected number of bytes. A run whose report fails this is
 * counted as failed, whatever its time.
 */
final class ReportCheck {

  private static final int MAX_SHOWN = 200;

  private ReportCheck() {
  }

  /** What is wrong with the answer, or null when nothing is. */
  static String problem(int status, String body, int urls, long bytesPerUrl) {
    if (status != 200) {
      return "HTTP " + status + ": " + shorten(body);
    }
    JsonArray results;
    try {
      results = new JsonObject(body).getJsonArray("results");
    } catch (DecodeException | ClassCastException e) {
      return "the answer is not a report: " + shorten(body);
    }
    if (results == null || results.size() != urls) {
      return String.format(Locale.ROOT, "%,d results for %,d URLs", results == null ? 0 : results.size(), urls);
    }
    Map<String, Integer> wrong = new TreeMap<>();
    for (int i = 0; i < results.size(); i++) {
      String why = wrongWith(results.getJsonObject(i), bytesPerUrl);
      if (why != null) {
        wrong.merge(why, 1, Integer::sum);
      }
    }
    if (wrong.isEmpty()) {
      return null;
    }
    int count = wrong.values().stream().mapToInt(Integer::intValue).sum();
    return String.format(Locale.ROOT, "%,d of %,d URLs failed: ", count, urls) + wrong.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(3)
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String wrongWith(JsonObject result, long bytesPerUrl) {
    if (!result.getBoolean(Results.OK, false)) {
      JsonObject error = result.getJsonObject(Results.ERROR);
      return error != null ? error.getString(Results.ERROR_KIND, "error") : "status " + result.getValue(Results.STATUS);
    }
    long bytes = result.getLong(Results.BYTES, -1L);
    return bytes == bytesPerUrl ? null : "bytes " + bytes + " instead of " + bytesPerUrl;
  }

  private static String shorten(String body) {
    String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
  }
}
