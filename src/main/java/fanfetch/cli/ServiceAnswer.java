package fanfetch.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;

/**
 * A running service's whole answer to one request, and how the commands read it: a JSON object,
 * or a refusal (an RFC 9457 problem, or whatever else came) put in words by {@link ProblemText}.
 *
 * @param status the HTTP status
 * @param body   the body as text, or null when it could not be read
 */
record ServiceAnswer(int status, String body) {

  /**
   * The body as a JSON object.
   *
   * @throws IllegalStateException when it is not one (told as {@code fanfetch <command>: the server's answer is not a JSON object})
   */
  JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (DecodeException | NullPointerException e) {
      throw new IllegalStateException("the server's answer is not a JSON object");
    }
  }

  /** A refused submit: {@code job refused (400 Invalid job): detail}, then the field errors. */
  String jobRefusal() {
    return ProblemText.describe(status, body);
  }

  /** Any other refused request, where there is no job to refuse: {@code (404 Not Found): detail}. */
  String problem() {
    return jobRefusal().replaceFirst("^job refused ", "");
  }

  /**
   * Says on {@code err} that the service refused: {@code fanfetch <command>: <words>}, then, after
   * a 401, how to give the API key.
   */
  void tellRefused(PrintWriter err, String command, String words) {
    err.println("fanfetch " + command + ": " + words);
    if (status == 401) {
      err.println(ServerOptions.keyHint());
    }
  }
}
