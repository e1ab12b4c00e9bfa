package fanfetch.faults;

import fanfetch.testing.Node;
import fanfetch.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that answers one request per connection and closes it half a second later, without
 * {@code Connection: close}: a kept-alive connection it hands back is dead, and a request sent on
 * it gets no answer. No URL may pay for that: such a request goes again on a new connection, and
 * the job stops reusing that origin's connections.
 */
class IdleCloseTest {

  private static FaultOrigin origin;
  private static Node node;
  private static Node oneFetcher;

  @BeforeAll
  static void start() throws IOException {
    origin = FaultOrigin.start();
    // The answer says nothing about closing; the origin reads no second request and closes 500 ms later.
    origin.onPrefix("/once", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n")
        .pause(500));
    JsonObject config = ServiceFixture.defaultConfig();
    config.getJsonObject("guard").put("allow", new JsonArray().add("127.0.0.1:" + origin.port()));
    config.getJsonObject("fetchers").put("instances", 2);
    node = Node.startAlone(config);
    JsonObject single = config.copy();
    single.getJsonObject("fetchers").put("instances", 1);
    oneFetcher = Node.startAlone(single);
  }

  @AfterAll
  static void stop() throws IOException {
    oneFetcher.close();
    node.close();
    origin.close();
  }

  @Test
  void aRequestOnAReusedConnectionTheOriginClosedGoesAgainOnANewOne() {
    JsonObject report = oneFetcher.submit(Node.spec(origin.url("/once/a"), origin.url("/once/b"))
        .put("mode", "sequential"));

    JsonObject first = report.getJsonArray("results").getJsonObject(0);
    JsonObject second = report.getJsonArray("results").getJsonObject(1);
    assertThat(first.getBoolean("ok")).as("%s", first).isTrue();
    assertThat(second.getBoolean("ok")).as("%s", second).isTrue();
    // The second went first on the first one's kept-alive connection, which died unanswered.
    JsonArray history = second.getJsonArray("history");
    assertThat(history).as("%s", second).hasSize(1);
    JsonObject resend = history.getJsonObject(0);
    assertThat(resend.getBoolean("resent")).isTrue();
    assertThat(resend.getString("error")).isEqualTo("reset");
    assertThat(resend.getInteger("attempt")).isEqualTo(1);
    assertThat(resend.getString("connectionId")).isEqualTo(first.getString("connectionId"));
    assertThat(resend.getString("message")).contains("127.0.0.1:" + origin.port()).contains("new connection");
    assertThat(second.getString("connectionId")).isNotEqualTo(first.getString("connectionId"));
    assertThat(second.getJsonObject("timings").getBoolean("reusedConnection")).isFalse();
    assertThat(second.getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void everyUrlOfAJobAgainstAnOriginThatClosesIdleConnectionsSucceeds() {
    JsonObject spec = Node.spec().put("perHost", 16);
    for (int i = 0; i < 200; i++) {
      spec.getJsonArray("urls").add(origin.url("/once/" + i));
    }
    JsonArray results = node.submit(spec).getJsonArray("results");

    int resends = 0;
    Set<String> connections = new HashSet<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      assertThat(result.getBoolean("ok")).as("result %s", result).isTrue();
      connections.add(result.getString("connectionId"));
      JsonArray history = result.getJsonArray("history");
      if (history != null) {
        assertThat(history).hasSize(1);
        assertThat(history.getJsonObject(0).getBoolean("resent")).isTrue();
        resends++;
      }
    }
    // Once a fetcher has seen a dead connection, the job's later fetches there take new ones
    // instead of more pooled connections about to die: at most a window's worth per fetcher.
    assertThat(resends).as("re-sends").isLessThanOrEqualTo(2 * 16);
    assertThat(connections).as("distinct connections").hasSize(results.size());
  }
}
