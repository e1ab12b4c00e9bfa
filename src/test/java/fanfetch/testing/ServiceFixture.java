package fanfetch.testing;

import fanfetch.app.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.InputStream;

/** Starts a fanfetch node for a test, from the shipped default config plus the test's changes. */
public final class ServiceFixture {

  private ServiceFixture() {
  }

  /** The defaults shipped in conf/config.json, with the HTTP port set to 0 (any free port). */
  public static JsonObject defaultConfig() {
    try (InputStream in = ServiceFixture.class.getResourceAsStream("/fanfetch/config.json")) {
      JsonObject config = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
      // Tests start many nodes in one JVM: each keeps its jobs in memory (the disk store has tests of its own).
      config.getJsonObject("jobs").put("store", "memory");
      return config;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Default config with the guard opened for the origin's plain and TLS ports only. */
  public static JsonObject configFor(TestOrigin origin) {
    JsonObject config = defaultConfig();
    config.getJsonObject("guard").put("allow", new JsonArray()
        .add("127.0.0.1:" + origin.port())
        .add("127.0.0.1:" + origin.tlsPort())
        .add("127.0.0.1:" + origin.h2Port()));
    return config;
  }

  /** {@link #configFor} that also trusts the origin's self-signed certificate. */
  public static JsonObject trustingConfigFor(TestOrigin origin) {
    JsonObject config = configFor(origin);
    config.getJsonObject("fetchers").put("trustPem", new JsonArray().add(origin.certificatePem()));
    return config;
  }

  public static Future<Service> start(Vertx vertx, JsonObject config) {
    return Service.deploy(vertx, config);
  }

  public static WebClient client(Vertx vertx) {
    return WebClient.create(vertx);
  }
}
