package fanfetch.faults;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.ProcessFigures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of failing fetches leave nothing behind: after three jobs of 1000 URLs each (a refused
 * port, a server that resets every connection, a server that never answers under a short
 * timeout), the process's open file descriptors and its used heap return to about where they
 * were. Node and origins run in this JVM, so both ends of every socket are counted.
 *
 * <p>The figures (fds before / peak / after, heap before / after) are printed to stdout.
 */
@EnabledOnOs(OS.LINUX) // counts /proc/self/fd
class NoLeakTest {

  private static final int URLS_PER_JOB = 1000;
  /** Open fds allowed above the baseline once everything has settled. */
  private static final long FD_MARGIN = 10;
  private static final long HEAP_MARGIN_BYTES = 64L << 20;
  /** Upper bound for fds and heap to settle; keep-alive is 1 s here, so this only catches leaks. */
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

  private static FaultOrigin faults;
  private static Socket portHolder;
  private static int refusedPort;

  /**
   * A polite origin and the node; the node's guard also opens a fault origin (resets, silence)
   * and a port that refuses connections, both made here as the node is configured.
   */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, polite) -> {
    faults = FaultOrigin.start();
    faults.onPrefix("/reset", FaultOrigin.Exchange::reset);
    faults.onPrefix("/silent", x -> x.holdOpen(20_000));
    portHolder = new Socket();
    portHolder.bind(new InetSocketAddress("127.0.0.1", 0));
    refusedPort = portHolder.getLocalPort();
    config.getJsonObject("fetchers").put("keepAliveTimeoutSeconds", 1);
    config.getJsonObject("guard").getJsonArray("allow")
        .add("127.0.0.1:" + faults.port()).add("127.0.0.1:" + refusedPort);
  });

  private static long fdsBefore;
  private static long fdsPeak;
  private static long heapBefore;
  private static final Map<String, Map<String, Integer>> kindsByJob = new LinkedHashMap<>();

  @BeforeAll
  static void runThousandsOfFailingFetches() throws Exception {
    // Warm up every path once (lazy classes, pools, threads), then take the baseline.
    runJobs(20);
    fixture.node().fetch(fixture.url("/bytes/1000"));
    fdsBefore = settledFds();
    heapBefore = ProcessFigures.usedHeapAfterGc();

    // The peak: open fds sampled every 5 ms while the jobs run (the sampler stops with them).
    AtomicLong peak = new AtomicLong(fdsBefore);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "fd-sampler");
      thread.setDaemon(true);
      return thread;
    });
    sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(openFds(), Math::max), 0, 5, TimeUnit.MILLISECONDS);
    try {
      kindsByJob.putAll(runJobs(URLS_PER_JOB));
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    fdsPeak = peak.get();
  }

  @AfterAll
  static void closeTheFaultOriginAndThePort() throws IOException {
    if (faults != null) {
      faults.close();
    }
    if (portHolder != null) {
      portHolder.close();
    }
  }

  /** Three jobs of n URLs each; returns each job's error kinds and how many results had each. */
  private static Map<String, Map<String, Integer>> runJobs(int n) {
    Node node = fixture.node();
    Map<String, Map<String, Integer>> kinds = new LinkedHashMap<>();
    kinds.put("refused", kinds(node.submit(job(n, i -> "http://127.0.0.1:" + refusedPort + "/refused/" + i))));
    kinds.put("reset", kinds(node.submit(job(n, i -> faults.url("/reset/" + i)))));
    kinds.put("timeout", kinds(node.submit(job(n, i -> faults.url("/silent/" + i)).put("timeoutMs", 200))));
    return kinds;
  }

  private static JsonObject job(int n, java.util.function.IntFunction<String> url) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(url.apply(i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", 256).put("perHost", 256);
  }

  private static Map<String, Integer> kinds(JsonObject report) {
    Map<String, Integer> kinds = new LinkedHashMap<>();
    for (Object o : report.getJsonArray("results")) {
      JsonObject result = (JsonObject) o;
      JsonObject error = result.getJsonObject("error");
      kinds.merge(error == null ? "ok" : error.getString("kind"), 1, Integer::sum);
    }
    return kinds;
  }

  @Test
  void everyFailingFetchFailsWithItsFaultsKind() {
    assertThat(kindsByJob).containsOnly(
        Map.entry("refused", Map.of("connect", URLS_PER_JOB)),
        Map.entry("reset", Map.of("reset", URLS_PER_JOB)),
        Map.entry("timeout", Map.of("timeout", URLS_PER_JOB)));
  }

  @Test
  void openFileDescriptorsReturnToTheBaseline() {
    long fdsAfter = Polling.await("open fds back to at most " + (fdsBefore + FD_MARGIN) + " (before " + fdsBefore
            + ", peak " + fdsPeak + ")", SETTLE_LIMIT, Duration.ofMillis(100))
        .until(NoLeakTest::openFds, fds -> fds <= fdsBefore + FD_MARGIN);
    System.out.printf("LEAK fds: before %d, peak %d, after %d (margin %d)%n", fdsBefore, fdsPeak, fdsAfter, FD_MARGIN);

    assertThat(fdsAfter).as("open fds (before %d, peak %d)", fdsBefore, fdsPeak).isLessThanOrEqualTo(fdsBefore + FD_MARGIN);
  }

  @Test
  void usedHeapAfterGcReturnsToTheBaseline() {
    long heapAfter = Polling.await("used heap after GC back to at most " + (heapBefore + HEAP_MARGIN_BYTES)
            + " bytes (before " + heapBefore + ")", SETTLE_LIMIT, Duration.ofMillis(500))
        .until(ProcessFigures::usedHeapAfterGc, heap -> heap <= heapBefore + HEAP_MARGIN_BYTES);
    System.out.printf("LEAK heap: before %.1f MiB, after %.1f MiB (margin %d MiB)%n",
        heapBefore / 1048576.0, heapAfter / 1048576.0, HEAP_MARGIN_BYTES >> 20);

    assertThat(heapAfter).as("used heap after GC (before %d)", heapBefore).isLessThanOrEqualTo(heapBefore + HEAP_MARGIN_BYTES);
  }

  /** Open fds once the count has stood still for 2 s, past the 1 s keep-alive (idle pooled connections closed). */
  private static long settledFds() {
    return ProcessFigures.settledOpenFds(Duration.ofSeconds(2), SETTLE_LIMIT);
  }

  static long openFds() {
    return ProcessFigures.openFds();
  }
}
