package fanfetch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvOverridesTest {

  private static final JsonObject BASE = new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 8080).put("maxBodyBytes", 1024))
      .put("limits", new JsonObject().put("maxUrlsPerJob", 100));

  @Test
  void withoutVariablesTheConfigIsUnchanged() {
    assertThat(EnvOverrides.apply(BASE, Map.of())).isEqualTo(BASE);
  }

  @Test
  void theHttpHostVariableSetsHttpHostAsAString() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_HOST", "0.0.0.0"));

    assertThat(merged.getJsonObject("http").getValue("host")).isEqualTo("0.0.0.0");
  }

  @Test
  void theHttpPortVariableSetsHttpPortAsAnInteger() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_PORT", "9090"));

    assertThat(merged.getJsonObject("http").getValue("port")).isEqualTo(9090);
  }

  @Test
  void anOverrideKeepsTheOtherKeysOfItsSection() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_PORT", "9090"));

    assertThat(merged.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    assertThat(merged.getJsonObject("http").getInteger("maxBodyBytes")).isEqualTo(1024);
  }

  @Test
  void theOriginalConfigIsNotModified() {
    JsonObject original = BASE.copy();

    EnvOverrides.apply(original, Map.of("FANFETCH_HTTP_PORT", "9090", "FANFETCH_FETCHERS", "3"));

    assertThat(original).isEqualTo(BASE);
  }

  @Test
  void aMissingSectionIsCreated() {
    JsonObject merged = EnvOverrides.apply(new JsonObject(), Map.of("FANFETCH_JOB_TTL_MS", "60000"));

    assertThat(merged).isEqualTo(new JsonObject().put("jobs", new JsonObject().put("ttlMs", 60_000L)));
  }

  @Test
  void eachVariableLandsOnItsConfigKeyWithItsType() {
    Map<String, String> env = new HashMap<>();
    env.put("FANFETCH_HTTP_HOST", "0.0.0.0");
    env.put("FANFETCH_HTTP_PORT", "9090");
    env.put("FANFETCH_FETCHERS", "4");
    env.put("FANFETCH_GUARD_ALLOW", "127.0.0.1:18080");
    env.put("FANFETCH_MAX_URLS", "500");
    env.put("FANFETCH_MAX_CONCURRENCY", "300");
    env.put("FANFETCH_MAX_IN_FLIGHT", "1000");
    env.put("FANFETCH_JOB_TTL_MS", "120000");
    env.put("FANFETCH_API_KEYS", "k1");

    JsonObject merged = EnvOverrides.apply(new JsonObject(), env);

    assertThat(merged).isEqualTo(new JsonObject()
        .put("http", new JsonObject().put("host", "0.0.0.0").put("port", 9090))
        .put("fetchers", new JsonObject().put("instances", 4))
        .put("guard", new JsonObject().put("allow", new JsonArray().add("127.0.0.1:18080")))
        .put("limits", new JsonObject().put("maxUrlsPerJob", 500).put("maxConcurrency", 300)
            .put("maxInFlight", 1000))
        .put("jobs", new JsonObject().put("ttlMs", 120_000L))
        .put("auth", new JsonObject().put("apiKeys", new JsonArray().add("k1"))));
  }

  @Test
  void aLongVariableAcceptsValuesBeyondIntRange() {
    JsonObject merged = EnvOverrides.apply(new JsonObject(), Map.of("FANFETCH_JOB_TTL_MS", "86400000000"));

    assertThat(merged.getJsonObject("jobs").getValue("ttlMs")).isEqualTo(86_400_000_000L);
  }

  @Test
  void aCsvVariableBecomesAListWithItemsTrimmedAndBlanksDropped() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_GUARD_ALLOW", " 10.0.0.0/8 , [::1]:8080,, fd00::/8 ,"));

    assertThat(merged.getJsonObject("guard").getJsonArray("allow"))
        .isEqualTo(new JsonArray().add("10.0.0.0/8").add("[::1]:8080").add("fd00::/8"));
  }

  @Test
  void numbersAreTrimmedBeforeParsing() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_MAX_URLS", "  250 "));

    assertThat(merged.getJsonObject("limits").getValue("maxUrlsPerJob")).isEqualTo(250);
  }

  @Test
  void aBlankVariableIsIgnored() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_PORT", "   ", "FANFETCH_GUARD_ALLOW", ""));

    assertThat(merged).isEqualTo(BASE);
  }

  @Test
  void aNonStringValueFromTheEnvStoreIsReadByItsText() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_PORT", 9191));

    assertThat(merged.getJsonObject("http").getValue("port")).isEqualTo(9191);
  }

  @Test
  void variablesOutsideTheTableAreIgnored() {
    JsonObject merged = EnvOverrides.apply(BASE, Map.of("FANFETCH_UNKNOWN", "1", "HOME", "/root"));

    assertThat(merged).isEqualTo(BASE);
  }

  @Test
  void aBadNumberFailsNamingTheVariable() {
    assertThatThrownBy(() -> EnvOverrides.apply(BASE, Map.of("FANFETCH_HTTP_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FANFETCH_HTTP_PORT must be a whole number, got 'eighty'");
  }

  @Test
  void aFractionalNumberFailsNamingTheVariable() {
    assertThatThrownBy(() -> EnvOverrides.apply(BASE, Map.of("FANFETCH_FETCHERS", "2.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("FANFETCH_FETCHERS ");
  }

  @Test
  void anIntVariableTooLargeForAnIntFailsNamingTheVariable() {
    assertThatThrownBy(() -> EnvOverrides.apply(BASE, Map.of("FANFETCH_MAX_URLS", "3000000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FANFETCH_MAX_URLS must be a whole number, got '3000000000'");
  }

  @Test
  void namesListsEveryVariableOfTheContract() {
    assertThat(EnvOverrides.names()).containsExactly("FANFETCH_HTTP_HOST", "FANFETCH_HTTP_PORT", "FANFETCH_FETCHERS",
        "FANFETCH_EVENT_LOOPS", "FANFETCH_GUARD_ALLOW", "FANFETCH_MAX_URLS", "FANFETCH_MAX_CONCURRENCY", "FANFETCH_MAX_IN_FLIGHT",
        "FANFETCH_MAX_JOBS", "FANFETCH_NODE_PER_HOST", "FANFETCH_MAX_QUEUED_URLS", "FANFETCH_JOB_TTL_MS", "FANFETCH_JOB_STORE",
        "FANFETCH_DATA_DIR", "FANFETCH_LEASE_MS", "FANFETCH_CLUSTER_BACKUPS", "FANFETCH_SHUTDOWN_GRACE_MS",
        "FANFETCH_API_KEYS", "FANFETCH_CLUSTER", "FANFETCH_MAX_CONNECTIONS", "FANFETCH_MAX_STREAMS",
        "FANFETCH_STREAM_STALL_MS", "FANFETCH_BODY_BYTES_IN_FLIGHT");
  }

  @Test
  void clusterIsSwitchedOnByTrueOnly() {
    assertThat(EnvOverrides.apply(new JsonObject(), Map.of("FANFETCH_CLUSTER", "TRUE"))
        .getJsonObject("cluster").getBoolean("enabled")).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EnvOverrides.apply(new JsonObject(), Map.of("FANFETCH_CLUSTER", "yes")))
        .hasMessageContaining("FANFETCH_CLUSTER");
  }
}
