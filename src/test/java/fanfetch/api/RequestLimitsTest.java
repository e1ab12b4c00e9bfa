package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.RawClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are bounded in sum and in time, and connections in time (issue 13's second and
 * third attacks, small): bare-socket clients that send half a body, a chunked body past the budget,
 * nothing at all, or a head a byte at a time.
 */
class RequestLimitsTest {

  private static final int MAX_BODY = 64 * 1024;
  private static final int BUDGET = 100 * 1024;
  private static final long BODY_TIMEOUT_MS = 1_000;
  private static final long HEADER_TIMEOUT_MS = 1_000;
  private static final long IDLE_TIMEOUT_MS = 1_500;
  /** Timeouts are checked by a sweep every quarter second; this covers it and a slow machine. */
  private static final long MARGIN_MS = 4_000;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config -> config.getJsonObject("http")
      .put("maxBodyBytes", MAX_BODY).put("maxBodyBytesInFlight", BUDGET).put("bodyTimeoutMs", BODY_TIMEOUT_MS)
      .put("headerTimeoutMs", HEADER_TIMEOUT_MS).put("idleTimeoutMs", IDLE_TIMEOUT_MS));

  private final List<RawClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(RawClient::close);
  }

  private RawClient connect() throws IOException {
    RawClient client = RawClient.connect(fixture.port(), 0);
    clients.add(client);
    return client;
  }

  private static String post(long contentLength) {
    return RawClient.head("POST", "/jobs", "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n");
  }

  private static void assertProblem(RawClient.Read read, int status) {
    assertThat(read.status()).as("answer %s", read.text()).isEqualTo(status);
    assertThat(read.text()).contains("application/problem+json");
    String body = read.text().substring(read.text().indexOf("\r\n\r\n") + 4);
    assertThat(new JsonObject(body).getInteger("status")).isEqualTo(status);
  }

  @Test
  void aBodyThatWouldTakeTheNodePastItsBudgetIs503WithRetryAfterBeforeItIsRead() throws Exception {
    RawClient holder = connect().send(post(MAX_BODY)).send("{\"urls\": [");
    // The first body holds 64 KiB of the 100 KiB budget while it stalls; the second would pass it.
    RawClient.Read refused = Polling.until("a 503 for the second body", Duration.ofSeconds(10), Duration.ofMillis(50),
        () -> connect().send(post(MAX_BODY)).readUntilClosed(3_000, 4096), read -> read.status() == 503);

    assertProblem(refused, 503);
    assertThat(refused.text()).containsIgnoringCase("Retry-After: 1");
    assertThat(refused.closed()).as("its connection is closed, the body never read").isTrue();
    holder.close();
  }

  @Test
  void aChunkedBodyCountsAsItArrivesAndIsRefusedOncePastTheBudget() throws Exception {
    RawClient holder = connect().send(post(MAX_BODY)).send("{");
    RawClient chunked = connect().send(RawClient.head("POST", "/jobs",
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
    String chunk = Integer.toHexString(10_000) + "\r\n" + " ".repeat(10_000) + "\r\n";
    for (int i = 0; i < 5; i++) {
      chunked.send(chunk);
    }

    RawClient.Read read = chunked.readUntilClosed(5_000, 4096);
    assertProblem(read, 503);
    holder.close();
  }

  @Test
  void aBodyNotCompleteWithinTheBodyTimeoutIs408AndItsConnectionCloses() throws Exception {
    long started = System.nanoTime();
    RawClient.Read read = connect().send(post(1_000)).send("{\"urls\"").readUntilClosed(BODY_TIMEOUT_MS + MARGIN_MS, 4096);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertProblem(read, 408);
    assertThat(read.closed()).isTrue();
    assertThat(tookMs).isGreaterThanOrEqualTo(BODY_TIMEOUT_MS - 100);
  }

  private static String streamedList(long contentLength) {
    return RawClient.head("POST", "/jobs?wait=false",
        "Content-Type: text/uri-list\r\nContent-Length: " + contentLength + "\r\n");
  }

  @Test
  void aStreamedUrlListThatKeepsComingIsReadPastTheBodyTimeout() throws Exception {
    // A long list may take longer than http.bodyTimeoutMs to send: its time runs from its last byte.
    String line = "http://127.0.0.1:9/slow\n";
    int lines = 12;
    RawClient client = connect().send(streamedList((long) line.length() * lines));
    long started = System.nanoTime();
    for (int i = 0; i < lines; i++) {
      client.send(line);
      Thread.sleep(BODY_TIMEOUT_MS / 4);
    }
    long sendingMs = (System.nanoTime() - started) / 1_000_000;
    RawClient.Read read = client.readUntilClosed(5_000, 4096);

    assertThat(sendingMs).as("the list took longer than the body timeout").isGreaterThan(BODY_TIMEOUT_MS * 2);
    assertThat(read.status()).as("answer %s", read.text()).isEqualTo(202);
    assertThat(read.text()).contains("Location: /jobs/");
  }

  @Test
  void aStreamedUrlListThatStopsComingIs408() throws Exception {
    RawClient.Read read = connect().send(streamedList(10_000)).send("http://127.0.0.1:9/a\n")
        .readUntilClosed(BODY_TIMEOUT_MS + MARGIN_MS, 4096);

    assertProblem(read, 408);
    assertThat(read.text()).contains("nothing more of the URL list arrived");
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
    RawClient.Read read = connect().readUntilClosed(HEADER_TIMEOUT_MS + MARGIN_MS, 64);
    assertThat(read.closed()).as("closed by the node").isTrue();
    assertThat(read.bytes()).isZero();
  }

  @Test
  void aHeadSentAByteAtATimeIsClosedAfterTheHeaderTimeoutNotServed() throws Exception {
    RawClient trickle = connect();
    String head = RawClient.head("GET", "/health/live", "X-Padding: " + "p".repeat(40) + "\r\n");
    long started = System.nanoTime();
    boolean closed = false;
    for (int i = 0; i < head.length() && !closed; i++) {
      try {
        trickle.send(head.substring(i, i + 1));
      } catch (IOException reset) {
        closed = true;
        break;
      }
      // a byte every 100 ms: the whole head would take about 7 s
      RawClient.Read read = trickle.readUntilClosed(100, 64);
      closed = read.closed();
      assertThat(read.bytes()).as("nothing answered to a head not complete").isZero();
    }
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(closed).as("the trickling connection was closed").isTrue();
    assertThat(tookMs).isLessThan(HEADER_TIMEOUT_MS + MARGIN_MS);
  }

  @Test
  void aKeptAliveConnectionWithNoRequestIsClosedAfterTheIdleTimeout() throws Exception {
    RawClient client = connect().send(RawClient.head("GET", "/health/live", ""));
    RawClient.Read read = client.readUntilClosed(IDLE_TIMEOUT_MS + MARGIN_MS, 4096);

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.closed()).as("closed once idle").isTrue();
  }
}
