package fanfetch.config;

import fanfetch.guard.AllowRule;
import fanfetch.model.JobDefaults;
import fanfetch.model.JobLimits;
import fanfetch.model.JobSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

  private static JsonObject config(String section, String key, Object value) {
    return new JsonObject().put(section, new JsonObject().put(key, value));
  }

  @Test
  void anEmptyConfigGivesTheDocumentedDefaults() {
    Settings s = Settings.from(new JsonObject());

    assertThat(s.httpHost()).isEqualTo("127.0.0.1");
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.maxBodyBytes()).isEqualTo(16L << 20);
    assertThat(s.waitTimeoutMs()).isEqualTo(3_600_000);
    assertThat(s.maxConnectionsPerHost()).isEqualTo(512);
    assertThat(s.keepAliveTimeoutSeconds()).isEqualTo(30);
    assertThat(s.maxHeaderBytes()).isEqualTo(16_384);
    assertThat(s.dnsThreads()).isEqualTo(8);
    assertThat(s.dnsCacheMs()).isEqualTo(30_000);
    assertThat(s.trustPem()).isEmpty();
    assertThat(s.guardAllow()).isEmpty();
    assertThat(s.replyMarginMs()).isEqualTo(5_000);
    assertThat(s.maxDispatchAttempts()).isEqualTo(3);
    assertThat(s.jobTtlMs()).isEqualTo(3_600_000);
    assertThat(s.apiKeys()).isEmpty();
    assertThat(s.defaults()).isEqualTo(JobDefaults.BUILT_IN);
  }

  @Test
  void anEmptyConfigGivesTheDocumentedLimits() {
    assertThat(Settings.from(new JsonObject()).limits())
        .isEqualTo(new JobLimits(1_000_000, 20_000, 20_000, 600_000, 20, 1L << 40, 10));
    assertThat(Settings.from(new JsonObject()).maxInFlight()).isEqualTo(16_000);
  }

  @Test
  void theShippedConfigFileMatchesTheBuiltInDefaults() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/config.json")));

    Settings fromFile = Settings.from(shipped);

    assertThat(fromFile).isEqualTo(Settings.from(new JsonObject()));
  }

  @Test
  void zeroFetcherInstancesMeansOnePerEventLoopAndEventLoopsDefaultToOnePerCore() {
    Settings s = Settings.from(config("fetchers", "instances", 0));

    assertThat(s.fetcherInstances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(Settings.eventLoops(new JsonObject())).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void leftOutFetcherInstancesFollowTheConfiguredEventLoops() {
    assertThat(Settings.from(new JsonObject()).fetcherInstances())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    JsonObject three = config("vertx", "eventLoops", 3);
    assertThat(Settings.eventLoops(three)).isEqualTo(3);
    assertThat(Settings.from(three).fetcherInstances()).isEqualTo(3);
  }

  @Test
  void anExplicitFetcherCountIsTaken() {
    assertThat(Settings.from(config("fetchers", "instances", 3)).fetcherInstances()).isEqualTo(3);
  }

  @Test
  void aNegativeFetcherCountIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("fetchers", "instances", -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fetchers.instances must be between 0 and 2147483647, got -1");
  }

  @Test
  void portZeroIsAllowedForAnyFreePort() {
    assertThat(Settings.from(config("http", "port", 0)).httpPort()).isZero();
  }

  @Test
  void aPortAbove65535IsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("http", "port", 70_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("http.port must be between 0 and 65535, got 70000");
  }

  @Test
  void aNumberGivenAsTextIsAccepted() {
    assertThat(Settings.from(config("http", "port", " 9090 ")).httpPort()).isEqualTo(9090);
  }

  @Test
  void textThatIsNotANumberIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("limits", "maxInFlight", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits.maxInFlight must be a whole number, got 'lots'");
  }

  @Test
  void aFractionalNumberIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("coordinator", "replyMarginMs", 1.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coordinator.replyMarginMs must be a whole number, got 1.5");
  }

  @Test
  void aBooleanWhereANumberBelongsIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("jobs", "ttlMs", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobs.ttlMs must be a whole number, got true");
  }

  @Test
  void aZeroLimitIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("limits", "maxUrlsPerJob", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits.maxUrlsPerJob must be between 1 and 2147483647, got 0");
  }

  @Test
  void zeroRedirectsAndRetriesAreValidLimits() {
    JsonObject limits = new JsonObject().put("maxRedirects", 0).put("maxRetries", 0);
    // the shipped job defaults ask for 5 redirects, so a config with no redirects lowers them too
    JsonObject jobs = new JsonObject().put("defaults", new JsonObject().put("maxRedirects", 0));

    Settings s = Settings.from(new JsonObject().put("limits", limits).put("jobs", jobs));

    assertThat(s.limits().maxRedirects()).isZero();
    assertThat(s.limits().maxRetries()).isZero();
  }

  @Test
  void aLimitTooLargeForAnIntIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("limits", "maxConcurrency", 3_000_000_000L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limits.maxConcurrency must be between 1 and 2147483647");
  }

  @Test
  void aSectionThatIsNotAnObjectIsRefusedByName() {
    assertThatThrownBy(() -> Settings.from(new JsonObject().put("limits", 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be an object");
  }

  @Test
  void guardAllowRulesAreParsed() {
    Settings s = Settings.from(config("guard", "allow", new JsonArray().add("127.0.0.1:18080").add("fd00::/8")));

    assertThat(s.guardAllow()).containsExactly(AllowRule.parse("127.0.0.1:18080"), AllowRule.parse("fd00::/8"));
  }

  @Test
  void guardAllowMayBeACommaSeparatedString() {
    Settings s = Settings.from(config("guard", "allow", "10.0.0.0/8 , 127.0.0.1:8080"));

    assertThat(s.guardAllow()).containsExactly(AllowRule.parse("10.0.0.0/8"), AllowRule.parse("127.0.0.1:8080"));
  }

  @Test
  void aBadGuardRuleIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("guard", "allow", new JsonArray().add("localhost"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("guard.allow: 'localhost' is not an IP address");
  }

  @Test
  void aGuardListWithANonStringIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("guard", "allow", new JsonArray().add(10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("guard.allow must be a list of strings");
  }

  @Test
  void apiKeysAreRead() {
    assertThat(Settings.from(config("auth", "apiKeys", new JsonArray().add("k1").add("k2"))).apiKeys())
        .containsExactly("k1", "k2");
  }

  @Test
  void apiKeysMayBeACommaSeparatedString() {
    assertThat(Settings.from(config("auth", "apiKeys", "k1, k2")).apiKeys()).containsExactly("k1", "k2");
  }

  @Test
  void emptyItemsOfACommaSeparatedStringAreDroppedSoNoKeyIsEmpty() {
    // an empty key would let "Authorization: Bearer " (no token at all) in
    assertThat(Settings.from(config("auth", "apiKeys", ", k1,,k2 ,")).apiKeys()).containsExactly("k1", "k2");
  }

  @Test
  void anEmptyApiKeyInAListIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Settings.from(config("auth", "apiKeys", new JsonArray().add("k1").add(" "))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth.apiKeys must not contain empty entries");
  }

  @Test
  void jobDefaultsAreReadFromJobsDefaults() {
    JsonObject jobs = new JsonObject().put("defaults", new JsonObject().put("mode", "compare").put("perHost", 4));

    Settings s = Settings.from(new JsonObject().put("jobs", jobs));

    assertThat(s.defaults().mode()).isEqualTo(JobSpec.Mode.COMPARE);
    assertThat(s.defaults().perHost()).isEqualTo(4);
  }

  @Test
  void aJobDefaultBeyondTheConfiguredLimitIsLoweredToTheLimit() {
    JsonObject config = new JsonObject()
        .put("limits", new JsonObject().put("maxPerHost", 8))
        .put("jobs", new JsonObject().put("defaults", new JsonObject().put("perHost", 16)));

    assertThat(Settings.from(config).defaults().perHost()).isEqualTo(8);
  }

  @Test
  void loweringALimitByEnvironmentLowersTheShippedDefaultWithIt() {
    JsonObject config = EnvOverrides.apply(new JsonObject()
            .put("jobs", new JsonObject().put("defaults", new JsonObject().put("concurrency", 256))),
        java.util.Map.of("FANFETCH_MAX_CONCURRENCY", "100"));

    assertThat(Settings.from(config).defaults().concurrency()).isEqualTo(100);
  }

  @Test
  void environmentOverridesFlowThroughToSettings() {
    JsonObject config = EnvOverrides.apply(new JsonObject(),
        Map.of("FANFETCH_HTTP_PORT", "9191", "FANFETCH_MAX_URLS", "50", "FANFETCH_API_KEYS", "a,b"));

    Settings s = Settings.from(config);

    assertThat(s.httpPort()).isEqualTo(9191);
    assertThat(s.limits().maxUrlsPerJob()).isEqualTo(50);
    assertThat(s.apiKeys()).containsExactly("a", "b");
  }
}
