package fanfetch.cli;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP conversation of {@link ServiceClient}, against a scripted server on 127.0.0.1. The
 * client has a Vert.x of its own, as in a command.
 */
class ServiceClientTest {

  private static final String ID = "01JZZZZZZZZZZZZZZZZZZZZZZZ";

  private Vertx vertx;
  private Vertx clientVertx;
  private HttpServer server;
  /** What the server answers, by path. */
  private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
  /** Each request: method, URI, Accept, Content-Type, Authorization, body. */
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private ServiceClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.add(request.method() + " " + request.uri() + " " + request.getHeader("Accept") + " "
          + request.getHeader("Content-Type") + " " + request.getHeader("Authorization") + " " + body);
      routes.getOrDefault(request.path(), r -> r.response().setStatusCode(404).end()).handle(request);
    })).listen(0, "127.0.0.1").await();
    clientVertx = LocalVertx.create();
    client = new ServiceClient(clientVertx, new ServiceAddress(URI.create("http://127.0.0.1:" + server.actualPort()), "k1"));
  }

  @AfterEach
  void stop() {
    clientVertx.close().await();
    vertx.close().await();
  }

  private static JsonObject result(int index) {
    return new JsonObject().put("index", index).put("url", "http://origin.test/" + index).put("ok", true);
  }

  private static JsonObject head() {
    return new JsonObject().put("id", ID).put("state", "done")
        .put("summary", new JsonObject().put("total", 2).put("completed", 2));
  }

  private static String event(String type, JsonObject data) {
    return "event: " + type + "\ndata: " + data.encode() + "\n\n";
  }

  private void stream(String path, String events) {
    routes.put(path, r -> r.response().putHeader("Content-Type", "text/event-stream").end(events));
  }

  @Test
  void aRequestCarriesTheKeyAndItsAnswerIsReadWhole() throws Exception {
    routes.put("/jobs", r -> r.response().setStatusCode(200).end("{\"jobs\":[]}"));

    ServiceAnswer answer = client.send(HttpMethod.GET, ServiceAddress.jobs(2, null)).await(10, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo(new ServiceAnswer(200, "{\"jobs\":[]}"));
    assertThat(requests).containsExactly("GET /jobs?limit=2 application/json null Bearer k1 ");
  }

  @Test
  void aJobSpecIsPostedAsJsonAndAListAsAUriListWithTheOptionsInTheQuery() throws Exception {
    routes.put("/jobs", r -> r.response().setStatusCode(202).end("{\"id\":\"" + ID + "\"}"));
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add("http://origin.test/0")).put("mode", "compare");

    ServiceAnswer posted = client.submit(spec).await(10, TimeUnit.SECONDS);
    ServiceAnswer uploaded = client.upload(List.of("http://origin.test/0", "http://origin.test/1"), spec)
        .await(10, TimeUnit.SECONDS);

    assertThat(posted.status()).isEqualTo(202);
    assertThat(uploaded.json().getString("id")).isEqualTo(ID);
    assertThat(requests).containsExactly(
        "POST /jobs?wait=false application/json application/json Bearer k1 " + spec.encode(),
        "POST /jobs?wait=false&mode=compare application/json text/uri-list Bearer k1 "
            + "http://origin.test/0\r\nhttp://origin.test/1\r\n");
  }

  @Test
  void aJobIsFollowedAndAReportHeadIsCompletedWithTheWholeReport() throws Exception {
    JsonObject whole = head().put("results", new JsonArray().add(result(0)).add(result(1)));
    stream("/jobs/" + ID + "/events", event("result", result(0)) + event("progress", new JsonObject())
        + event("result", result(1)) + event("result", result(1)) + event("done", head()));
    routes.put("/jobs/" + ID, r -> r.response().end(whole.encode()));
    ResultTracker tracker = new ResultTracker(2);
    AtomicInteger newResults = new AtomicInteger();

    JsonObject report = client.follow(ID, tracker, newResults::incrementAndGet).await(10, TimeUnit.SECONDS);

    assertThat(report).isEqualTo(whole);
    assertThat(tracker.done()).isEqualTo(2);
    assertThat(newResults).as("each result once").hasValue(2);
    assertThat(requests).containsExactly(
        "GET /jobs/" + ID + "/events text/event-stream null Bearer k1 ",
        "GET /jobs/" + ID + " application/json null Bearer k1 ");
  }

  @Test
  void aDoneEventWithTheResultsIsTheReport() throws Exception {
    JsonObject whole = head().put("results", new JsonArray().add(result(0)));
    stream("/jobs/" + ID + "/events", event("done", whole));

    assertThat(client.follow(ID, new ResultTracker(1), () -> { }).await(10, TimeUnit.SECONDS)).isEqualTo(whole);
    assertThat(requests).hasSize(1);
  }

  /**
   * A stream answered whole in one write ends within the turn its head arrives in, on a connection
   * kept from the last follow: its events must still be read (handed on a turn late, they were
   * lost, and the follow waited for ever). Bounded: 300 follows, each within 10 s.
   */
  @Test
  void aShortStreamIsReadWholeEveryTimeOnAReusedConnection() throws Exception {
    JsonObject whole = head().put("results", new JsonArray().add(result(0)));
    stream("/jobs/" + ID + "/events", event("result", result(0)) + event("done", whole));

    for (int i = 0; i < 300; i++) {
      // Each follow from a thread of its own, as each command's is: the request's context is a new
      // one, most often on another event loop than the kept connection's.
      java.util.concurrent.CompletableFuture<JsonObject> followed = new java.util.concurrent.CompletableFuture<>();
      new Thread(() -> client.follow(ID, new ResultTracker(1), () -> { })
          .onComplete(done -> followed.complete(done.succeeded() ? done.result() : null))).start();
      assertThat(followed.get(10, TimeUnit.SECONDS)).as("follow %d", i).isEqualTo(whole);
    }
    assertThat(requests).as("each read at the first try").hasSize(300);
  }

  @Test
  void aRefusedStreamOrReportIsAFollowFailureWithTheProblem() {
    routes.put("/jobs/" + ID + "/events", r -> r.response().setStatusCode(404)
        .end("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such job\"}"));
    routes.put("/jobs/" + ID, r -> r.response().setStatusCode(500).end("it broke\nsomewhere"));

    assertThatThrownBy(() -> client.follow(ID, new ResultTracker(1), () -> { }).await(10, TimeUnit.SECONDS))
        .isInstanceOf(ServiceClient.FollowFailure.class)
        .hasMessage("the progress stream answered (404 Not Found): no such job");
    assertThatThrownBy(() -> client.wholeReport(ID).await(10, TimeUnit.SECONDS))
        .isInstanceOf(ServiceClient.FollowFailure.class)
        .hasMessage("the report could not be read: job refused (500): it broke");
  }

  @Test
  void anEventThatIsNotJsonIsAFollowFailure() {
    stream("/jobs/" + ID + "/events", "event: result\ndata: {not json\n\n");

    assertThatThrownBy(() -> client.follow(ID, new ResultTracker(1), () -> { }).await(10, TimeUnit.SECONDS))
        .isInstanceOf(ServiceClient.FollowFailure.class)
        .hasMessage("the progress stream sent an event that is not JSON");
  }

  @Test
  void aStreamThatKeepsEndingEarlyIsOpenedAgainAFewTimesThenGivenUp() {
    stream("/jobs/" + ID + "/events", event("result", result(0)));
    ResultTracker tracker = new ResultTracker(2);

    assertThatThrownBy(() -> client.follow(ID, tracker, () -> { }).await(30, TimeUnit.SECONDS))
        .isInstanceOf(ServiceClient.FollowFailure.class)
        .hasMessage("the progress stream ended before the job was done");
    assertThat(requests).hasSize(1 + JobEventStream.MAX_RECONNECTS);
    assertThat(tracker.done()).isEqualTo(1);
  }
}
