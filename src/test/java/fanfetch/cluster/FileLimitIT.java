package fanfetch.cluster;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose process may open only 256 files is given more fetches at once than that: they
 * must queue, not fail with "too many open files". The first job leaves 150 idle kept-alive
 * connections behind (they hold descriptors the node's budget cannot see), so the second job
 * really runs out of descriptors part-way and has to wait for them.
 */
class FileLimitIT {

  private static final int FILE_LIMIT = 256;
  private static final int URLS = 150;

  /** The first origin, in this JVM; the node is a child JVM. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.originOnly();
  private static TestOrigin first;
  private static TestOrigin second;
  private static ChildJvm node;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @BeforeAll
  static void start() throws Exception {
    first = fixture.origin();
    second = fixture.startOrigin();
    Path logs = ChildJvm.logFolder("FileLimitIT");
    node = ChildJvm.startJar("node", logs,
        Map.of("FANFETCH_HTTP_PORT", "0",
            "FANFETCH_GUARD_ALLOW", "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port()),
        List.of("prlimit", "--nofile=" + FILE_LIMIT + ":" + FILE_LIMIT), List.of("serve"));
    node.awaitReady(90);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.kill();
    }
  }

  @Test
  void fetchesBeyondTheOpenFileLimitQueueInsteadOfFailing() throws Exception {
    JsonObject warm = post(job(first, "/delay/300"));
    assertThat(okCount(warm)).as("first job: %s", firstError(warm)).isEqualTo(URLS);

    JsonObject report = post(job(second, "/delay/300"));

    assertThat(report.getString("state")).isEqualTo("done");
    JsonArray results = report.getJsonArray("results");
    assertThat(results).hasSize(URLS);
    assertThat(okCount(report)).as("errors: %s", firstError(report)).isEqualTo(URLS);
    for (int i = 0; i < URLS; i++) {
      assertThat(results.getJsonObject(i).getInteger("attempts")).isEqualTo(1);
    }
    String log = Files.readString(node.stderr) + Files.readString(node.stdout);
    assertThat(log).as("the node ran out of descriptors and said so").contains("out of file descriptors");
    assertThat(log).doesNotContain("Exception");
  }

  private static JsonObject job(TestOrigin origin, String path) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < URLS; i++) {
      urls.add(origin.url(path + "?i=" + i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", URLS).put("perHost", URLS);
  }

  private static long okCount(JsonObject report) {
    return report.getJsonArray("results").stream().map(JsonObject.class::cast)
        .filter(r -> r.getBoolean("ok", false)).count();
  }

  private static Object firstError(JsonObject report) {
    return report.getJsonArray("results").stream().map(JsonObject.class::cast)
        .filter(r -> r.getValue("error") != null).findFirst().map(r -> r.getValue("error")).orElse(null);
  }

  private static JsonObject post(JsonObject body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort + "/jobs")).timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
