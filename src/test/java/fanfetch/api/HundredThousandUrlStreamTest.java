package fanfetch.api;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 100,000-URL job streamed in as {@code text/uri-list} and its results streamed out as NDJSON,
 * in the small-heap JVM (-Xmx256m, with the origin and this client in it too): every index comes
 * back once, and the heap left after GC grows by no more than a few tens of MiB (the list is
 * never whole in memory; the results live in the node's disk store). The figures are printed.
 */
@Tag("small-heap")
@EnabledIf(value = "inASmallHeap", disabledReason = "runs only in the small-heap JVM")
class HundredThousandUrlStreamTest {

  private static final int URLS = 100_000;
  private static final long SMALL_HEAP_LIMIT = 300L << 20;
  /** What may stay on the heap after the job: caches, pooled connections, metrics, JIT'd code's data. */
  private static final long HEAP_GROWTH_LIMIT = 48L << 20;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> {
    Path data = Files.createTempDirectory(Path.of(System.getProperty("buildDirectory", "target")), "hundred-k-");
    config.getJsonObject("jobs").put("store", "disk").put("dataDir", data.toString());
  });

  private static HttpClient http;

  static boolean inASmallHeap() {
    return Runtime.getRuntime().maxMemory() < SMALL_HEAP_LIMIT;
  }

  @BeforeAll
  static void client() {
    http = fixture.vertx().createHttpClient();
  }

  @AfterAll
  static void closeClient() {
    Node.await(http.close());
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void aHundredThousandUrlsStreamInAndTheirResultsStreamOutEachIndexOnce() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    String url = fixture.url("/bytes/1");
    Buffer list = Buffer.buffer(URLS * (url.length() + 1));
    for (int i = 0; i < URLS; i++) {
      list.appendString(url).appendByte((byte) '\n');
    }
    long before = heapAfterGc(memory);
    AtomicLong peak = new AtomicLong();
    long sampler = fixture.vertx().setPeriodic(50, t -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max));
    long start = System.nanoTime();

    var accepted = fixture.post("/jobs?wait=false&concurrency=1000&perHost=1000&digest=none")
        .putHeader("Content-Type", "text/uri-list").sendBuffer(list).await();
    list = null;
    long acceptedNanos = System.nanoTime();
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    JsonObject listed = Polling.until("the job's end in the listing", Duration.ofSeconds(120), Duration.ofMillis(200),
        () -> fixture.get("/jobs?limit=1").send().await().bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0),
        job -> id.equals(job.getString("id")) && "done".equals(job.getString("state")));
    long doneNanos = System.nanoTime();
    BitSet seen = new BitSet(URLS);
    long[] lines = {0, 0};
    readNdjson(id, line -> {
      JsonObject result = new JsonObject(line);
      int index = result.getInteger("index");
      if (seen.get(index)) {
        lines[1]++;
      }
      seen.set(index);
      lines[0]++;
      assertThat(result.getBoolean("ok")).as("result %s", line).isTrue();
    });
    long readNanos = System.nanoTime();
    fixture.vertx().cancelTimer(sampler);
    long after = heapAfterGc(memory);

    System.out.printf("100,000 streamed URLs: accepted in %d ms, done in %d ms, %d NDJSON results read in %d ms;"
            + " heap after GC %d MiB before, %d MiB after, peak used %d MiB (max %d MiB)%n",
        (acceptedNanos - start) / 1_000_000, (doneNanos - start) / 1_000_000, lines[0],
        (readNanos - doneNanos) / 1_000_000, before >> 20, after >> 20, peak.get() >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    assertThat(listed.getInteger("completed")).isEqualTo(URLS);
    assertThat(lines[0]).isEqualTo(URLS);
    assertThat(lines[1]).as("indices seen twice").isZero();
    assertThat(seen.cardinality()).isEqualTo(URLS);
    assertThat(after - before).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_LIMIT);
  }

  /** GET /jobs/{id} as NDJSON, each line handed on as it arrives (the report is never held whole). */
  private static void readNdjson(String id, java.util.function.Consumer<String> onLine) {
    Promise<Void> ended = Promise.promise();
    LineSplitter splitter = new LineSplitter(64 * 1024);
    http.request(HttpMethod.GET, fixture.port(), "127.0.0.1", "/jobs/" + id)
        .compose(request -> request.putHeader("Accept", "application/x-ndjson").send())
        .onSuccess(response -> {
          response.handler(piece -> {
            try {
              splitter.feed(piece.getBytes()).forEach(onLine);
            } catch (RuntimeException | AssertionError e) {
              ended.tryFail(e);
            }
          });
          response.endHandler(v -> ended.tryComplete());
          response.exceptionHandler(ended::tryFail);
        })
        .onFailure(ended::tryFail);
    Node.await(ended.future(), 120);
  }
}
