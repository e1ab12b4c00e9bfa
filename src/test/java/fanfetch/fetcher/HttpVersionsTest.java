package fanfetch.fetcher;

import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpVersionsTest {

  @Test
  void httpsWithH2AndHttp11NegotiatesByAlpn() {
    assertThat(HttpVersions.plan(List.of("h2", "http/1.1"), true)).isEqualTo(new HttpVersions(null, true));
  }

  @Test
  void httpsWithOneVersionAsksForIt() {
    assertThat(HttpVersions.plan(List.of("h2"), true).version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(HttpVersions.plan(List.of("http/1.1"), true).version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(HttpVersions.plan(List.of("h2c"), true).version()).isEqualTo(HttpVersion.HTTP_2);
  }

  @Test
  void plainHttpIsHttp2OnlyWithH2c() {
    assertThat(HttpVersions.plan(List.of("h2c"), false)).isEqualTo(new HttpVersions(HttpVersion.HTTP_2, false));
    assertThat(HttpVersions.plan(List.of("h2", "http/1.1"), false).version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(HttpVersions.plan(List.of("h2"), false).version()).isEqualTo(HttpVersion.HTTP_1_1);
  }

  @Test
  void anOriginKnownToPickHttp11IsAskedForHttp11Outright() {
    HttpVersions negotiated = HttpVersions.plan(List.of("h2", "http/1.1"), true);

    assertThat(negotiated.versionFor(HttpVersion.HTTP_1_1)).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(negotiated.versionFor(HttpVersion.HTTP_2)).isNull();
    assertThat(negotiated.versionFor(null)).isNull();
  }

  @Test
  void versionsAreNamedAsInTheirStatusLines() {
    assertThat(HttpVersions.wireName(HttpVersion.HTTP_1_1)).isEqualTo("HTTP/1.1");
    assertThat(HttpVersions.wireName(HttpVersion.HTTP_2)).isEqualTo("HTTP/2");
    assertThat(HttpVersions.wireName(HttpVersion.HTTP_1_0)).isEqualTo("HTTP/1.0");
    assertThat(HttpVersions.wireName(null)).isNull();
  }
}
