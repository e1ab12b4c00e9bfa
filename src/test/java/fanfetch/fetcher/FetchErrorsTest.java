package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.RefusingPort;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a single fetch can fail on loopback, each reported as one result with {@code ok: false}
 * and the right {@code error.kind}, never as a failed job.
 */
class FetchErrorsTest {

  /** Connecting there is refused (the guard allows it). */
  private static RefusingPort closedPort;
  /** A TCP server that answers any request with bytes that are not HTTP. */
  private static NetServer garbage;
  /** Closes the connection as soon as a request arrives, without answering. */
  private static NetServer hangUp;
  /** Resets the connection (TCP RST) as soon as a request arrives. */
  private static NetServer resetter;
  /** Answers with a chunked body whose chunk size is not a number. */
  private static NetServer badChunk;
  /** Answers with two different Content-Length headers. */
  private static NetServer twoLengths;

  /**
   * The origin and the node; the node's guard also opens the held port and the scripted servers,
   * made here (on the origin's Vert.x, closed with it) as the node is configured.
   */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> {
    closedPort = RefusingPort.hold();
    Vertx vertx = origin.vertx();
    garbage = scripted(vertx, new NetServerOptions(), "SPDY/9 what is this\r\n\r\n");
    hangUp = scripted(vertx, new NetServerOptions(), null);
    resetter = scripted(vertx, new NetServerOptions().setSoLinger(0), null);
    badChunk = scripted(vertx, new NetServerOptions(),
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n");
    twoLengths = scripted(vertx, new NetServerOptions(),
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello");
    JsonArray allow = config.getJsonObject("guard").getJsonArray("allow").add(closedPort.allowEntry());
    for (NetServer server : List.of(garbage, hangUp, resetter, badChunk, twoLengths)) {
      allow.add("127.0.0.1:" + server.actualPort());
    }
  });

  @AfterAll
  static void releaseThePort() throws IOException {
    if (closedPort != null) {
      closedPort.close();
    }
  }

  /**
   * A TCP server on 127.0.0.1 that answers the first bytes of every connection with a fixed text
   * and then closes, or (answer null) closes at once.
   */
  private static NetServer scripted(Vertx vertx, NetServerOptions options, String answer) {
    return Node.await(vertx.createNetServer(options)
        .connectHandler(socket -> socket.handler(request -> {
          if (answer == null) {
            socket.close();
          } else {
            socket.write(Buffer.buffer(answer)).onComplete(written -> socket.close());
          }
        }))
        .listen(0, "127.0.0.1"));
  }

  private static String scriptedUrl(NetServer server) {
    return "http://127.0.0.1:" + server.actualPort() + "/x";
  }

  private static JsonObject error(JsonObject result) {
    assertThat(result.getBoolean("ok")).as("result %s", result).isFalse();
    JsonObject error = result.getJsonObject("error");
    assertThat(error).as("result %s", result).isNotNull();
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  @Test
  void hostUnderDotInvalidFailsAsDns() {
    JsonObject result = fixture.node().fetch("http://no-such-host.fanfetch.invalid/x");

    assertThat(error(result).getString("kind")).isEqualTo("dns");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void closedAllowedPortFailsAsConnect() {
    JsonObject result = fixture.node().fetch(closedPort.url("/x"));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("connect");
    assertThat(error.getString("phase")).isEqualTo("connect");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void originThatNeverAnswersTimesOutWaitingForTheResponse() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/hang")).put("timeoutMs", 300));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("timeout");
    assertThat(error.getString("phase")).isEqualTo("ttfb");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void timedOutFetchGivesUpItsConnection() {
    TestOrigin.Expected hang = fixture.origin().expect("/hang");

    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/hang")).put("timeoutMs", 300));

    assertThat(error(result).getString("kind")).isEqualTo("timeout");
    // The origin sees the connection go: the fetcher does not leave the request hanging.
    Node.await(hang.closed(), 30);
  }

  @Test
  void bodyThatOutlivesTheTimeoutTimesOutWhileDownloading() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/trickle")).put("timeoutMs", 500));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("timeout");
    assertThat(error.getString("phase")).isEqualTo("download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void connectionClosedMidBodyFailsAsReset() {
    JsonObject result = fixture.node().fetch(fixture.url("/reset"));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("reset");
    assertThat(error.getString("phase")).isEqualTo("download");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void connectionClosedBeforeAnyResponseFailsAsReset() {
    JsonObject result = fixture.node().fetch(scriptedUrl(hangUp));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("reset");
    assertThat(error.getString("phase")).isEqualTo("ttfb");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void connectionResetByThePeerFailsAsReset() {
    JsonObject result = fixture.node().fetch(scriptedUrl(resetter));

    assertThat(error(result).getString("kind")).isEqualTo("reset");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void bodyLargerThanMaxBytesFailsAsTooLargeWithTheBytesSeen() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/bytes/1000000")).put("maxBytes", 100_000));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("too_large");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isGreaterThan(100_000L).isLessThanOrEqualTo(1_000_000L);
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void chunkedBodyLargerThanMaxBytesFailsAsTooLarge() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/stream/1000000")).put("maxBytes", 1000));

    assertThat(error(result).getString("kind")).isEqualTo("too_large");
    assertThat(result.getLong("bytes")).isGreaterThan(1000L);
  }

  @Test
  void bodyOfExactlyMaxBytesIsAccepted() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/bytes/65536")).put("maxBytes", 65536));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getLong("bytes")).isEqualTo(65536L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(65536));
  }

  @Test
  void ftpUrlIsInvalid() {
    JsonObject result = fixture.node().fetch("ftp://127.0.0.1:" + fixture.origin().port() + "/file");

    assertThat(error(result).getString("kind")).isEqualTo("invalid_url");
    assertThat(result.getInteger("attempts")).isZero();
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void textThatIsNotAUrlIsInvalid() {
    JsonObject result = fixture.node().fetch("not a url");

    assertThat(error(result).getString("kind")).isEqualTo("invalid_url");
    assertThat(result.getString("url")).isEqualTo("not a url");
  }

  @Test
  void invalidUrlFailsAloneWhileTheRestOfTheJobSucceeds() {
    JsonObject report = fixture.node()
        .submit(Node.spec(fixture.url("/bytes/12"), "not a url", fixture.url("/bytes/13")));

    assertThat(report.getJsonArray("results").getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(report.getJsonArray("results").getJsonObject(1).getJsonObject("error").getString("kind"))
        .isEqualTo("invalid_url");
    assertThat(report.getJsonArray("results").getJsonObject(2).getBoolean("ok")).isTrue();
    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(2);
    assertThat(report.getJsonObject("summary").getInteger("failed")).isEqualTo(1);
  }

  @Test
  void jobFinishedAtOnceIsAnsweredWithItsReportNot202() {
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> response = fixture.node().post(Node.spec("not a url"));

      assertThat(response.statusCode()).as("attempt %d: %s", i, response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("state")).isEqualTo("done");
    }
  }

  @Test
  void answerThatIsNotHttpFailsAsProtocol() {
    JsonObject result = fixture.node().fetch(scriptedUrl(garbage));

    assertThat(error(result).getString("kind")).isEqualTo("protocol");
    assertThat(result.getValue("status")).isNull();
  }

  @Test
  void malformedChunkedBodyFailsAsProtocol() {
    JsonObject result = fixture.node().fetch(scriptedUrl(badChunk));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("protocol");
    assertThat(error.getString("phase")).isEqualTo("download");
    assertThat(result.getInteger("status")).isEqualTo(200);
  }

  @Test
  void conflictingContentLengthsFailAsProtocol() {
    JsonObject result = fixture.node().fetch(scriptedUrl(twoLengths));

    assertThat(error(result).getString("kind")).isEqualTo("protocol");
  }

  @Test
  void responseHeaderLargerThanTheClientAcceptsFailsAsProtocol() {
    JsonObject result = fixture.node().fetch(fixture.url("/header-bytes/100000"));

    assertThat(error(result).getString("kind")).isEqualTo("protocol");
  }
}
