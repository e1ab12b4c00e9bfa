package fanfetch.faults;

import fanfetch.testing.Node;
import fanfetch.testing.Polling;
import fanfetch.testing.ProcessFigures;
import fanfetch.testing.ServiceFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finished fetches hold no memory, whatever their {@code connectTimeoutMs}: after twelve thousand
 * failed fetches (refused, reset, timed out) of jobs that allow 5 minutes to connect, the used heap
 * returns to about its baseline long before those 5 minutes are over.
 *
 * <p>{@link NoLeakTest} runs with the default 10 s connect timeout and polls up to 30 s, so it
 * cannot see memory that is only released when the connect timeout of each fetch would have ended.
 */
@ExtendWith(VertxExtension.class)
class ConnectTimeoutRetentionTest {

  private static final int ROUNDS = 4;
  private static final int URLS_PER_JOB = 1000;
  private static final long CONNECT_TIMEOUT_MS = 300_000;
  private static final long HEAP_MARGIN_BYTES = 32L << 20;
  /** Far below CONNECT_TIMEOUT_MS: memory released only when it ends would not be back by then. */
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

  @Test
  void usedHeapReturnsToTheBaselineLongBeforeTheConnectTimeoutEnds(Vertx vertx) throws Exception {
    try (FaultOrigin faults = FaultOrigin.start(); Socket portHolder = new Socket()) {
      faults.onPrefix("/reset", FaultOrigin.Exchange::reset);
      faults.onPrefix("/silent", x -> x.holdOpen(20_000));
      portHolder.bind(new InetSocketAddress("127.0.0.1", 0));
      int refusedPort = portHolder.getLocalPort();
      JsonObject config = ServiceFixture.defaultConfig();
      config.getJsonObject("fetchers").put("keepAliveTimeoutSeconds", 1);
      config.getJsonObject("guard").put("allow", new JsonArray()
          .add("127.0.0.1:" + faults.port()).add("127.0.0.1:" + refusedPort));
      Node node = Node.start(vertx, config);
      try {
        runJobs(node, faults, refusedPort, 20);
        long heapBefore = ProcessFigures.usedHeapAfterGc();

        for (int round = 0; round < ROUNDS; round++) {
          runJobs(node, faults, refusedPort, URLS_PER_JOB);
        }

        long heapAfter = Polling.await("used heap after GC back to at most " + (heapBefore + HEAP_MARGIN_BYTES)
                + " bytes (before " + heapBefore + "), long before the connect timeout ends", SETTLE_LIMIT,
                Duration.ofMillis(500))
            .until(ProcessFigures::usedHeapAfterGc, heap -> heap <= heapBefore + HEAP_MARGIN_BYTES);
        System.out.printf("RETENTION heap: before %.1f MiB, after %d failed fetches with connectTimeoutMs %d: %.1f MiB%n",
            heapBefore / 1048576.0, ROUNDS * 3 * URLS_PER_JOB, CONNECT_TIMEOUT_MS, heapAfter / 1048576.0);

        assertThat(heapAfter).isLessThanOrEqualTo(heapBefore + HEAP_MARGIN_BYTES);
      } finally {
        node.close();
      }
    }
  }

  private static void runJobs(Node node, FaultOrigin faults, int refusedPort, int n) {
    node.submit(job(n, i -> "http://127.0.0.1:" + refusedPort + "/refused/" + i));
    node.submit(job(n, i -> faults.url("/reset/" + i)));
    node.submit(job(n, i -> faults.url("/silent/" + i)).put("timeoutMs", 200));
  }

  private static JsonObject job(int n, IntFunction<String> url) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(url.apply(i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", 256).put("perHost", 256)
        .put("connectTimeoutMs", CONNECT_TIMEOUT_MS);
  }
}
