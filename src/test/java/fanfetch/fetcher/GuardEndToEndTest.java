package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address guard seen from the API: loopback is refused unless {@code guard.allow} opens it, and
 * a rule with a port opens only that port. Each configuration is its own node (own Vert.x
 * instance: nodes in one instance would share the event bus).
 */
class GuardEndToEndTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.originOnly();
  /** A second origin, on a port only the CIDR rule opens. */
  private static TestOrigin other;
  /** The shipped defaults: no guard.allow at all. */
  private static Node defaults;
  /** guard.allow = 127.0.0.0/8 (every loopback port). */
  private static Node loopbackCidr;
  /** guard.allow = 127.0.0.1:{origin's port} only. */
  private static Node onePort;

  @BeforeAll
  static void startOneNodePerGuard() {
    other = fixture.startOrigin();
    defaults = fixture.startNode(allowOnly()); // the shipped guard.allow: empty
    loopbackCidr = fixture.startNode(allowOnly("127.0.0.0/8"));
    onePort = fixture.startNode(allowOnly("127.0.0.1:" + fixture.origin().port()));
  }

  /** guard.allow replaced by these rules (the rest of the shipped defaults kept). */
  private static OriginAndNode.ConfigChange allowOnly(String... rules) {
    return (config, origin) ->
        config.getJsonObject("guard").put("allow", new JsonArray(java.util.List.of((Object[]) rules)));
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
    JsonObject error = blocked(defaults.fetch(fixture.url("/bytes/21")));

    assertThat(error.getString("message")).contains("loopback").contains("guard.allow");
    assertThat(fixture.origin().hits("/bytes/21")).isZero();
  }

  @Test
  void nameThatResolvesToLoopbackIsBlockedByDefault() {
    blocked(defaults.fetch("http://localhost:" + fixture.origin().port() + "/bytes/22"));

    assertThat(fixture.origin().hits("/bytes/22")).isZero();
  }

  @Test
  void httpsToLoopbackIsBlockedBeforeAnyHandshake() {
    blocked(defaults.fetch(fixture.origin().tlsUrl("/bytes/24")));

    assertThat(fixture.origin().hits("/bytes/24")).isZero();
  }

  @Test
  void blockedFetchIsOneAttemptWithoutRetries() {
    JsonObject result = defaults.fetch(Node.spec(fixture.url("/bytes/25")).put("retries", 2));

    blocked(result);
    assertThat(result.getInteger("attempts")).isEqualTo(1);
    assertThat(fixture.origin().hits("/bytes/25")).isZero();
  }

  @Test
  void loopbackCidrRuleAllowsEveryLoopbackPort() {
    JsonObject first = loopbackCidr.fetch(fixture.url("/bytes/31"));
    JsonObject second = loopbackCidr.fetch(other.url("/bytes/32"));

    assertThat(first.getBoolean("ok")).as("result %s", first).isTrue();
    assertThat(second.getBoolean("ok")).as("result %s", second).isTrue();
    assertThat(second.getString("sha256")).isEqualTo(TestOrigin.sha256Of(32));
  }

  @Test
  void loopbackCidrRuleAllowsANameThatResolvesToLoopback() {
    JsonObject result = loopbackCidr.fetch("http://localhost:" + fixture.origin().port() + "/bytes/33");

    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo("http://localhost:" + fixture.origin().port() + "/bytes/33");
  }

  @Test
  void loopbackCidrRuleAllowsARedirectToAnotherLoopbackPort() {
    String target = other.url("/bytes/34");
    JsonObject result = loopbackCidr.fetch(fixture.url("/redirect-to?url="
        + URLEncoder.encode(target, StandardCharsets.UTF_8)));

    assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo(target);
  }

  @Test
  void portRuleAllowsItsPort() {
    JsonObject result = onePort.fetch(fixture.url("/bytes/41"));

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
    JsonObject result = onePort.fetch(fixture.url("/redirect-to?url="
        + URLEncoder.encode(target, StandardCharsets.UTF_8)));

    assertThat(result.getJsonObject("error")).as("result %s", result).isNotNull();
    assertThat(result.getJsonObject("error").getString("kind")).isEqualTo("blocked");
    assertThat(other.hits("/bytes/43")).isZero();
  }
}
