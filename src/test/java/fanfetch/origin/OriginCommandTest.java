package fanfetch.origin;

import fanfetch.guard.AllowRule;
import fanfetch.testing.Child;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanfetch origin} as a user runs it: its own process, on loopback. */
class OriginCommandTest {

  private static final Pattern SERVING = Pattern.compile("serving (" + Pattern.quote("http://127.0.0.1:") + "(\\d+)/)");

  @Test
  void itPrintsWhereItServesAndWhatToAllowThenServesThere() throws Exception {
    try (Child origin = Child.start(Child.fanfetch("origin", "--port", "0"), Map.of())) {
      String banner = origin.awaitOut(text -> text.contains("FANFETCH_GUARD_ALLOW="), Duration.ofSeconds(30));
      Matcher m = SERVING.matcher(banner);
      assertThat(m.find()).as(banner).isTrue();
      int port = Integer.parseInt(m.group(2));
      assertThat(banner).contains("FANFETCH_GUARD_ALLOW=127.0.0.1:" + port + " (fanfetch fetch: --allow 127.0.0.1:"
          + port + ")").contains("/delay/<ms>").doesNotContain("not loopback");
      AllowRule.parse("127.0.0.1:" + port);
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(m.group(1) + "bytes/1k")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Length")).hasValue("1024");
    }
  }

  @Test
  void manyHostsShareOnePortAndOneAllowRule() throws Exception {
    try (Child origin = Child.start(Child.fanfetch("origin", "--port", "0", "--hosts", "3"), Map.of())) {
      String banner = origin.awaitOut(text -> text.contains("FANFETCH_GUARD_ALLOW="), Duration.ofSeconds(30));
      Matcher m = SERVING.matcher(banner);
      assertThat(m.find()).as(banner).isTrue();
      String port = m.group(2);
      assertThat(banner).contains("… http://127.0.0.3:" + port + "/", "FANFETCH_GUARD_ALLOW=127.0.0.0/24:" + port);
      AllowRule.parse("127.0.0.0/24:" + port);
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/status/418")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(418);
    }
  }

  @Test
  void aBusyPortIsOneLineNamingThePortAndTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         Child origin = Child.start(Child.fanfetch("origin", "--port", String.valueOf(taken.getLocalPort())), Map.of())) {
      assertThat(origin.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(origin.err().strip()).isEqualTo("fanfetch origin: port " + taken.getLocalPort()
          + " on 127.0.0.1 is in use: choose another with --port");
    }
  }

  @Test
  void theBannerSaysWhenTheOriginIsNotOnLoopback() {
    Origin.Listening listening = new Origin.Listening(Vertx.vertx(), "id", List.of("192.0.2.1"), 18080);
    try {
      assertThat(OriginCommand.banner(listening, false)).last().asString().contains("not loopback");
    } finally {
      listening.vertx().close();
    }
  }
}
