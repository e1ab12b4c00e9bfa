package fanfetch.soak;

import fanfetch.app.Service;
import fanfetch.testing.ProcessFigures;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred concurrent clients submit thousands of small jobs against a slow, flaky origin,
 * with the node's caps set low enough to refuse some. Every accepted job must complete with one
 * result per URL, refusals must be clean 429s, and nothing unexpected may be logged. Bounded in
 * jobs (CLIENTS × JOBS_PER_CLIENT) and in time (TIME_LIMIT_S).
 */
class SoakTest {

  private static final int CLIENTS = 250;
  private static final int JOBS_PER_CLIENT = 16;
  private static final long TIME_LIMIT_S = 150;
  /** The fd counts printed are read once they have stood still this long (bounded by the limit). */
  private static final Duration FDS_STEADY = Duration.ofMillis(500);
  private static final Duration FDS_SETTLE_LIMIT = Duration.ofSeconds(30);

  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger gaveUp = new AtomicInteger();
  private static final int MAX_TRIES = 8;
  /**
   * Warnings the test expects: Vert.x notes a control request that reached a job's control address
   * just as it was removed (the API then reads the stored report).
   */
  private static final java.util.regex.Pattern EXPECTED =
      java.util.regex.Pattern.compile("Discarding message since the consumer is not registered\\. address: "
          + "fanfetch\\.jobs\\.[0-9A-Z]{26}\\.control$");
  private Vertx vertx;
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

