package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
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
 * HTTPS against the origin's self-signed certificate: refused unless {@code fetchers.trustPem}
 * names it, and then fetched like plain HTTP.
 */
class TlsTest {

  /** The origin, and a node that trusts its certificate through fetchers.trustPem. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) ->
      config.getJsonObject("fetchers").put("trustPem", new JsonArray().add(origin.certificatePem())));
  /** The fixture's node. */
  private static Node trusting;
  /** Trusts only the JDK's certificate authorities. */
  private static Node untrusting;

  @BeforeAll
  static void nameTheNodes() {
    trusting = fixture.node();
    untrusting = fixture.startNode((config, origin) -> { });
  }

  private static JsonObject error(JsonObject result) {
    assertThat(result.getBoolean("ok")).as("result %s", result).isFalse();
    assertThat(result.getJsonObject("error")).as("result %s", result).isNotNull();
    return result.getJsonObject("error");
  }

  @Test
  void selfSignedCertificateIsRefusedAsTls() {
    JsonObject result = untrusting.fetch(fixture.origin().tlsUrl("/bytes/100"));

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("tls");
    assertThat(error.getString("phase")).isEqualTo("connect");
    // The message says why, not only that the handshake failed.
    assertThat(error.getString("message")).contains("certification path");
    assertThat(result.getValue("status")).isNull();
    assertThat(fixture.origin().hits("/bytes/100")).isZero();
  }

  @Test
  void certificateNamedInTrustPemIsAccepted() {
    JsonObject result = trusting.fetch(fixture.origin().tlsUrl("/bytes/70000"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isEqualTo(70_000L);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(70_000));
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.origin().tlsUrl("/bytes/70000"));
  }

  @Test
  void trustedCertificateForAnotherNameIsRefusedAsTls() {
    // The certificate is for "localhost"; the host name check must still fail for 127.0.0.1.
    JsonObject result = trusting.fetch("https://127.0.0.1:" + fixture.origin().tlsPort() + "/bytes/101");

    JsonObject error = error(result);
    assertThat(error.getString("kind")).isEqualTo("tls");
    assertThat(error.getString("message")).containsIgnoringCase("subject alternative name");
    assertThat(fixture.origin().hits("/bytes/101")).isZero();
  }

  @Test
  void httpsToAPlainHttpPortFailsAsTls() {
    JsonObject result = trusting.fetch("https://localhost:" + fixture.origin().port() + "/bytes/102");

    assertThat(error(result).getString("kind")).isEqualTo("tls");
  }

  @Test
  void aNewHttpsConnectionTimesItsHandshakeApartFromTheTcpConnect() {
    // A node of its own: its first https connection is surely new (the fixture closes it).
    Node fresh = fixture.startNode((config, origin) -> config.getJsonObject("fetchers")
        .put("trustPem", new JsonArray().add(origin.certificatePem())));
    JsonObject result = fresh.fetch(fixture.origin().tlsUrl("/bytes/10"));

    JsonObject timings = result.getJsonObject("timings");
    assertThat(timings.getBoolean("reusedConnection")).as("%s", timings).isFalse();
    assertThat(timings.getValue("tlsMs")).as("%s", timings).isInstanceOf(Number.class);
    assertThat(timings.getDouble("tlsMs")).as("%s", timings).isPositive();
    assertThat(timings.getDouble("connectMs")).as("%s", timings).isPositive();
    double phases = timings.getDouble("dnsMs") + timings.getDouble("connectMs") + timings.getDouble("tlsMs")
        + timings.getDouble("ttfbMs") + timings.getDouble("downloadMs");
    assertThat(phases).isLessThanOrEqualTo(timings.getDouble("totalMs") + 0.01);
  }

  @Test
  void anHttpsResultDescribesItsSessionAndThePeerCertificate() {
    JsonObject tls = trusting.fetch(fixture.origin().tlsUrl("/bytes/11")).getJsonObject("tls");

    assertThat(tls).isNotNull();
    assertThat(tls.getString("version")).startsWith("TLSv1.");
    assertThat(tls.getString("cipher")).startsWith("TLS_");
    assertThat(tls.getString("certSubject")).isEqualTo("CN=localhost");
    assertThat(tls.getString("certIssuer")).isEqualTo("CN=localhost");
    assertThat(java.time.Instant.parse(tls.getString("certNotAfter"))).isAfter(java.time.Instant.now());
  }

  @Test
  void aPlainHttpResultHasNoTlsDetails() {
    JsonObject result = trusting.fetch(fixture.origin().url("/bytes/12"));

    assertThat(result.containsKey("tls")).isTrue();
    assertThat(result.getValue("tls")).isNull();
  }

  @Test
  void redirectFromHttpsToHttpIsFollowed() {
    String target = fixture.origin().url("/bytes/55");
    JsonObject result = trusting.fetch(fixture.origin().tlsUrl("/redirect-to?url=" + URLEncoder.encode(target,
        StandardCharsets.UTF_8)));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo(target);
    assertThat(result.getInteger("redirects")).isEqualTo(1);
    // Summed over the hops: the https one's handshake (or 0 on a reused connection); the last hop is plain.
    assertThat(result.getJsonObject("timings").getDouble("tlsMs")).isGreaterThanOrEqualTo(0.0);
    assertThat(result.getValue("tls")).isNull();
  }

  @Test
  void chainOfRelativeRedirectsStaysOnHttps() {
    JsonObject result = trusting.fetch(fixture.origin().tlsUrl("/redirect/2"));

    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getString("finalUrl")).isEqualTo(fixture.origin().tlsUrl("/bytes/10"));
    assertThat(result.getJsonObject("timings").getDouble("tlsMs")).isGreaterThanOrEqualTo(0.0);
    assertThat(result.getJsonObject("tls").getString("certSubject")).isEqualTo("CN=localhost");
  }
}
