package fanfetch.testing;

import fanfetch.app.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fanfetch node under test, talked to only through its HTTP API ({@code POST /jobs}), as any
 * client would. Every call blocks the test thread (never an event loop) until the answer is in.
 */
public final class Node {

  /** Upper bound for one job's answer: far above what any job here needs, so it only catches hangs. */
  public static final long ANSWER_SECONDS = 120;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Service service;
  private final WebClient client;

  private Node(Vertx vertx, boolean ownsVertx, Service service) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.service = service;
    this.client = ServiceFixture.client(vertx);
  }

  /** Deploys a node on the given Vert.x instance (one node per instance: they share the event bus). */
  public static Node start(Vertx vertx, JsonObject config) {
    return new Node(vertx, false, await(ServiceFixture.start(vertx, config)));
  }

  /** Deploys a node on a Vert.x instance of its own, closed by {@link #close()}. */
  public static Node startAlone(JsonObject config) {
    Vertx own = Vertx.vertx();
    try {
      return new Node(own, true, await(ServiceFixture.start(own, config)));
    } catch (RuntimeException | Error e) {
      own.close();
      throw e;
    }
  }

  public int port() {
    return service.port();
  }

  /** The web client this node's calls go through (on the Vert.x the node runs on), for requests of a test's own. */
  public WebClient client() {
    return client;
  }

  /** POST /jobs, waiting for the report: the raw answer. */
  public HttpResponse<Buffer> post(JsonObject spec) {
    return post(spec, ANSWER_SECONDS);
  }

  public HttpResponse<Buffer> post(JsonObject spec, long answerSeconds) {
    return await(client.post(service.port(), "127.0.0.1", "/jobs").sendJsonObject(spec), answerSeconds);
  }

  /** Runs a job through POST /jobs and returns its finished report. */
  public JsonObject submit(JsonObject spec) {
    return submit(spec, ANSWER_SECONDS);
  }

  /** {@link #submit(JsonObject)} for a job that may take longer than {@link #ANSWER_SECONDS}. */
  public JsonObject submit(JsonObject spec, long answerSeconds) {
    HttpResponse<Buffer> response = post(spec, answerSeconds);
    assertThat(response.statusCode()).as("POST /jobs answered %s", response.bodyAsString()).isEqualTo(200);
    JsonObject report = response.bodyAsJsonObject();
    assertThat(report.getString("state")).as("report %s", report).isEqualTo("done");
    assertThat(report.getJsonArray("results")).hasSize(spec.getJsonArray("urls").size());
    return report;
  }

  /** POST /jobs?wait=false: the job is accepted (202) and its id returned at once. */
  public String accept(JsonObject spec) {
    HttpResponse<Buffer> response = await(client.post(service.port(), "127.0.0.1", "/jobs?wait=false")
        .sendJsonObject(spec));
    assertThat(response.statusCode()).as("POST /jobs?wait=false answered %s", response.bodyAsString())
        .isEqualTo(202);
    return response.bodyAsJsonObject().getString("id");
  }

  /** DELETE /jobs/{id}: cancels the job; returns the report it answers with. */
  public JsonObject cancel(String id) {
    HttpResponse<Buffer> response = await(client.delete(service.port(), "127.0.0.1", "/jobs/" + id).send());
    assertThat(response.statusCode()).as("DELETE /jobs/%s answered %s", id, response.bodyAsString())
        .isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Fetches one URL with the job's defaults; returns its result. */
  public JsonObject fetch(String url) {
    return fetch(spec(url));
  }

  /** Runs a one-URL job; returns its only result. */
  public JsonObject fetch(JsonObject spec) {
    assertThat(spec.getJsonArray("urls")).hasSize(1);
    return submit(spec).getJsonArray("results").getJsonObject(0);
  }

  /** GET /jobs/{id}: the raw answer (the report so far). */
  public HttpResponse<Buffer> report(String id) {
    return await(client.get(service.port(), "127.0.0.1", "/jobs/" + id).send());
  }

  public void close() {
    client.close();
    if (ownsVertx) {
      await(vertx.close());
    }
  }

  public static JsonObject spec(String... urls) {
    JsonArray list = new JsonArray();
    for (String url : urls) {
      list.add(url);
    }
    return new JsonObject().put("urls", list);
  }

  public static <T> T await(Future<T> future) {
    return await(future, ANSWER_SECONDS);
  }

  public static <T> T await(Future<T> future, long seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + seconds + " s", e);
    }
  }
}
