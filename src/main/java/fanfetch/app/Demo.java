package fanfetch.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch demo}: the lesson in one command. Starts a slow origin and the service in this
 * process, sends the same four-URL job through the service's own HTTP API sequentially and then
 * in parallel, and prints what each fetched and how long each took.
 */
public final class Demo {

  private Demo() {
  }

  public static int run(long delayMs, PrintStream out) throws Exception {
    Vertx vertx = VertxFactory.create();
    try {
      DemoOrigin origin = DemoOrigin.start(vertx, delayMs).await();
      JsonObject config = ConfigLoader.load(vertx, null).await().copy();
      config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
      // The demo's jobs need not outlive it.
      config.getJsonObject("jobs").put("store", "memory");
      // The guard stays on; only this origin's loopback port is opened.
      config.getJsonObject("guard").put("allow", new JsonArray().add("127.0.0.1:" + origin.port()));
      Service service = Service.deploy(vertx, config).await();
      WebClient client = WebClient.create(vertx);

      JsonArray urls = new JsonArray();
      DemoOrigin.DOCUMENTS.forEach(d -> urls.add(origin.url(d)));
      out.printf("fanfetch demo: an origin on 127.0.0.1:%d serves %d documents of about 1 MB, each after %d ms.%n",
          origin.port(), urls.size(), delayMs);
      out.printf("Both jobs go through the service's HTTP API: POST http://127.0.0.1:%d/jobs%n%n", service.port());

      JsonObject sequential = submit(client, service, urls, "sequential");
      print(out, "sequential (one after another)", sequential);
      JsonObject parallel = submit(client, service, urls, "parallel");
      print(out, "parallel (all at once, non-blocking)", parallel);

      double seqMs = sequential.getDouble("durationMs");
      double parMs = parallel.getDouble("durationMs");
      out.printf(Locale.ROOT, "sequential %.0f ms vs parallel %.0f ms: parallel is %.2fx faster.%n",
          seqMs, parMs, seqMs / parMs);
      boolean allOk = sequential.getJsonObject("summary").getInteger("failed") == 0
          && parallel.getJsonObject("summary").getInteger("failed") == 0;
      return allOk ? 0 : 1;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static JsonObject submit(WebClient client, Service service, JsonArray urls, String mode) {
    return client.post(service.port(), "127.0.0.1", "/jobs")
        .sendJsonObject(new JsonObject().put("urls", urls).put("mode", mode))
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
