package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open connections are capped well below the open-file limit (issue 13's third attack, small):
 * connections past the cap and its small health reserve are closed as they are accepted, and
 * {@code /health/live} still answers while clients hold every other place.
 */
class ConnectionCapTest {

  private static final int CAP = 20;
  private static final int RESERVE = 2;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config -> config.getJsonObject("http")
      .put("maxConnections", CAP).put("healthConnections", RESERVE).put("headerTimeoutMs", 60_000)
      .put("idleTimeoutMs", 60_000));

  private final List<RawClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(RawClient::close);
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndHealthStillAnswers() throws Exception {
    for (int i = 0; i < CAP + RESERVE + 10; i++) {
      clients.add(RawClient.connect(fixture.port(), 0));
    }
    int closedAtOnce = 0;
    for (RawClient client : clients) {
      if (client.readUntilClosed(200, 64).closed()) {
        closedAtOnce++;
      }
    }
    assertThat(closedAtOnce).as("connections past the cap and the reserve").isGreaterThanOrEqualTo(10);

    // The reserve's silent holders are let go after a second; a probe then gets in and is answered.
    RawClient.Read health = Polling.until("/health/live answered while clients hold the cap",
        Duration.ofSeconds(15), Duration.ofMillis(200), () -> ask("/health/live"), read -> read.status() == 200);
    assertThat(health.text()).contains("UP");

    // A job request on a reserve place is refused with a problem, not served.
    RawClient.Read job = Polling.until("a reserve place answering a job request",
        Duration.ofSeconds(15), Duration.ofMillis(200), () -> ask("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ"),
        read -> read.status() > 0);
    assertThat(job.status()).isEqualTo(503);
    assertThat(job.text()).containsIgnoringCase("Retry-After").contains("http.maxConnections");
  }

  /** A GET on a new connection: its answer, or nothing when the connection was refused. */
  private static RawClient.Read ask(String path) {
    try (RawClient probe = RawClient.connect(fixture.port(), 0)) {
      return probe.send(RawClient.head("GET", path, "")).readUntilClosed(2_000, 4096);
    } catch (IOException refused) {
      return new RawClient.Read("", 0, true);
    }
  }
}
