package fanfetch.api;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.RawClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams are capped per node and per API key: past a cap a stream is refused with a 429 problem and
 * {@code Retry-After}, before anything is read for it. A report streamed in chunks counts as a
 * stream; a small report, sent in one piece, does not.
 */
class StreamCapsTest {

  private static final String KEY_A = "key-a-for-streams";
  private static final String KEY_B = "key-b-for-streams";

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> {
    config.getJsonObject("http").put("maxStreams", 3).put("maxStreamsPerClient", 2);
    config.put("auth", new JsonObject().put("apiKeys", new JsonArray().add(KEY_A).add(KEY_B)));
  });

  private final List<RawClient> streams = new ArrayList<>();

  @AfterEach
  void closeStreams() {
    streams.forEach(RawClient::close);
  }

  private String accept(int urls, String path) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < urls; i++) {
      list.add(fixture.url(path + "?i=" + i));
    }
    var answer = fixture.post("/jobs?wait=false").putHeader("Authorization", "Bearer " + KEY_A)
        .sendJsonObject(new JsonObject().put("urls", list)).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
    return answer.bodyAsJsonObject().getString("id");
  }

  private RawClient.Read open(String path, String key, boolean keep) throws IOException {
    RawClient client = RawClient.connect(fixture.port(), 0)
        .send(RawClient.head("GET", path, "Authorization: Bearer " + key + "\r\n"));
    streams.add(client);
    return client.readUntilClosed(keep ? 500 : 3_000, 4096);
  }

  @Test
  void streamsPastTheKeysCapOrTheNodesCapAre429WithRetryAfter() throws Exception {
    String slow = accept(1, "/delay/20000");
    assertThat(open("/jobs/" + slow + "/events", KEY_A, true).status()).isEqualTo(200);
    assertThat(open("/jobs/" + slow + "/events", KEY_A, true).status()).isEqualTo(200);

    RawClient.Read third = open("/jobs/" + slow + "/events", KEY_A, false);
    assertThat(third.status()).as(third.text()).isEqualTo(429);
    assertThat(third.text()).containsIgnoringCase("Retry-After: 1").contains("application/problem+json")
        .contains("http.maxStreamsPerClient");

    assertThat(open("/jobs/" + slow + "/events", KEY_B, true).status()).as("another key's stream").isEqualTo(200);
    RawClient.Read fourth = open("/jobs/" + slow + "/events", KEY_B, false);
    assertThat(fourth.status()).isEqualTo(429);
    assertThat(fourth.text()).contains("http.maxStreams");

    // With every place taken: a large report, written in chunks, is a stream and is refused; a small one is not.
    String large = accept(300, "/bytes/1");
    String small = accept(2, "/bytes/1");
    Node.await(fixture.vertx().timer(1_000));
    RawClient.Read report = open("/jobs/" + large, KEY_B, false);
    assertThat(report.status()).as(report.text()).isEqualTo(429);
    assertThat(open("/jobs/" + small, KEY_B, false).status()).isEqualTo(200);

    // A closed stream gives its place back.
    streams.get(0).close();
    RawClient.Read again = io.vertx.core.Future.<RawClient.Read>succeededFuture().result();
    for (int i = 0; i < 50 && (again == null || again.status() != 200); i++) {
      Node.await(fixture.vertx().timer(100));
      again = open("/jobs/" + slow + "/events", KEY_A, true);
    }
    assertThat(again.status()).isEqualTo(200);
  }
}
