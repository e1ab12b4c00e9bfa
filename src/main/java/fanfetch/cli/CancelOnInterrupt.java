package fanfetch.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * While a submitted job is followed: an interrupt (Ctrl-C, SIGTERM) cancels it on the service
 * ({@code DELETE /jobs/{id}}) before the process ends, so no job is left running that nobody
 * waits for. It is installed before the job's id is shown, so an interrupt that follows the id
 * always cancels. Closing it (the job was followed to its end) takes the hook away. The request goes
 * through the JDK's own client: in a shutdown hook, it does not depend on anything else still running.
 */
final class CancelOnInterrupt implements AutoCloseable {

  /** How long the cancel may hold up the exit. */
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

  private final Thread hook;
  /** What to do before the cancel: end the progress line, once there is one, so the note goes below it. */
  private volatile Runnable first = () -> { };

  CancelOnInterrupt(ServiceAddress service, String id, PrintWriter err) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.uri(ServiceAddress.job(id))))
        .timeout(CANCEL_TIMEOUT).DELETE().header("Accept", "application/json");
    service.authorization().ifPresent(value -> request.header("Authorization", value));
    this.hook = new Thread(() -> {
      first.run();
      cancel(request.build(), id, err);
    }, "cancel-on-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private static void cancel(HttpRequest request, String id, PrintWriter err) {
    String outcome;
    try {
      HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(CANCEL_TIMEOUT).build()
          .send(request, HttpResponse.BodyHandlers.discarding());
      outcome = answer.statusCode() == 200 ? "job " + id + " cancelled"
          : "job " + id + " may still run: the cancel was answered " + answer.statusCode();
    } catch (Exception e) {
      outcome = "job " + id + " may still run: it could not be cancelled (" + JobOptions.describe(e) + ")";
    }
    err.println("fanfetch submit: interrupted; " + outcome);
    err.flush();
  }

  /** Runs {@code action} before the cancel, should an interrupt come (the progress line's end). */
  void beforeCancel(Runnable action) {
    first = action;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down: the hook runs
    }
  }
}
