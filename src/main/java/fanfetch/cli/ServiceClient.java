package fanfetch.cli;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.List;

/**
 * The command line's HTTP conversation with a running service, on the command's Vert.x: every
 * request carries the API key (if any) and asks for the answer it expects. {@code submit} posts a
 * job, follows its events and reads its whole report; {@code jobs} and {@code cancel} make one
 * request ({@link ServiceCall}).
 *
 * <p>An answer read whole goes through the {@link WebClient}, which takes the body however soon
 * after the head it comes. The two streams, the URL list sent as the server takes it and the
 * events read as they arrive, go through the {@link HttpClient} under it, and each reads its
 * response in the turn the response arrives: read a turn later (through another future), a short
 * answer may have ended already, its body lost.
 */
final class ServiceClient {

  /** How long connecting to the server may take. */
  static final int CONNECT_TIMEOUT_MS = 10_000;

  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final HttpClient http;
  private final WebClient web;
  private final ServiceAddress address;

  ServiceClient(Vertx vertx, ServiceAddress address) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
    this.web = WebClient.wrap(http);
    this.address = address;
  }

  /** The job could not be followed to its whole report: its event stream or the report could not be read. */
  static final class FollowFailure extends RuntimeException {
    FollowFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** A request without a body, answered with JSON. */
  Future<ServiceAnswer> send(HttpMethod method, String path) {
    return web.requestAbs(method, address.uri(path)).putHeaders(headers(JSON)).send().map(ServiceClient::answer);
  }

  /** {@code POST /jobs?wait=false} with the JobSpec as JSON (a short list, given as arguments). */
  Future<ServiceAnswer> submit(JsonObject jobSpec) {
    return web.postAbs(address.uri(ServiceAddress.SUBMIT)).putHeaders(headers(JSON)).sendJsonObject(jobSpec)
        .map(ServiceClient::answer);
  }

  /**
   * {@code POST /jobs?wait=false} with the URLs, however many, as a {@code text/uri-list} body
   * streamed as the server takes it, and the JobSpec's other options in the query.
   */
  Future<ServiceAnswer> upload(List<String> urls, JsonObject jobSpec) {
    return UriListUpload.post(http, stream(HttpMethod.POST, ServiceAddress.submit(SpecQuery.of(jobSpec)), JSON), urls);
  }

  /**
   * A request without a body whose response goes, unread, to {@code onResponse}, for a stream read
   * as it arrives. {@code onResponse} must set the response's handlers at once: it is called on
   * the response's own event-loop turn, being listened for before the request goes out, so no
   * piece of a short stream can come before them. (Handing the response on through another future
   * could run it a turn later, and a short stream may have ended by then: its events lost.)
   *
   * @return completes once the response is handed on, or fails if none came
   */
  Future<Void> open(HttpMethod method, String path, String accept, Handler<HttpClientResponse> onResponse) {
    return http.request(stream(method, path, accept)).compose(request -> {
      Future<HttpClientResponse> response = request.response().onSuccess(onResponse);
      request.end();
      return response.mapEmpty();
    });
  }

  /**
   * Follows job {@code id} to its end ({@link JobEventStream}) and brings its whole report.
   *
   * @param tracker     counts each result once (a stream opened again starts over)
   * @param onNewResult runs after each result the tracker had not counted yet
   * @return the report, or a failure with {@link FollowFailure} when it could not be read
   */
  Future<JsonObject> follow(String id, ResultTracker tracker, Runnable onNewResult) {
    return new JobEventStream(vertx, this, id, tracker, onNewResult).follow()
        // The done event is the report's head (fanfetch sends the results one by one before it).
        .compose(report -> report.containsKey("results") ? Future.succeededFuture(report) : wholeReport(id));
  }

  /** {@code GET /jobs/{id}}: the report with every result. */
  Future<JsonObject> wholeReport(String id) {
    return send(HttpMethod.GET, ServiceAddress.job(id)).map(answer -> {
      if (answer.status() != 200) {
        throw new FollowFailure("the report could not be read: " + answer.jobRefusal());
      }
      return answer.json();
    });
  }

  /** The whole answer of a streamed request's response, its body still to come. */
  static Future<ServiceAnswer> read(HttpClientResponse response) {
    return response.body().map(body -> new ServiceAnswer(response.statusCode(), body.toString()));
  }

  private static ServiceAnswer answer(HttpResponse<Buffer> response) {
    return new ServiceAnswer(response.statusCode(), response.bodyAsString());
  }

  private RequestOptions stream(HttpMethod method, String path, String accept) {
    return new RequestOptions().setMethod(method).setAbsoluteURI(address.uri(path)).setHeaders(headers(accept));
  }

  /** What every request says: the answer it expects, and the key. */
  private MultiMap headers(String accept) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.ACCEPT, accept);
    address.authorization().ifPresent(value -> headers.add(HttpHeaders.AUTHORIZATION, value));
    return headers;
  }
}
