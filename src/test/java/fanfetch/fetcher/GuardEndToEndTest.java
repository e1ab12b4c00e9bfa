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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address guard seen from the API: loopback is refused unless {@code guard.allow} opens it, and
 * a rule with a port opens only that port. Each configuration is its own node (own Vert.x
 * instance: nodes in one instance would share the event bus).
 */
@ExtendWith(VertxExtension.class)
class GuardEndToEndTest {

  private static TestOrigin origin;
  /** A second origin, on a port only the CIDR rule opens. */
  private static TestOrigin other;
  /** The shipped defaults: no guard.allow at all. */
  private static Node defaults;
  /** guard.allow = 127.0.0.0/8 (every loopback port). */
  private static Node loopbackCidr;
  /** guard.allow = 127.0.0.1:{origin's port} only. */
  private static Node onePort;

  @BeforeAll
  static void start(Vertx vertx) {
    origin = Node.await(TestOrigin.start(vertx));
    other = Node.await(TestOrigin.start(vertx));
    defaults = Node.startAlone(ServiceFixture.defaultConfig());
    loopbackCidr = Node.startAlone(withAllow("127.0.0.0/8"));
    onePort = Node.startAlone(withAllow("127.0.0.1:" + origin.port()));
  }

  @AfterAll
  static void stop() {
    onePort.close();
    loopbackCidr.close();
    defaults.close();
    Node.await(other.close());
    Node.await(origin.close());
  }

  private static JsonObject withAllow(String... rules) {
    JsonObject config = ServiceFixture.defaultConfig();
    config.getJsonObject("guard").put("allow", new JsonArray(java.util.List.of((Object[]) rules)));
    return config;
  }

  private static JsonObject blocked(JsonObject result) {
    assertThat(result.getBoolean("ok")).as("result %s", result).isFalse();
    JsonObject error = result.getJsonObject("error");
    assertThat(error).as("result %s", result).isNotNull();
    assertThat(error.getString("kind")).as("result %s", result).isEqualTo("blocked");
    assertThat(result.getValue("status")).isNull();
    assertThat(result.getLong("bytes")).isZero();
    return error;
  }

  @Test
  void defaultConfigShipsWithoutAllowRules() {
    assertThat(ServiceFixture.defaultConfig().getJsonObject("guard").getJsonArray("allow")).isEmpty();
  }

  @Test
  void loopbackAddressIsBlockedByDefault() {
    JsonObject error = blocked(defaults.fetch(origin.url("/bytes/21")));

    assertThat(error.getString("message")).contains("loopback").contains("guard.allow");
    assertThat(origin.hits("/bytes/21")).isZero();
  }

  @Test
  void nameThatResolvesToLoopbackIsBlockedByDefault() {
    blocked(defaults.fetch("http://localhost:" + origin.port() + "/bytes/22"));

    assertThat(origin.hits("/bytes/22")).isZero();
  }

  @Test
  void httpsToLoopbackIsBlockedBeforeAnyHandshake() {
    blocked(defaults.fetch(origin.tlsUrl("/bytes/24")));

    assertThat(origin.hits("/bytes/24")).isZero();
  }

  @Test
  void blockedFetchIsOneAttemptWithoutRetries() {
    JsonObject result = defaults.fetch(Node.spec(origin.url("/bytes/25")).put("retries", 2));

    blocked(result);
    assertThat(result.getInteger("attempts")).isEqualTo(1);
    assertThat(origin.hits("/bytes/25")).isZero();
  }

  @Test
  void loopbackCidrRuleAllowsEveryLoopbackPort() {
    JsonObject first = loopbackCidr.fetch(origin.url("/bytes/31"));
    JsonObject second = loopbackCidr.fetch(other.url("/bytes/32"));

    assertThat(first.getBoolean("ok")).as("result %s", first).isTrue();
    assertThat(second.getBoolean("ok")).as("result %s", second).isTrue();
    assertThat(second.getString("sha256")).isEqualTo(TestOrigin.sha256Of(32));
  }

  @Test
  void loopbackCidrRuleAllowsANameThatResolvesToLoopback() {
    JsonObject result = loopbackCidr.fetch("http://localhost:" + origin.port() + "/bytes/33");

    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo("http://localhost:" + origin.port() + "/bytes/33");
  }

  @Test
  void loopbackCidrRuleAllowsARedirectToAnotherLoopbackPort() {
    String target = other.url("/bytes/34");
    JsonObject result = loopbackCidr.fetch(origin.url("/redirect-to?url="
        + URLEncoder.encode(target, StandardCharsets.UTF_8)));

    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo(target);
  }

  @Test
  void portRuleAllowsItsPort() {
    JsonObject result = onePort.fetch(origin.url("/bytes/41"));

    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
  }

  @Test
  void portRuleLeavesOtherPortsOfTheSameAddressBlocked() {
    blocked(onePort.fetch(other.url("/bytes/42")));

    assertThat(other.hits("/bytes/42")).isZero();
  }

  @Test
  void portRuleDoesNotOpenTheServicesOwnPort() {
    blocked(onePort.fetch("http://127.0.0.1:" + onePort.port() + "/health/live"));
  }

  @Test
  void portRuleBlocksARedirectToAnotherPort() {
    String target = other.url("/bytes/43");
    JsonObject result = onePort.fetch(origin.url("/redirect-to?url="
        + URLEncoder.encode(target, StandardCharsets.UTF_8)));

    assertThat(result.getJsonObject("error")).as("result %s", result).isNotNull();
    assertThat(result.getJsonObject("error").getString("kind")).isEqualTo("blocked");
    assertThat(other.hits("/bytes/43")).isZero();
  }
}
