package fanfetch.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code submit} sends and how it reads the stream, against a scripted server on 127.0.0.1:
 * the request, a stream that drops before the end, a 200 answer with the report.
 */
class SubmitProtocolTest {

  private static final String ID = "01JZZZZZZZZZZZZZZZZZZZZZZZ";

  private Vertx vertx;
  private HttpServer server;
  private final List<JsonObject> posted = new CopyOnWriteArrayList<>();
  /** Bodies posted as text/uri-list (a list from a file or stdin). */
  private final List<String> postedLists = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger streams = new AtomicInteger();
  private volatile String mode = "drop-once";

  private static JsonObject result(int index, boolean ok) {
    return new JsonObject().put("index", index).put("url", "http://origin.test/" + index).put("ok", ok)
        .put("status", ok ? 200 : 500).put("bytes", 10).put("timings", new JsonObject().put("totalMs", 1.5))
        .put("error", null);
  }

  private static JsonObject report() {
    return new JsonObject().put("id", ID).put("state", "done").put("mode", "parallel")
        .put("durationMs", 2.0).put("fetchTimeSumMs", 3.0).put("speedup", 1.5)
        .put("summary", new JsonObject().put("total", 2).put("completed", 2).put("succeeded", 2).put("bytes", 20))
        .put("results", new JsonArray().add(result(0, true)).add(result(1, true)));
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void handle(HttpServerRequest request) {
    requests.add(request.method() + " " + request.uri() + " " + request.getHeader("Authorization"));
    if (request.path().equals("/base/jobs")) {
      request.body().onSuccess(body -> {
        if ("text/uri-list".equals(request.getHeader("Content-Type"))) {
          postedLists.add(body.toString());
        } else {
          posted.add(body.toJsonObject());
        }
        if (mode.equals("wait-anyway")) {
          request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(report().encode());
        } else {
          request.response().setStatusCode(202).putHeader("Location", "/jobs/" + ID)
              .end(new JsonObject().put("id", ID).put("state", "queued").encode());
        }
      });
      return;
    }
    var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
    if (streams.incrementAndGet() == 1) {
      // The first stream breaks off after one result, in the middle of the next event.
      response.write("event: result\nid: 0\ndata: " + result(0, true).encode() + "\n\nevent: res");
      vertx.setTimer(50, t -> request.connection().close());
    } else {
      // Reconnected: the server starts again with what finished, in CRLF lines this time.
      response.end("event: result\r\ndata: " + result(0, true).encode() + "\r\n\r\n"
          + ": a comment\r\nevent: result\r\ndata: " + result(1, true).encode() + "\r\n\r\n"
          + "event: done\r\ndata: " + report().encode() + "\r\n\r\n");
    }
  }

  private String server() {
    return "http://127.0.0.1:" + server.actualPort() + "/base/";
  }

  @Test
  void theJobIsPostedWithItsOptionsAndKeyAndAFailedStreamIsOpenedAgain() {
    Cli.Run run = Cli.run("submit", "--server", server(), "--api-key", "k1", "-o", "json",
        "--mode", "Compare", "--concurrency", "3", "--per-host", "2", "--method", "head", "-H", "Accept: text/plain",
        "--timeout-ms", "900", "--connect-timeout-ms", "800", "--max-redirects", "1", "--no-follow-redirects",
        "--max-bytes", "1000", "--digest", "NONE", "--retries", "2", "--deadline-ms", "5000",
        "http://origin.test/0", "http://origin.test/1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(new JsonObject(run.out())).isEqualTo(report());
    assertThat(posted).containsExactly(new JsonObject()
        .put("urls", new JsonArray().add("http://origin.test/0").add("http://origin.test/1"))
        .put("mode", "compare").put("concurrency", 3).put("perHost", 2).put("method", "HEAD")
        .put("headers", new JsonObject().put("Accept", "text/plain"))
        .put("timeoutMs", 900L).put("connectTimeoutMs", 800L).put("followRedirects", false).put("maxRedirects", 1)
        .put("maxBytes", 1000L).put("digest", "none").put("retries", 2).put("deadlineMs", 5000L));
    assertThat(requests).containsExactly(
        "POST /base/jobs?wait=false Bearer k1",
        "GET /base/jobs/" + ID + "/events Bearer k1",
        "GET /base/jobs/" + ID + "/events Bearer k1");
  }

  @Test
  void urlsFromStdinAreSentAsAUriListWithTheOptionsInTheQuery() {
    Cli.Run run = Cli.runWithStdin("http://origin.test/0\n# skipped\nhttp://origin.test/1\n", "submit",
        "--server", server(), "-o", "json", "--mode", "Compare", "--concurrency", "3", "-H", "Accept: text/plain",
        "--no-follow-redirects", "--timeout-ms", "900");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(posted).isEmpty();
    assertThat(postedLists).containsExactly("http://origin.test/0\r\nhttp://origin.test/1\r\n");
    assertThat(requests.get(0)).isEqualTo("POST /base/jobs?wait=false&mode=compare&concurrency=3"
        + "&headers=Accept%3A%20text%2Fplain&timeoutMs=900&followRedirects=false null".replace("headers=", "header="));
    assertThat(run.err()).startsWith("job " + ID + " submitted; cancel with: fanfetch cancel " + ID + "\n");
  }

  @Test
  void aServerThatWaitsAnywayAnswersWithTheReport() {
    mode = "wait-anyway";
    Cli.Run run = Cli.run("submit", "--server", server(), "--no-progress", "http://origin.test/0", "http://origin.test/1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("2 URLs: 2 ok, 0 failed");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).endsWith(" null");
  }
}
