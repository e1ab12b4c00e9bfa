package fanfetch.api;

import fanfetch.testing.NodeProcess;
import fanfetch.testing.RawClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unfinished request bodies cannot fill a node's heap (issue 13's second attack, at test size): 20
 * connections each send half of a 16,000,000-byte body and stall, against a node in its own 128 MiB
 * heap that exits on OutOfMemoryError. One body fits the node's budget of bodies in progress; the
 * rest are refused before they are read, and the stalled one is answered 408 when its time is up.
 */
class BodyFloodTest {

  private static final int CONNECTIONS = 20;
  private static final int DECLARED = 16_000_000;
  private static final int SENT = 8_000_000;

  @Test
  void twentyHalfSentSixteenMegabyteBodiesLeaveTheNodeAliveAndServing() throws Exception {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("bodyTimeoutMs", 3_000));
    try (NodeProcess node = NodeProcess.start("body-flood", 128, config)) {
      ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
      List<RawClient> clients = new ArrayList<>();
      try {
        List<Future<Long>> sent = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
          RawClient client = RawClient.connect(node.port(), 0);
          clients.add(client);
          sent.add(pool.submit(() -> halfABody(client)));
        }
        long total = 0;
        for (Future<Long> bytes : sent) {
          total += bytes.get(120, TimeUnit.SECONDS);
        }
        System.out.printf("body flood: %d connections sent %d MB in all before stalling or being refused%n",
            CONNECTIONS, total >> 20);

        assertThat(node.alive()).as("the node is alive; its log:\n%s", node.log()).isTrue();
        assertThat(node.send("GET", "/health/live", null, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        var job = node.send("POST", "/jobs?wait=false", "{\"urls\": [\"http://127.0.0.1:9/\"]}", Duration.ofSeconds(10));
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
      } finally {
        clients.forEach(RawClient::close);
        pool.shutdownNow();
      }
      assertThat(node.alive()).isTrue();
    }
  }

  /** Sends the head and half the body (until the node refuses it); returns the bytes it got to send. */
  private static Long halfABody(RawClient client) {
    long sent = 0;
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) ' ');
    try {
      client.send(RawClient.head("POST", "/jobs", "Content-Type: application/json\r\nContent-Length: " + DECLARED + "\r\n"));
      while (sent < SENT) {
        client.send(piece);
        sent += piece.length;
      }
    } catch (java.io.IOException refused) {
      // the node answered and closed: the body was refused
    }
    return sent;
  }
}
