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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host with several vetted addresses: when a connect fails the next address is tried, and the
 * result says which answered. The names are {@code .test} names that a lookup of the test's own
 * maps to loopback addresses; the origin listens on 127.0.0.1 only, so 127.0.0.2, 127.0.0.3 and
 * ::1 refuse on its port.
 */
@ExtendWith(VertxExtension.class)
class SeveralAddressesTest {

  private static TestOrigin origin;
  private static FetcherFixture fetcher;
  private static JsonObject config;

  private static final Map<String, String[]> NAMES = Map.of(
      "second-answers.test", new String[] {"127.0.0.2", "127.0.0.1"},
      "none-answers.test", new String[] {"127.0.0.4", "127.0.0.3"},
      "v6-refuses.test", new String[] {"::1", "127.0.0.1"},
      "v6-hangs.test", new String[] {"::1", "127.0.0.1"});

  private static InetAddress[] lookup(String host) throws UnknownHostException {
    String[] literals = NAMES.get(host);
    if (literals == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = InetAddress.getByName(literals[i]);
    }
    return addresses;
  }

  @BeforeAll
  static void start(Vertx vertx) {
    origin = Node.await(TestOrigin.start(vertx));
    config = ServiceFixture.configFor(origin);
    int port = origin.port();
    config.getJsonObject("guard").getJsonArray("allow")
        .add("127.0.0.2:" + port).add("127.0.0.3:" + port).add("127.0.0.4:" + port).add("[::1]/128:" + port);
    fetcher = FetcherFixture.start(config, (HostLookup) SeveralAddressesTest::lookup);
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    Node.await(origin.close());
  }

  private static String url(String host, String path) {
    return "http://" + host + ":" + origin.port() + path;
  }

  @Test
  void whenTheFirstAddressRefusesTheNextOneIsTried() {
    JsonObject result = fetcher.fetch(FetcherFixture.task("several-1", 0, url("second-answers.test", "/bytes/10")));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getString("remoteAddress")).isEqualTo("127.0.0.1:" + origin.port());
  }

  @Test
  void anIpv6AddressThatRefusesGivesWayToTheIpv4One() {
    JsonObject result = fetcher.fetch(FetcherFixture.task("several-2", 0, url("v6-refuses.test", "/bytes/10")));

    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getString("remoteAddress")).isEqualTo("127.0.0.1:" + origin.port());
  }

  @Test
  void anIpv6AddressThatNeverConnectsIsOvertakenByTheIpv4One() throws java.io.IOException {
    // [::1] on the origin's port swallows connects (RFC 8305: the next family starts 250 ms later).
    // A fetcher of its own: in the shared one, ::1 may have failed lately and so be tried last.
    try (Blackhole hole = Blackhole.open("::1", origin.port());
         FetcherFixture own = FetcherFixture.start(config, (HostLookup) SeveralAddressesTest::lookup)) {
      JsonObject result = own.fetch(FetcherFixture.task("several-6", 0, url("v6-hangs.test", "/bytes/13")));

      assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
      assertThat(result.getString("remoteAddress")).isEqualTo("127.0.0.1:" + origin.port());
      assertThat(hole.port()).isEqualTo(origin.port());
    }
  }

  @Test
  void whenEveryAddressRefusesTheMessageNamesEachOne() {
    JsonObject result = fetcher.fetch(FetcherFixture.task("several-3", 0, url("none-answers.test", "/bytes/10")));

    JsonObject error = result.getJsonObject("error");
    assertThat(error.getString("kind")).isEqualTo("connect");
    // In the lookup's order (no other test uses these two, so neither failed lately).
    assertThat(error.getString("message")).isEqualTo("2 addresses tried: connection refused by 127.0.0.4:"
        + origin.port() + "; connection refused by 127.0.0.3:" + origin.port() + " (while resolving and connecting)");
    assertThat(result.getValue("remoteAddress")).isNull();
  }

  @Test
  void aNameThatDoesNotResolveIsADnsFailure() {
    JsonObject result = fetcher.fetch(FetcherFixture.task("several-4", 0, url("unknown.test", "/bytes/10")));

    assertThat(result.getJsonObject("error").getString("kind")).isEqualTo("dns");
  }
}
