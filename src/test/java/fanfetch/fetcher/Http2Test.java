package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 against a Vert.x origin: by ALPN over TLS (the default for https), with prior knowledge
 * over cleartext ({@code h2c}), and HTTP/1.1 where the job or the server says so. Streams to one
 * origin share one connection.
 */
@ExtendWith(VertxExtension.class)
class Http2Test {

  private static TestOrigin origin;
  /** One fetcher, so every fetch of a job meets the same connection pool. */
  private static Node node;

  @BeforeAll
  static void start(Vertx vertx) {
    origin = Node.await(TestOrigin.start(vertx));
    JsonObject config = ServiceFixture.trustingConfigFor(origin);
    config.getJsonObject("fetchers").put("instances", 1);
    node = Node.start(vertx, config);
  }

  @AfterAll
  static void stop() {
    node.close();
    Node.await(origin.close());
  }

  private static JsonArray results(JsonObject spec) {
    return node.submit(spec).getJsonArray("results");
  }

  @Test
  void httpsNegotiatesHttp2ByAlpnByDefault() {
    JsonObject result = node.fetch(origin.h2Url("/bytes/70000"));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getString("httpVersion")).isEqualTo("HTTP/2");
    assertThat(result.getLong("bytes")).isEqualTo(70_000L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(70_000));
    assertThat(result.getJsonObject("tls").getString("version")).startsWith("TLSv1.");
    assertThat(result.getString("remoteAddress")).isEqualTo("127.0.0.1:" + origin.h2Port());
  }

  @Test
  void aJobAllowingOnlyHttp11GetsHttp11FromAnHttp2Server() {
    JsonObject result = node.fetch(Node.spec(origin.h2Url("/bytes/10"))
        .put("httpVersions", new JsonArray().add("http/1.1")));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getString("httpVersion")).isEqualTo("HTTP/1.1");
  }

  @Test
  void aServerWithoutAlpnIsFetchedOverHttp11() {
    JsonObject result = node.fetch(origin.tlsUrl("/bytes/10"));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getString("httpVersion")).isEqualTo("HTTP/1.1");
  }

  @Test
  void plainHttpIsHttp11UnlessTheJobAllowsH2c() {
    JsonObject h1 = node.fetch(origin.url("/bytes/10"));
    JsonObject h2c = node.fetch(Node.spec(origin.url("/bytes/20000")).put("httpVersions", new JsonArray().add("h2c")));

    assertThat(h1.getString("httpVersion")).isEqualTo("HTTP/1.1");
    assertThat(h2c.getBoolean("ok")).as("%s", h2c).isTrue();
    assertThat(h2c.getString("httpVersion")).isEqualTo("HTTP/2");
    assertThat(h2c.getString("sha256")).isEqualTo(TestOrigin.sha256Of(20_000));
    assertThat(h2c.getValue("tls")).isNull();
    assertThat(h2c.getJsonObject("timings").getDouble("tlsMs")).isZero();
  }

  @Test
  void concurrentFetchesOfOneHttp2OriginShareOneConnection() {
    JsonObject spec = Node.spec();
    for (int i = 0; i < 12; i++) {
      spec.getJsonArray("urls").add(origin.h2Url("/delay/200/bytes/" + (100 + i)));
    }
    JsonArray results = results(spec.put("perHost", 12));

    Set<String> connections = new HashSet<>();
    int reused = 0;
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
      assertThat(result.getString("httpVersion")).isEqualTo("HTTP/2");
      connections.add(result.getString("connectionId"));
      JsonObject timings = result.getJsonObject("timings");
      if (timings.getBoolean("reusedConnection")) {
        reused++;
        // A stream on a connection that is already open has no connect and no handshake.
        assertThat(timings.getDouble("connectMs")).as("%s", timings).isZero();
        assertThat(timings.getDouble("tlsMs")).as("%s", timings).isZero();
      }
    }
    assertThat(connections).as("connection ids").hasSize(1);
    assertThat(reused).isGreaterThanOrEqualTo(results.size() - 1);
  }

  @Test
  void concurrentFetchesOfAnHttp11OnlyTlsOriginAreNotQueuedBehindOneConnection() {
    // Offered h2 and http/1.1, the origin picks HTTP/1.1: the first fetch learns that, and the
    // others then open HTTP/1.1 connections of their own instead of waiting for its one.
    JsonObject spec = Node.spec();
    for (int i = 0; i < 8; i++) {
      spec.getJsonArray("urls").add(origin.tlsUrl("/delay/300/bytes/" + (200 + i)));
    }
    JsonArray results = results(spec.put("perHost", 8));

    Set<String> connections = new HashSet<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
      assertThat(result.getString("httpVersion")).isEqualTo("HTTP/1.1");
      connections.add(result.getString("connectionId"));
    }
    assertThat(connections.size()).as("connections %s", connections).isGreaterThan(1);
  }

  @Test
  void anHttp2RedirectChainIsFollowedOnTheSameConnection() {
    JsonObject result = node.fetch(origin.h2Url("/redirect/3"));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getInteger("redirects")).isEqualTo(3);
    assertThat(result.getString("httpVersion")).isEqualTo("HTTP/2");
  }
}
