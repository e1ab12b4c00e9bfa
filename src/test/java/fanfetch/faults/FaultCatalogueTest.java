package fanfetch.faults;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per network fault, each produced byte for byte by a {@link FaultOrigin}: the fetch ends
 * with the error kind (or success) a demanding user expects, and the node still fetches a normal
 * URL correctly afterwards (a fault costs one result, never the service's health).
 *
 * <p>Each test prints its fault's answer ({@code FAULT name: kind/phase/status/bytes}) so a run
 * doubles as a catalogue of how the service reacts.
 */
class FaultCatalogueTest {

  /** A body with a recognisable, non-repeating pattern, for the success cases. */
  private static final byte[] BODY = pattern(50_000);
  private static final int HEALTH_BYTES = 12_345;
  private static final byte[] OK_BODY = "all is well\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static FaultOrigin faults;
  private static FaultOrigin stale;
  /** Holds a loopback port without listening on it: connecting there is refused (the guard allows it). */
  private static Socket portHolder;
  private static int refusedPort;
  /** Listens on a loopback port the guard does not allow: a redirect there must never connect. */
  private static ServerSocket forbidden;
  private static byte[] gzipped;

  /**
   * A polite origin and the node; the node's guard also opens the two fault origins and a port
   * that refuses connections, made (and scripted) here as the node is configured.
   */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, polite) -> {
    faults = FaultOrigin.start();
    stale = FaultOrigin.start();
    portHolder = new Socket();
    portHolder.bind(new InetSocketAddress("127.0.0.1", 0));
    refusedPort = portHolder.getLocalPort();
    forbidden = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
    gzipped = gzip(BODY);
    script();
    JsonArray allow = config.getJsonObject("guard").getJsonArray("allow");
    allow.add("127.0.0.1:" + faults.port()).add("127.0.0.1:" + stale.port()).add("127.0.0.1:" + refusedPort);
  });

  @AfterAll
  static void closeTheFaultServers() throws IOException {
    faults.close();
    stale.close();
    forbidden.close();
    portHolder.close();
  }

  /**
   * After every fault the node still fetches normal URLs with the right bytes: one from a polite
   * origin, and one from the very origin that just misbehaved (its pool must not be poisoned).
   */
  @AfterEach
  void nodeStillFetchesNormalUrls() {
    JsonObject report = fixture.node().submit(Node.spec(fixture.url("/bytes/" + HEALTH_BYTES), faults.url("/ok")));

    JsonObject fromPolite = report.getJsonArray("results").getJsonObject(0);
    assertThat(fromPolite.getBoolean("ok")).as("health fetch after the fault: %s", fromPolite).isTrue();
    assertThat(fromPolite.getInteger("status")).isEqualTo(200);
    assertThat(fromPolite.getLong("bytes")).isEqualTo((long) HEALTH_BYTES);
    assertThat(fromPolite.getString("sha256")).isEqualTo(TestOrigin.sha256Of(HEALTH_BYTES));
    JsonObject fromFaulty = report.getJsonArray("results").getJsonObject(1);
    assertThat(fromFaulty.getBoolean("ok")).as("health fetch after the fault: %s", fromFaulty).isTrue();
    assertThat(fromFaulty.getLong("bytes")).isEqualTo((long) OK_BODY.length);
    assertThat(fromFaulty.getString("sha256")).isEqualTo(sha256(OK_BODY));
  }

  private static void script() {
    String len = "Content-Length: ";
    // Kept alive (no Connection: close), then closed without an answer when the next request
    // arrives on it: what a client sees when a server's idle timeout and its reuse of the
    // connection cross. On an origin of its own, so no other test meets the idle connection.
    stale
        .on("/stale-first", x -> {
          x.send("HTTP/1.1 200 OK\r\n" + len + OK_BODY.length + "\r\n\r\n").send(OK_BODY);
          closeOnNextRequest(x);
        })
        .on("/fresh", x -> x.send("HTTP/1.1 200 OK\r\nConnection: close\r\n" + len + BODY.length + "\r\n\r\n")
            .send(BODY));
    faults
        .on("/ok", x -> x.send("HTTP/1.1 200 OK\r\nConnection: close\r\n" + len + OK_BODY.length + "\r\n\r\n")
            .send(OK_BODY))
        .on("/head-then-close", x -> x.send("HTTP/1.1 200 OK\r\n" + len + "1000\r\n\r\n").close())
        .on("/reset-mid-body", x -> {
          x.send("HTTP/1.1 200 OK\r\n" + len + "100000\r\n\r\n").send(slice(BODY, 20_000)).pause(100);
          x.reset();
        })
        .on("/short-body", x -> x.send("HTTP/1.1 200 OK\r\n" + len + "1000\r\n\r\n").send(slice(BODY, 400)).close())
        .on("/chunk-size-overflow", x -> x.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"))
        .on("/chunk-overrun", x -> x.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nhello world\r\n0\r\n\r\n"))
        .on("/silent", x -> x.holdOpen(30_000))
        .on("/trickle", x -> {
          x.send("HTTP/1.1 200 OK\r\n" + len + "1000\r\n\r\n");
          for (int i = 0; i < 100; i++) { // at most 10 s; the client gives up long before
            x.send(new byte[] {'x'}).pause(100);
          }
        })
        // Connection: close, so each hop gets a fresh connection (the stale-connection race is its own test).
        .on("/loop-a", x -> x.send("HTTP/1.1 302 Found\r\nLocation: /loop-b\r\nConnection: close\r\n" + len + "0\r\n\r\n"))
        .on("/loop-b", x -> x.send("HTTP/1.1 302 Found\r\nLocation: /loop-a\r\nConnection: close\r\n" + len + "0\r\n\r\n"))

        .on("/to-file", x -> x.send("HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nConnection: close\r\n" + len + "0\r\n\r\n"))
        .on("/to-ftp", x -> x.send("HTTP/1.1 301 Moved Permanently\r\nLocation: ftp://127.0.0.1:" + faults.port()
            + "/pub/x\r\nConnection: close\r\n" + len + "0\r\n\r\n"))
        .on("/to-forbidden-port", x -> x.send("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:"
            + forbidden.getLocalPort() + "/admin\r\nConnection: close\r\n" + len + "0\r\n\r\n"))
        .on("/huge-head", x -> {
          x.send("HTTP/1.1 200 OK\r\n");
          String line = "X-Filler: " + "f".repeat(1000) + "\r\n";
          for (int i = 0; i < 1024; i++) { // 1 MiB of header lines
            x.send(line);
          }
          x.send(len + "2\r\n\r\nok");
        })
        .on("/http10-close-delimited", x -> x.send("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n")
            .send(BODY)) // the origin's FIN after the script ends the body
        .on("/continue-first", x -> x.send("HTTP/1.1 100 Continue\r\n\r\n").pause(50)
            .send("HTTP/1.1 200 OK\r\nConnection: close\r\n" + len + BODY.length + "\r\n\r\n").send(BODY))
        .on("/early-hints-first", x -> x.send("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n")
            .pause(50).send("HTTP/1.1 200 OK\r\nConnection: close\r\n" + len + BODY.length + "\r\n\r\n").send(BODY))
        .on("/gzip", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nConnection: close\r\n"
            + len + gzipped.length + "\r\n\r\n").send(gzipped));
  }

  // ---------------------------------------------------------------- connection-level faults

  @Test
  void connectionRefusedFailsAsConnect() {
    JsonObject result = fetch("connection refused", "http://127.0.0.1:" + refusedPort + "/x");

    assertFailure(result, "connect", "connect");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void connectionClosedRightAfterTheHeadFailsAsResetWhileDownloading() {
    JsonObject result = fetch("closed right after the head", faults.url("/head-then-close"));

    assertFailure(result, "reset", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isZero();
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void tcpResetMidBodyFailsAsResetWithTheBytesReceived() {
    JsonObject result = fetch("TCP RST mid-body", faults.url("/reset-mid-body"));

    assertFailure(result, "reset", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isBetween(0L, 20_000L);
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void bodyShorterThanItsContentLengthFailsAsResetWithTheBytesReceived() {
    JsonObject result = fetch("Content-Length 1000, 400 bytes, FIN", faults.url("/short-body"));

    assertFailure(result, "reset", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isEqualTo(400L);
    assertThat(result.getValue("sha256")).isNull();
  }

  // ---------------------------------------------------------------- malformed answers

  @Test
  void chunkSizeTooLargeForANumberFailsAsProtocol() {
    JsonObject result = fetch("chunk size overflowing", faults.url("/chunk-size-overflow"));

    assertFailure(result, "protocol", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void chunkCarryingMoreDataThanItsSizeFailsAsProtocol() {
    JsonObject result = fetch("chunk data longer than its size", faults.url("/chunk-overrun"));

    assertFailure(result, "protocol", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
  }

  @Test
  void oneMebibyteOfResponseHeadersFailsAsProtocol() {
    JsonObject result = fetch("1 MiB of response headers", faults.url("/huge-head"));

    assertFailure(result, "protocol", "ttfb");
    assertThat(result.getLong("bytes")).isZero();
  }

  // ---------------------------------------------------------------- timeouts

  @Test
  void serverThatAcceptsAndNeverAnswersTimesOutWaitingForTheResponse() {
    JsonObject result = fetch("accepts, never answers", Node.spec(faults.url("/silent")).put("timeoutMs", 500));

    assertFailure(result, "timeout", "ttfb");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void trickleOutlivingTheTimeoutTimesOutWhileDownloading() {
    JsonObject result = fetch("1 byte / 100 ms trickle", Node.spec(faults.url("/trickle")).put("timeoutMs", 700));

    assertFailure(result, "timeout", "download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isBetween(1L, 999L);
    assertThat(result.getValue("sha256")).isNull();
  }

  // ---------------------------------------------------------------- a kept-alive connection the server closed

  @Test
  void sequentialFetchOnAReusedConnectionTheServerClosedIsRetriedOnAFreshOne() {
    JsonObject report = fixture.node().submit(Node.spec(stale.url("/stale-first"), stale.url("/fresh"))
        .put("mode", "sequential"));
    JsonObject second = report.getJsonArray("results").getJsonObject(1);
    print("second sequential fetch on a stale kept-alive connection", second);

    assertSuccess(second, BODY);
  }

  // ---------------------------------------------------------------- redirects

  @Test
  void twoUrlsRedirectingToEachOtherFailAsTooManyRedirects() {
    JsonObject result = fetch("redirect loop a->b->a", Node.spec(faults.url("/loop-a")).put("maxRedirects", 4));

    assertFailure(result, "too_many_redirects", null);
    assertThat(result.getInteger("redirects")).isEqualTo(4);
    assertThat(result.getInteger("status")).isEqualTo(302);
  }

  @Test
  void redirectToAFileUrlIsBlocked() {
    JsonObject result = fetch("redirect to file:", faults.url("/to-file"));

    assertFailure(result, "blocked", null);
    assertThat(result.getLong("bytes")).isZero();
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void redirectToAnFtpUrlIsBlocked() {
    JsonObject result = fetch("redirect to ftp:", faults.url("/to-ftp"));

    assertFailure(result, "blocked", null);
    assertThat(faults.hits("/pub/x")).isZero();
  }

  @Test
  void redirectToALoopbackPortOutsideTheAllowListIsBlockedWithoutConnecting() throws IOException {
    JsonObject result = fetch("redirect to a blocked loopback port", faults.url("/to-forbidden-port"));

    assertFailure(result, "blocked", null);
    assertThat(result.getInteger("redirects")).isEqualTo(1);
    // Nothing ever connected to the forbidden port: accept() finds no pending connection.
    forbidden.setSoTimeout(200);
    assertThat(acceptedSomething(forbidden)).isFalse();
  }

  // ---------------------------------------------------------------- TLS

  @Test
  void untrustedCertificateFailsAsTls() {
    JsonObject result = fetch("untrusted (self-signed) certificate", fixture.origin().tlsUrl("/bytes/100"));

    assertFailure(result, "tls", "connect");
    assertThat(result.getValue("status")).isNull();
  }

  // ---------------------------------------------------------------- unusual but valid answers

  @Test
  void closeDelimitedHttp10BodyIsReadToTheEnd() {
    JsonObject result = fetch("HTTP/1.0, no Content-Length, body until FIN", faults.url("/http10-close-delimited"));

    assertSuccess(result, BODY);
  }

  @Test
  void hundredContinueBeforeTheResponseIsSkipped() {
    JsonObject result = fetch("100 Continue, then 200", faults.url("/continue-first"));

    assertSuccess(result, BODY);
  }

  @Test
  void earlyHintsBeforeTheResponseAreSkipped() {
    JsonObject result = fetch("103 Early Hints, then 200", faults.url("/early-hints-first"));

    assertSuccess(result, BODY);
  }

  @Test
  void gzipBodyIsCountedAndHashedAsReceivedWithoutDecompressing() {
    JsonObject result = fetch("Content-Encoding: gzip", faults.url("/gzip"));

    assertSuccess(result, gzipped);
    assertThat(result.getLong("bytes")).isLessThan((long) BODY.length);
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject fetch(String fault, String url) {
    return fetch(fault, Node.spec(url));
  }

  private static JsonObject fetch(String fault, JsonObject spec) {
    return print(fault, fixture.node().fetch(spec));
  }

  private static JsonObject print(String fault, JsonObject result) {
    JsonObject error = result.getJsonObject("error");
    System.out.printf("FAULT %-45s -> %s phase=%s status=%s bytes=%s redirects=%s message=%s%n", fault,
        error == null ? (result.getBoolean("ok") ? "ok" : "no error") : error.getString("kind"),
        error == null ? "-" : error.getString("phase"), result.getValue("status"), result.getValue("bytes"),
        result.getValue("redirects"), error == null ? "-" : error.getString("message"));
    return result;
  }

  private static void assertFailure(JsonObject result, String kind, String phase) {
    assertThat(result.getBoolean("ok")).as("result %s", result).isFalse();
    JsonObject error = result.getJsonObject("error");
    assertThat(error).as("result %s", result).isNotNull();
    assertThat(error.getString("kind")).as("result %s", result).isEqualTo(kind);
    assertThat(error.getString("message")).isNotBlank();
    if (phase != null) {
      assertThat(error.getString("phase")).as("result %s", result).isEqualTo(phase);
    }
  }

  private static void assertSuccess(JsonObject result, byte[] expectedBody) {
    assertThat(result.getValue("error")).as("result %s", result).isNull();
    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isEqualTo((long) expectedBody.length);
    assertThat(result.getString("sha256")).isEqualTo(sha256(expectedBody));
  }

  /** Closes the connection, unanswered, as soon as the client sends another request on it. */
  private static void closeOnNextRequest(FaultOrigin.Exchange x) throws IOException {
    if (x.nextRequest(5_000) != null) {
      x.close();
    }
  }

  private static boolean acceptedSomething(ServerSocket server) throws IOException {
    try (Socket ignored = server.accept()) {
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private static byte[] pattern(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
    }
    return bytes;
  }

  private static byte[] slice(byte[] bytes, int n) {
    return java.util.Arrays.copyOf(bytes, n);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
