package fanfetch.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * One request to a running service and its JSON answer, for the commands that make just one
 * ({@code jobs}, {@code cancel}); anything else than a 200 with a JSON object is told on stderr.
 */
final class ServiceCall {

  /** A 200 answer. */
  record Answer(JsonObject json) {
  }

  private ServiceCall() {
  }

  /** @return the answer, or null once what went wrong was told on {@code err} */
  static Answer send(ServerOptions service, HttpMethod method, String path, PrintWriter err, String command) {
    Vertx vertx = LocalVertx.create();
    try {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions()
          .setConnectTimeout(SubmitCommand.SERVER_CONNECT_TIMEOUT_MS));
      int status;
      String body;
      try {
        var response = http.request(service.request(method, path))
            .compose(request -> request.send())
            .compose(r -> r.body().map(b -> new Object[] {r.statusCode(), b.toString()}))
            .await(60, TimeUnit.SECONDS);
        status = (int) response[0];
        body = (String) response[1];
      } catch (Exception e) {
        err.println("fanfetch " + command + ": cannot reach " + service.base() + ": " + JobOptions.describe(e));
        return null;
      }
      if (status != 200) {
        err.println("fanfetch " + command + ": " + ProblemText.describe(status, body).replaceFirst("^job refused ", ""));
        if (status == 401) {
          err.println(ServerOptions.keyHint());
        }
        return null;
      }
      try {
        return new Answer(new JsonObject(body));
      } catch (DecodeException e) {
        err.println("fanfetch " + command + ": the server's answer is not a JSON object");
        return null;
      }
    } finally {
      err.flush();
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }
  }
}
