package fanfetch.cli;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request to a running service and its JSON answer, for the commands that make just one
 * ({@code jobs}, {@code cancel}); anything else than a 200 with a JSON object is told on stderr.
 */
final class ServiceCall {

  /** How long the request may take, its answer read. */
  private static final long TIMEOUT_SECONDS = 60;

  private ServiceCall() {
  }

  /**
   * Sends the request on a Vert.x of its own and hands a 200's JSON object to {@code output}.
   *
   * @return the exit status: 0 once {@code output} had the answer, else {@link ExitCodes#USAGE}
   *     once what went wrong was told on {@code err}
   */
  static int run(String command, ServiceAddress address, HttpMethod method, String path, PrintWriter err,
                 Consumer<JsonObject> output) {
    return LocalVertx.run(command, err, vertx -> {
      ServiceAnswer answer;
      try {
        answer = new ServiceClient(vertx, address).send(method, path).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("fanfetch " + command + ": " + address.unreachable(e));
        return ExitCodes.USAGE;
      }
      if (answer.status() != 200) {
        answer.tellRefused(err, command, answer.problem());
        return ExitCodes.USAGE;
      }
      // An answer that is not a JSON object throws: LocalVertx says so as "fanfetch <command>: …".
      output.accept(answer.json());
      return 0;
    });
  }
}
