package fanfetch.fetcher;

import fanfetch.guard.HostLookup;
import fanfetch.testing.Blackhole;
import fanfetch.testing.FetcherFixture;
import fanfetch.testing.Node;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed fetch keeps every phase that ran: the first-byte wait of a timeout, the download of a
 * reset body, the connect of a connect timeout, the lookup of a name that never resolved. Lower
 * bounds only (a busy machine is slower, never faster), and the phases never exceed the total.
 */
@ExtendWith(VertxExtension.class)
class FailedFetchTimingsTest {

  /** Results round to microseconds: sums may differ by a few of them. */
  private static final double ROUNDING = 0.01;
  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private static TestOrigin origin;
  private static Blackhole blackhole;
  private static FetcherFixture fetcher;

  /** {@code slow.test} takes 300 ms to be found not to exist; others are not known. */
  private static InetAddress[] lookup(String host) throws UnknownHostException {
    if (host.equals("slow.test")) {
      try {
        NEVER.await(300, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new UnknownHostException(host);
  }

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    origin = Node.await(TestOrigin.start(vertx));
    blackhole = Blackhole.open();
    JsonObject config = ServiceFixture.configFor(origin);
    config.getJsonObject("guard").getJsonArray("allow").add("127.0.0.1:" + blackhole.port());
    fetcher = FetcherFixture.start(config, (HostLookup) FailedFetchTimingsTest::lookup);
  }

  @AfterAll
  static void stop() throws IOException {
    fetcher.close();
    blackhole.close();
    Node.await(origin.close());
  }

  private static JsonObject fetch(String url, long timeoutMs, long connectTimeoutMs) {
    var base = FetcherFixture.task("timings-" + url.hashCode(), 0, url);
    return fetcher.fetch(new fanfetch.protocol.FetchTask(base.sendId(), base.jobId(), 0, url, "GET", base.headers(),
        timeoutMs, connectTimeoutMs, true, 5, 1L << 30, true, 0, base.httpVersions(), 1));
  }

  private static JsonObject timingsOf(JsonObject result, String kind, String phase) {
    JsonObject error = result.getJsonObject("error");
    assertThat(error).as("%s", result).isNotNull();
    assertThat(error.getString("kind")).as("%s", result).isEqualTo(kind);
    assertThat(error.getString("phase")).as("%s", result).isEqualTo(phase);
    JsonObject t = result.getJsonObject("timings");
    double phases = t.getDouble("dnsMs") + t.getDouble("connectMs") + t.getDouble("tlsMs") + t.getDouble("ttfbMs")
        + t.getDouble("downloadMs");
    assertThat(phases).as("%s", t).isLessThanOrEqualTo(t.getDouble("totalMs") + ROUNDING);
    return t;
  }

  @Test
  void aTimeoutWhileWaitingForTheAnswerKeepsItsTimeToFirstByte() {
    JsonObject t = timingsOf(fetch(origin.url("/hang"), 300, 5_000), "timeout", "ttfb");

    // The 300 ms went to connecting (a first connection can be slow in a cold JVM) and waiting.
    assertThat(t.getDouble("ttfbMs")).as("%s", t).isPositive();
    assertThat(t.getDouble("connectMs")).as("%s", t).isPositive();
    assertThat(t.getDouble("dnsMs") + t.getDouble("connectMs") + t.getDouble("ttfbMs")).as("%s", t)
        .isGreaterThanOrEqualTo(250.0);
  }

  @Test
  void aResetMidBodyKeepsItsDownloadTime() {
    // 64 KiB of a promised 1 MB, then the origin closes 50 ms later.
    JsonObject result = fetch(origin.url("/reset"), 5_000, 5_000);
    JsonObject t = timingsOf(result, "reset", "download");

    assertThat(result.getLong("bytes")).isPositive();
    assertThat(t.getDouble("downloadMs")).as("%s", t).isPositive();
    assertThat(t.getDouble("ttfbMs")).as("%s", t).isPositive();
  }

  @Test
  void aConnectTimeoutKeepsItsConnectTime() {
    JsonObject t = timingsOf(fetch("http://127.0.0.1:" + blackhole.port() + "/x", 5_000, 300), "timeout", "connect");

    assertThat(t.getDouble("connectMs")).as("%s", t).isGreaterThanOrEqualTo(250.0);
    assertThat(t.getDouble("ttfbMs")).isZero();
  }

  @Test
  void aLookupThatFailsKeepsItsDnsTime() {
    JsonObject t = timingsOf(fetch("http://slow.test:" + origin.port() + "/x", 5_000, 5_000), "dns", "connect");

    assertThat(t.getDouble("dnsMs")).as("%s", t).isGreaterThanOrEqualTo(250.0);
    assertThat(t.getDouble("connectMs")).isZero();
  }
}