  @Test
  void everyAcceptedJobCompletesAndRefusalsAreClean429s() throws Exception {
    List<LogRecord> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    vertx = Vertx.vertx();
    try {
      TestOrigin origin = TestOrigin.start(vertx).await();
      JsonObject config = ServiceFixture.configFor(origin);
      config.getJsonObject("limits").put("maxJobs", 60).put("maxQueuedUrls", 200);
      config.getJsonObject("coordinator").put("retryBaseMs", 20).put("retryMaxMs", 200);
      Service service = ServiceFixture.start(vertx, config).await();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CLIENTS));
      long fdsBefore = ProcessFigures.openFds();
      long heapBefore = ProcessFigures.usedHeapAfterGc();
      resetPeaks();
      long started = System.nanoTime();

      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(runClient(client, service.port(), origin, new Random(c)));
      }
      Future.all(clients).await(TIME_LIMIT_S, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - started) / 1e9;

      // Still healthy afterwards: an ordinary job works.
      JsonObject after = client.post(service.port(), "127.0.0.1", "/jobs")
          .sendJsonObject(new JsonObject().put("urls", new JsonArray().add(origin.url("/bytes/100?after"))))
          .await().bodyAsJsonObject();
      long peakHeap = peakHeap();
      long fdsAfter = ProcessFigures.settledOpenFds(FDS_STEADY, FDS_SETTLE_LIMIT);
      client.close();
      long fdsAfterClientClosed = ProcessFigures.settledOpenFds(FDS_STEADY, FDS_SETTLE_LIMIT);
      System.out.printf("soak: %d clients, %d jobs in %.1f s: accepted %d, refused %d times (429), gave up %d, "
              + "completed %d, lost %d; peak heap %d MiB (before %d MiB); fds before %d, after %d (%d once the "
              + "clients' own connections closed)%n",
          CLIENTS, CLIENTS * JOBS_PER_CLIENT, seconds, accepted.get(), refused.get(), gaveUp.get(), completed.get(),
          accepted.get() - completed.get(), peakHeap >> 20, heapBefore >> 20, fdsBefore, fdsAfter,
          fdsAfterClientClosed);

      assertThat(problems).isEmpty();
      assertThat(accepted.get() + gaveUp.get()).isEqualTo(CLIENTS * JOBS_PER_CLIENT);
      assertThat(completed.get()).isEqualTo(accepted.get());
      assertThat(refused.get()).as("the caps were reached").isPositive();
      assertThat(accepted.get()).as("most jobs got through").isGreaterThan(CLIENTS * JOBS_PER_CLIENT / 2);
      assertThat(after.getJsonArray("results").getJsonObject(0).getBoolean("ok")).isTrue();
      synchronized (capture) {
        assertThat(warnings).extracting(r -> r.getLoggerName() + ": " + r.getMessage())
            .filteredOn(line -> !EXPECTED.matcher(line).find())
            .isEmpty();
      }
    } finally {
      root.removeHandler(capture);
      vertx.close().await();
    }
  }

  /** One client: submits its jobs one after another; a 429 is counted and the client moves on. */
  private Future<Void> runClient(WebClient client, int port, TestOrigin origin, Random random) {
    Promise<Void> done = Promise.promise();
    submitNext(client, port, origin, random, 0, done);
    return done.future();
  }

  private void submitNext(WebClient client, int port, TestOrigin origin, Random random, int n, Promise<Void> done) {
    if (n == JOBS_PER_CLIENT) {
      done.complete();
      return;
    }
    JsonArray urls = new JsonArray();
    int count = 1 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      urls.add(origin.url(randomPath(random) + "?n=" + n + "&i=" + i + "&r=" + random.nextInt()));
    }
    submit(client, port, origin, random, n, new JsonObject().put("urls", urls).put("retries", 1)
        .put("timeoutMs", 2000), 0, done);
  }

  /** Sends one job; after a 429 it waits as Retry-After says and tries again, up to MAX_TRIES. */
  private void submit(WebClient client, int port, TestOrigin origin, Random random, int n, JsonObject spec,
                      int tries, Promise<Void> done) {
    JsonArray urls = spec.getJsonArray("urls");
    client.post(port, "127.0.0.1", "/jobs").sendJsonObject(spec).onComplete(ar -> {
      if (ar.failed()) {
        problems.add("request failed: " + ar.cause());
      } else if (ar.result().statusCode() == 429) {
        refused.incrementAndGet();
        String retryAfter = ar.result().getHeader("Retry-After");
        if (retryAfter == null || !"application/problem+json".equals(ar.result().getHeader("Content-Type"))) {
          problems.add("429 without Retry-After or problem body");
        } else if (tries + 1 < MAX_TRIES) {
          vertx.setTimer(Long.parseLong(retryAfter) * 1000 + random.nextInt(200),
              t -> submit(client, port, origin, random, n, spec, tries + 1, done));
          return;
        }
        gaveUp.incrementAndGet();
      } else if (ar.result().statusCode() == 200) {
        accepted.incrementAndGet();
        checkReport(ar.result().bodyAsJsonObject(), urls);
      } else {
        problems.add("unexpected " + ar.result().statusCode() + ": " + ar.result().bodyAsString());
      }
      submitNext(client, port, origin, random, n + 1, done);
    });
  }

  private void checkReport(JsonObject report, JsonArray urls) {
    JsonArray results = report.getJsonArray("results");
    if (!"done".equals(report.getString("state")) || results.size() != urls.size()) {
      problems.add("incomplete report: " + report.encode());
      return;
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.getJsonObject(i).getInteger("index") != i) {
        problems.add("result out of order: " + report.encode());
        return;
      }
    }
    completed.incrementAndGet();
  }

  /** A slow, flaky origin: latency, errors, resets, retry-worthy 503s. */
  private static String randomPath(Random random) {
    int roll = random.nextInt(100);
    if (roll < 50) {
      return "/delay/" + random.nextInt(60);
    } else if (roll < 65) {
      return "/bytes/" + random.nextInt(20_000);
    } else if (roll < 75) {
      return "/flaky/1/503";
    } else if (roll < 82) {
      return "/status/" + (random.nextBoolean() ? 404 : 500);
    } else if (roll < 88) {
      return "/reset";
    } else if (roll < 94) {
      return "/redirect/" + (1 + random.nextInt(3));
    } else {
      return "/stream/" + random.nextInt(50_000);
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
