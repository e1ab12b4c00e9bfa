package fanfetch.api;

import fanfetch.testing.NodeProcess;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.RawClient;
import fanfetch.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress streams cost the same for one reader or hundreds (issue 13's first attack, at test sizes):
 * a node in its own small heap ({@link NodeProcess}, 256 MiB, half the recommended one; exits on
 * OutOfMemoryError) serves jobs while hundreds of clients ask for their events and never read a
 * byte. The stream cap is set high here, so what is proven is the cost of each stream, not the cap.
 * (Loopback's kernel buffers take megabytes of each "silent" stream, so the node still encodes
 * about a gigabyte of events for 300 of them; in 128 MiB that churn can trip the parallel
 * collector's overhead limit while a stream's own retention stays ~50 KiB.)
 */
class StreamReadersTest {

  private static final int HEAP_MB = 256;
  private static final long STALL_MS = 2_000;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.originOnly();

  private NodeProcess node;
  private final List<RawClient> readers = new ArrayList<>();

  private NodeProcess start() throws Exception {
    JsonObject config = new JsonObject()
        .put("guard", new JsonObject().put("allow", ServiceFixture.configFor(fixture.origin())
            .getJsonObject("guard").getJsonArray("allow")))
        .put("http", new JsonObject().put("streamStallMs", STALL_MS).put("idleTimeoutMs", STALL_MS)
            .put("maxStreams", 1_000));
    node = NodeProcess.start("stream-readers", HEAP_MB, config);
    return node;
  }

  @AfterEach
  void stop() throws IOException {
    readers.forEach(RawClient::close);
    if (node != null) {
      node.close();
    }
  }

  private static JsonObject job(int urls, String path, int concurrency) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < urls; i++) {
      list.add(fixture.url(path + "?i=" + i));
    }
    return new JsonObject().put("urls", list).put("concurrency", concurrency).put("perHost", concurrency);
  }

  /** Readers that ask for the job's events and never read (a small receive buffer: the kernel holds little). */
  private void openSilentReaders(String id, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      readers.add(RawClient.connect(node.port(), 4096).send(RawClient.head("GET", "/jobs/" + id + "/events", "")));
    }
  }

  private JsonObject awaitDone(String id, Duration atMost) {
    return Polling.until("job " + id + " done on a node that is alive", atMost, Duration.ofMillis(200), () -> {
      assertThat(node.alive()).as("the node is alive; its log:\n%s", node.log()).isTrue();
      try {
        return node.report(id);
      } catch (IOException e) {
        return new JsonObject().put("unanswered", e.toString());
      }
    }, report -> "done".equals(report.getString("state")));
  }

  @Test
  void threeHundredReadersThatNeverReadHoldNothingOfTheJobAndAreClosed() throws Exception {
    start();
    long fdsBefore = node.openFds();
    String id = node.accept(job(5_000, "/bytes/200", 256));
    openSilentReaders(id, 300);

    JsonObject report = awaitDone(id, Duration.ofSeconds(120));

    assertThat(report.getJsonArray("results")).hasSize(5_000);
    assertThat(node.alive()).as("the node is alive; its log:\n%s", node.log()).isTrue();
    assertThat(node.send("GET", "/health/live", null, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
    // Every reader's connection is closed by the node while the readers still read nothing: a
    // stalled stream after the stall time, one the kernel's buffers took whole once it is idle.
    long fdsAfter = Polling.until("the node's descriptors back near their count before the readers",
        Duration.ofSeconds(STALL_MS / 1000 * 10 + 30), Duration.ofMillis(250), node::openFds,
        fds -> fds <= fdsBefore + 20);
    System.out.printf("300 silent readers of a 5,000-URL job: node fds %d before, %d after; job %.0f ms%n",
        fdsBefore, fdsAfter, report.getDouble("durationMs"));
    for (RawClient reader : readers) {
      assertThat(reader.readUntilClosed(10_000, 64).closed()).as("the reader's connection was closed").isTrue();
    }
    assertThat(node.alive()).as("the node is alive; its log:\n%s", node.log()).isTrue();
  }

  @Test
  void aHundredStalledReadersDoNotSlowAJob() throws Exception {
    start();
    // The same job twice: alone (which also warms the node up), then with 100 readers that never read.
    JsonObject alone = awaitDone(node.accept(job(5_000, "/bytes/200", 256)), Duration.ofSeconds(120));
    String id = node.accept(job(5_000, "/bytes/200", 256));
    openSilentReaders(id, 100);

    JsonObject watched = awaitDone(id, Duration.ofSeconds(120));

    double aloneMs = alone.getDouble("durationMs");
    double watchedMs = watched.getDouble("durationMs");
    System.out.printf("a 5,000-URL job: %.0f ms alone, %.0f ms with 100 stalled readers%n", aloneMs, watchedMs);
    assertThat(watchedMs).as("the job's wall time with 100 stalled readers (alone: %.0f ms)", aloneMs)
        .isLessThan(aloneMs * 1.5 + 2_000);
  }

  @Test
  void twoReadersOfATwentyThousandUrlJobGetEveryResultOnceAndTheDoneEvent() throws Exception {
    start();
    String id = node.accept(job(20_000, "/bytes/100", 2_000));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Stream> first = pool.submit(() -> readAll(id));
      Future<Stream> second = pool.submit(() -> readAll(id));
      for (Stream stream : List.of(first.get(180, TimeUnit.SECONDS), second.get(180, TimeUnit.SECONDS))) {
        assertThat(stream.done).as("done event; the node's log:\n%s", node.log()).isTrue();
        assertThat(stream.results).as("result events").isEqualTo(20_000);
        assertThat(stream.ids.cardinality()).as("distinct URLs").isEqualTo(20_000);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(node.alive()).isTrue();
  }

  private record Stream(int results, BitSet ids, boolean done) {
  }

  /** Reads a whole event stream as it comes, keeping only which ids came (bounded in time). */
  private Stream readAll(String id) throws Exception {
    try (InputStream in = node.stream("/jobs/" + id + "/events", Duration.ofSeconds(170)).body()) {
      StringBuilder line = new StringBuilder();
      BitSet ids = new BitSet();
      int results = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(170);
      byte[] buffer = new byte[65536];
      while (System.nanoTime() < deadline) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          char c = (char) buffer[i];
          if (c != '\n') {
            if (line.length() < 64) {
              line.append(c);
            }
            continue;
          }
          String text = line.toString();
          line.setLength(0);
          if (text.equals("event: result")) {
            results++;
          } else if (text.startsWith("id: ")) {
            ids.set(Integer.parseInt(text.substring(4).trim()));
          } else if (text.equals("event: done")) {
            return new Stream(results, ids, true);
          }
        }
      }
      return new Stream(results, ids, false);
    }
  }
}
