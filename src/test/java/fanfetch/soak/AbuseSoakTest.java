package fanfetch.soak;

import fanfetch.app.Service;
import fanfetch.testing.ProcessFigures;
import fanfetch.testing.RawClient;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers, bodies and connections that misbehave, in rounds, beside polite clients running jobs:
 * readers that never read, bodies sent half and stalled, connections that say nothing. Every polite
 * job completes with one result per URL, every refusal is a clean problem with {@code Retry-After},
 * and afterwards the node's descriptors and heap are back near where they started. Bounded in rounds
 * and in time.
 */
class AbuseSoakTest {

  private static final int ROUNDS = 5;
  private static final int POLITE = 30;
  private static final int JOBS_PER_POLITE = 8;
  private static final int SILENT_READERS = 30;
  private static final int STALLED_BODIES = 20;
  private static final int SILENT_CONNECTIONS = 100;
  private static final long TIME_LIMIT_S = 180;

  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private Vertx vertx;

  @Test
  void politeJobsCompleteWhileReadersBodiesAndConnectionsMisbehave() throws Exception {
    vertx = Vertx.vertx();
    ExecutorService abusers = Executors.newFixedThreadPool(8);
    try {
      TestOrigin origin = TestOrigin.start(vertx).await();
      JsonObject config = ServiceFixture.configFor(origin);
      config.getJsonObject("http").put("maxConnections", 300).put("maxStreams", 20).put("streamStallMs", 1_000)
          .put("headerTimeoutMs", 1_000).put("idleTimeoutMs", 2_000).put("bodyTimeoutMs", 1_000)
          .put("maxBodyBytes", 1 << 20).put("maxBodyBytesInFlight", 4 << 20);
      // Pooled fetch connections close soon after the jobs: the descriptors compared are the API's.
      config.getJsonObject("fetchers").put("keepAliveTimeoutSeconds", 1);
      Service service = ServiceFixture.start(vertx, config).await();
      int port = service.port();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(POLITE));
      long fdsBefore = ProcessFigures.settledOpenFds(Duration.ofMillis(500), Duration.ofSeconds(30));
      long heapBefore = ProcessFigures.usedHeapAfterGc();
      long started = System.nanoTime();

      List<Future<Void>> polite = new ArrayList<>();
      for (int c = 0; c < POLITE; c++) {
        polite.add(politeClient(client, port, origin, c, 0));
      }
      for (int round = 0; round < ROUNDS; round++) {
        String id = accept(client, port, origin, round);
        List<java.util.concurrent.Future<?>> wave = new ArrayList<>();
        wave.add(abusers.submit(() -> silentReaders(port, id)));
        wave.add(abusers.submit(() -> stalledBodies(port)));
        wave.add(abusers.submit(() -> silentConnections(port)));
        for (java.util.concurrent.Future<?> f : wave) {
          f.get(60, TimeUnit.SECONDS);
        }
      }
      Future.all(polite).await(TIME_LIMIT_S, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - started) / 1e9;

      int health = client.get(port, "127.0.0.1", "/health/live").send().await().statusCode();
      client.close();
      long fdsAfter = ProcessFigures.settledOpenFds(Duration.ofMillis(500), Duration.ofSeconds(30));
      long heapAfter = ProcessFigures.usedHeapAfterGc();
      System.out.printf("abuse soak: %d rounds in %.1f s; %d polite jobs completed, %d clean refusals; "
              + "fds %d before, %d after; heap after GC %d MiB before, %d MiB after%n", ROUNDS, seconds,
          completed.get(), refusals.get(), fdsBefore, fdsAfter, heapBefore >> 20, heapAfter >> 20);

      assertThat(problems).isEmpty();
      assertThat(completed.get()).isEqualTo(POLITE * JOBS_PER_POLITE);
      assertThat(refusals.get()).as("the abusers were refused somewhere").isPositive();
      assertThat(health).isEqualTo(200);
      assertThat(fdsAfter).as("descriptors back near the start").isLessThan(fdsBefore + 40);
      assertThat(heapAfter).as("heap after GC back near the start").isLessThan(heapBefore + (64L << 20));
    } finally {
      abusers.shutdownNow();
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private Future<Void> politeClient(WebClient client, int port, TestOrigin origin, int c, int n) {
    if (n == JOBS_PER_POLITE) {
      return Future.succeededFuture();
    }
    JsonArray urls = new JsonArray();
    for (int i = 0; i < 5; i++) {
      urls.add(origin.url("/delay/" + (i * 20) + "?c=" + c + "&n=" + n + "&i=" + i));
    }
    return submit(client, port, new JsonObject().put("urls", urls), 0)
        .compose(answer -> {
          JsonObject report = answer.statusCode() == 200 ? answer.bodyAsJsonObject() : null;
          if (report == null || !"done".equals(report.getString("state")) || report.getJsonArray("results").size() != 5) {
            problems.add("polite job: " + answer.statusCode() + " " + answer.bodyAsString());
          } else {
            completed.incrementAndGet();
          }
          return politeClient(client, port, origin, c, n + 1);
        }, failed -> {
          problems.add("polite request failed: " + failed);
          return politeClient(client, port, origin, c, n + 1);
        });
  }

  /** Sends a job; a clean 429 or 503 (the abusers hold the budget) is retried after its Retry-After. */
  private Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> submit(
      WebClient client, int port, JsonObject spec, int tries) {
    return client.post(port, "127.0.0.1", "/jobs").sendJsonObject(spec).compose(answer -> {
      String retryAfter = answer.getHeader("Retry-After");
      if ((answer.statusCode() == 429 || answer.statusCode() == 503) && retryAfter != null && tries < 20
          && "application/problem+json".equals(answer.getHeader("Content-Type"))) {
        refusals.incrementAndGet();
        return vertx.timer(Long.parseLong(retryAfter) * 1000).compose(t -> submit(client, port, spec, tries + 1));
      }
      return Future.succeededFuture(answer);
    });
  }

  private static String accept(WebClient client, int port, TestOrigin origin, int round) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < 2_000; i++) {
      urls.add(origin.url("/bytes/300?round=" + round + "&i=" + i));
    }
    return client.post(port, "127.0.0.1", "/jobs?wait=false").sendJsonObject(new JsonObject().put("urls", urls))
        .await().bodyAsJsonObject().getString("id");
  }

  /** Readers that never read: each is accepted and later closed, or refused with a clean 429. */
  private Void silentReaders(int port, String id) throws IOException {
    List<RawClient> readers = new ArrayList<>();
    try {
      for (int i = 0; i < SILENT_READERS; i++) {
        readers.add(RawClient.connect(port, 4096).send(RawClient.head("GET", "/jobs/" + id + "/events", "")));
      }
      for (RawClient reader : readers) {
        RawClient.Read read = reader.readUntilClosed(20_000, 2048);
        if (read.status() == 429) {
          clean(read);
        } else if (read.status() != 200 || !read.closed()) {
          problems.add("reader: " + read.status() + " closed " + read.closed());
        }
      }
    } finally {
      readers.forEach(RawClient::close);
    }
    return null;
  }

  /** Bodies sent a fifth and stalled: each answered 503 (over the budget) or 408 (too slow), and closed. */
  private Void stalledBodies(int port) throws IOException {
    List<RawClient> bodies = new ArrayList<>();
    try {
      for (int i = 0; i < STALLED_BODIES; i++) {
        RawClient body = RawClient.connect(port, 0);
        bodies.add(body);
        body.send(RawClient.head("POST", "/jobs", "Content-Type: application/json\r\nContent-Length: 524288\r\n"));
        try {
          body.send(" ".repeat(100_000));
        } catch (IOException refused) {
          // answered and closed already
        }
      }
      for (RawClient body : bodies) {
        RawClient.Read read = body.readUntilClosed(20_000, 2048);
        if (read.status() == 503 || read.status() == 408) {
          clean(read);
        } else if (read.status() != -1 || !read.closed()) {
          problems.add("stalled body: " + read.status() + " closed " + read.closed());
        }
      }
    } finally {
      bodies.forEach(RawClient::close);
    }
    return null;
  }

  /** Connections that say nothing: each closed by the node. */
  private Void silentConnections(int port) throws IOException {
    List<RawClient> silent = new ArrayList<>();
    try {
      for (int i = 0; i < SILENT_CONNECTIONS; i++) {
        silent.add(RawClient.connect(port, 0));
      }
      for (RawClient connection : silent) {
        if (!connection.readUntilClosed(20_000, 64).closed()) {
          problems.add("a silent connection stayed open");
        }
      }
      refusals.incrementAndGet();
    } finally {
      silent.forEach(RawClient::close);
    }
    return null;
  }

  private void clean(RawClient.Read read) {
    if (!read.text().contains("application/problem+json")
        || (read.status() != 408 && !read.text().toLowerCase(java.util.Locale.ROOT).contains("retry-after"))) {
      problems.add("an unclean refusal: " + read.text());
    } else {
      refusals.incrementAndGet();
    }
  }
}
