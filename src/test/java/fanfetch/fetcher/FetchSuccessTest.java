package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Successful fetches through the HTTP API: what a result says about a body that arrived. */
class FetchSuccessTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  @Test
  void getReportsStatusBytesDigestAndContentType() {
    String url = fixture.url("/bytes/100000");

    JsonObject result = fixture.node().fetch(url);

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isEqualTo(100_000L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(100_000));
    assertThat(result.getString("contentType")).isEqualTo("application/octet-stream");
    assertThat(result.getValue("error")).isNull();
  }

  @Test
  void resultNamesTheUrlTheFinalUrlTheNodeAndOneAttempt() {
    String url = fixture.url("/bytes/10");

    JsonObject result = fixture.node().fetch(url);

    assertThat(result.getInteger("index")).isZero();
    assertThat(result.getString("url")).isEqualTo(url);
    assertThat(result.getString("finalUrl")).isEqualTo(url);
    assertThat(result.getInteger("redirects")).isZero();
    assertThat(result.getInteger("attempts")).isEqualTo(1);
    assertThat(result.getString("node")).isEqualTo(ManagementFactory.getRuntimeMXBean().getName());
  }

  @Test
  void chunkedBodyWithoutContentLengthIsCountedAndHashed() {
    JsonObject result = fixture.node().fetch(fixture.url("/stream/300000"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getLong("bytes")).isEqualTo(300_000L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(300_000));
  }

  @Test
  void emptyBodyHasZeroBytesAndTheDigestOfNothing() {
    JsonObject result = fixture.node().fetch(fixture.url("/bytes/0"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getLong("bytes")).isZero();
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(0));
  }

  @Test
  void headHasStatusAndContentTypeButNoBodyAndNoDigest() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/bytes/5000")).put("method", "HEAD"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getString("contentType")).isEqualTo("application/octet-stream");
    assertThat(result.getLong("bytes")).isZero();
    assertThat(result.getValue("sha256")).isNull();
    assertThat(result.getValue("error")).isNull();
  }

  @Test
  void digestNoneCountsBytesButLeavesSha256Null() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/bytes/4096")).put("digest", "none"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getLong("bytes")).isEqualTo(4096L);
    assertThat(result.containsKey("sha256")).isTrue();
    assertThat(result.getValue("sha256")).isNull();
  }

  @Test
  void jobHeadersReachTheOrigin() {
    JsonObject spec = Node.spec(fixture.url("/headers"))
        .put("headers", new JsonObject().put("Accept", "application/json").put("X-Fanfetch-Test", "hello"));

    JsonObject result = fixture.node().fetch(spec);

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getString("contentType")).isEqualTo("application/json");
    MultiMap seen = fixture.origin().lastRequestHeaders("/headers");
    assertThat(seen.get("X-Fanfetch-Test")).isEqualTo("hello");
    assertThat(seen.get("Accept")).isEqualTo("application/json");
    assertThat(seen.get("Host")).isEqualTo("127.0.0.1:" + fixture.origin().port());
  }

  @Test
  void notFoundIsNotOkButNotAnError() {
    JsonObject result = fixture.node().fetch(fixture.url("/status/404"));

    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getInteger("status")).isEqualTo(404);
    assertThat(result.getValue("error")).isNull();
    assertThat(result.getLong("bytes")).isEqualTo("status 404\n".length());
  }

  @Test
  void serverErrorIsNotOkButNotAnError() {
    JsonObject result = fixture.node().fetch(fixture.url("/status/503"));

    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getInteger("status")).isEqualTo(503);
    assertThat(result.getValue("error")).isNull();
  }

  @Test
  void noContentIsOk() {
    JsonObject result = fixture.node().fetch(fixture.url("/status/204"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(204);
    assertThat(result.getLong("bytes")).isZero();
  }

  @Test
  void summaryCountsStatusesAndBytes() {
    JsonObject report = fixture.node().submit(Node.spec(fixture.url("/bytes/10"), fixture.url("/status/404"),
        fixture.url("/bytes/20")));

    JsonObject summary = report.getJsonObject("summary");
    assertThat(summary.getInteger("total")).isEqualTo(3);
    assertThat(summary.getLong("bytes")).isEqualTo(10 + 20 + "status 404\n".length());
    assertThat(summary.getJsonObject("statusCounts").getMap()).containsEntry("200", 2).containsEntry("404", 1);
  }
}
