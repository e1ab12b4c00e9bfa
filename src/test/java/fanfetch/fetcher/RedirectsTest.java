package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Redirects: followed and counted, capped, and every hop checked like the first URL. */
class RedirectsTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  private static String redirectTo(String target) {
    return fixture.url("/redirect-to?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
  }

  private static String errorKind(JsonObject result) {
    assertThat(result.getBoolean("ok")).as("result %s", result).isFalse();
    assertThat(result.getJsonObject("error")).as("result %s", result).isNotNull();
    return result.getJsonObject("error").getString("kind");
  }

  @Test
  void chainIsFollowedToTheEndAndCounted() {
    JsonObject result = fixture.node().fetch(fixture.url("/redirect/3"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getInteger("redirects")).isEqualTo(3);
    assertThat(result.getString("url")).isEqualTo(fixture.url("/redirect/3"));
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.url("/bytes/10"));
    assertThat(result.getLong("bytes")).isEqualTo(10L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(10));
  }

  @Test
  void chainOfExactlyMaxRedirectsIsFollowed() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/redirect/4")).put("maxRedirects", 4));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("redirects")).isEqualTo(4);
  }

  @Test
  void absoluteLocationIsFollowed() {
    JsonObject result = fixture.node().fetch(redirectTo(fixture.url("/bytes/33")));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("redirects")).isEqualTo(1);
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.url("/bytes/33"));
    assertThat(result.getLong("bytes")).isEqualTo(33L);
  }

  @Test
  void withoutFollowRedirectsTheRedirectItselfIsTheResult() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/redirect/20")).put("followRedirects", false));

    assertThat(result.getInteger("status")).isEqualTo(302);
    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getValue("error")).isNull();
    assertThat(result.getInteger("redirects")).isZero();
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.url("/redirect/20"));
    assertThat(fixture.origin().hits("/redirect/19")).isZero();
  }

  @Test
  void redirectLoopFailsAsTooManyRedirects() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/loop")).put("maxRedirects", 3));

    assertThat(errorKind(result)).isEqualTo("too_many_redirects");
    assertThat(result.getInteger("redirects")).isEqualTo(3);
    assertThat(result.getInteger("status")).isEqualTo(302);
  }

  @Test
  void chainLongerThanMaxRedirectsFailsAsTooManyRedirects() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/redirect/15")).put("maxRedirects", 2));

    assertThat(errorKind(result)).isEqualTo("too_many_redirects");
    assertThat(result.getInteger("redirects")).isEqualTo(2);
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.url("/redirect/13"));
    assertThat(fixture.origin().hits("/redirect/12")).isZero();
  }

  @Test
  void maxRedirectsZeroRefusesTheFirstRedirect() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/redirect/1")).put("maxRedirects", 0));

    assertThat(errorKind(result)).isEqualTo("too_many_redirects");
    assertThat(result.getInteger("redirects")).isZero();
  }

  @Test
  void redirectToALoopbackPortTheGuardDoesNotAllowIsBlocked() {
    // The service's own API port: loopback, but not one of the origin's allowed ports.
    String target = "http://127.0.0.1:" + fixture.node().port() + "/health/live";

    JsonObject result = fixture.node().fetch(redirectTo(target));

    assertThat(errorKind(result)).isEqualTo("blocked");
    assertThat(result.getInteger("redirects")).isEqualTo(1);
  }

  @Test
  void redirectToLocalhostOnAnUnallowedPortIsBlocked() {
    JsonObject result = fixture.node().fetch(redirectTo("http://localhost:" + fixture.node().port() + "/health/live"));

    assertThat(errorKind(result)).isEqualTo("blocked");
  }

  @Test
  void redirectToAFileUrlIsBlocked() {
    JsonObject result = fixture.node().fetch(redirectTo("file:///etc/passwd"));

    assertThat(errorKind(result)).isEqualTo("blocked");
    assertThat(result.getLong("bytes")).isZero();
  }

  @Test
  void redirectToAnFtpUrlIsBlocked() {
    JsonObject result = fixture.node().fetch(redirectTo("ftp://127.0.0.1:" + fixture.origin().port() + "/x"));

    assertThat(errorKind(result)).isEqualTo("blocked");
  }

  @Test
  void malformedLocationFailsAsProtocol() {
    JsonObject result = fixture.node().fetch(redirectTo("http://bad^host.invalid/x"));

    assertThat(errorKind(result)).isEqualTo("protocol");
    assertThat(result.getInteger("status")).isEqualTo(302);
  }

  @Test
  void redirectWithoutLocationIsTheResult() {
    // A 3xx without Location cannot be followed: it is the answer, like any other status.
    JsonObject result = fixture.node().fetch(fixture.url("/status/302"));

    assertThat(result.getInteger("status")).isEqualTo(302);
    assertThat(result.getValue("error")).isNull();
    assertThat(result.getInteger("redirects")).isZero();
  }
}
