package fanfetch.app;

import fanfetch.origin.Origin;
import fanfetch.origin.SampleDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch demo}: the lesson in one command. Starts the test origin and the service in this
 * process, sends the same four-URL job through the service's own HTTP API sequentially and then
 * in parallel, and prints what each fetched and how long each took.
 */
public final class Demo {

  /** The longest origin latency the demo takes: longer, and it would mostly be waiting. */
  public static final long MAX_DELAY_MS = 60_000;
  /** Each fetch may take the origin's latency and this much more before it times out. */
  private static final long TIMEOUT_MARGIN_MS = 30_000;

  private Demo() {
  }

  public static int run(long delayMs, PrintStream out) throws Exception {
    if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw new IllegalArgumentException("--delay-ms must be from 0 to " + MAX_DELAY_MS + ", got " + delayMs);
    }
    Vertx vertx = VertxFactory.create();
    try {
      Origin.Listening origin = Origin.deploy(vertx, new Origin.Options(List.of("127.0.0.1"), 0, delayMs), 1).await();
      JsonObject config = ConfigLoader.load(vertx, null).await().copy();
      config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
      // The demo's jobs need not outlive it.
      config.getJsonObject("jobs").put("store", "memory");
      // The guard stays on; only this origin's loopback port is opened.
      config.getJsonObject("guard").put("allow", new JsonArray().add("127.0.0.1:" + origin.port()));
      Service service = Service.deploy(vertx, config).await();
      WebClient client = WebClient.create(vertx);

      JsonArray urls = new JsonArray();
      SampleDocuments.NAMES.forEach(name -> urls.add(origin.url("/docs/" + name)));
      out.printf("fanfetch demo: an origin on 127.0.0.1:%d serves %d documents of about 1 MB, each after %d ms.%n",
          origin.port(), urls.size(), delayMs);
      out.printf("Both jobs go through the service's HTTP API: POST http://127.0.0.1:%d/jobs%n%n", service.port());

      JsonObject job = new JsonObject().put("urls", urls).put("timeoutMs", delayMs + TIMEOUT_MARGIN_MS);
      JsonObject sequential = submit(client, service, job.copy().put("mode", "sequential"));
      print(out, "sequential (one after another)", sequential);
      JsonObject parallel = submit(client, service, job.copy().put("mode", "parallel"));
      print(out, "parallel (all at once, non-blocking)", parallel);

      Map<String, Integer> failures = failureKinds(sequential, parallel);
      out.println(conclusion(sequential.getDouble("durationMs"), parallel.getDouble("durationMs"),
          2 * urls.size(), failures));
      return failures.isEmpty() ? 0 : 1;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The last line: how much faster parallel was, when every fetch succeeded; otherwise that the
   * times compare failures, with how many failed and why.
   *
   * @param failures error kind (or {@code HTTP <status>}) → how many fetches ended so
   */
  static String conclusion(double sequentialMs, double parallelMs, int fetches, Map<String, Integer> failures) {
    String times = String.format(Locale.ROOT, "sequential %.0f ms vs parallel %.0f ms", sequentialMs, parallelMs);
    if (!failures.isEmpty()) {
      int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
      StringBuilder kinds = new StringBuilder();
      failures.forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(kind).append(" × ").append(n));
      return times + ", but " + failed + " of " + fetches + " fetches failed (" + kinds
          + "): that compares failures, not fetches.";
    }
    double ratio = parallelMs > 0 ? sequentialMs / parallelMs : 0;
    return ratio >= 1
        ? String.format(Locale.ROOT, "%s: parallel is %.2fx faster.", times, ratio)
        : String.format(Locale.ROOT, "%s: parallel was slower this time (%.2fx).", times, ratio);
  }

  /** Error kinds (or {@code HTTP <status>} for a non-2xx answer) of the results that were not ok. */
  static Map<String, Integer> failureKinds(JsonObject... reports) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (JsonObject report : reports) {
      JsonArray results = report.getJsonArray("results", new JsonArray());
      for (int i = 0; i < results.size(); i++) {
        JsonObject r = results.getJsonObject(i);
        if (!r.getBoolean("ok", false)) {
          JsonObject error = r.getJsonObject("error");
          kinds.merge(error != null ? error.getString("kind") : "HTTP " + r.getValue("status"), 1, Integer::sum);
        }
      }
    }
    return kinds;
  }

  private static JsonObject submit(WebClient client, Service service, JsonObject job) {
    return client.post(service.port(), "127.0.0.1", "/jobs")
        .sendJsonObject(job)
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /jobs answered " + response.statusCode() + ": "
                + response.bodyAsString());
          }
          return response.bodyAsJsonObject();
        })
        .await();
  }

  private static void print(PrintStream out, String title, JsonObject report) {
    out.println(title + ":");
    JsonArray results = report.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      JsonObject t = r.getJsonObject("timings");
      String digest = r.getString("sha256");
      JsonObject error = r.getJsonObject("error");
      out.printf(Locale.ROOT, "  %-4s %9d bytes  start %7.1f ms  took %7.1f ms  %s%s%n",
          r.getValue("status") == null ? "-" : r.getValue("status"), r.getLong("bytes"),
          t.getDouble("startMs"), t.getDouble("totalMs"), r.getString("url"),
          error != null ? "  error " + error.getString("kind") + ": " + error.getString("message")
              : digest != null ? "  sha256 " + digest.substring(0, 12) + "…" : "");
    }
    out.printf(Locale.ROOT, "  job took %.1f ms; the fetches add up to %.1f ms (speedup %.2f)%n%n",
        report.getDouble("durationMs"), report.getDouble("fetchTimeSumMs"), report.getDouble("speedup"));
  }
}
