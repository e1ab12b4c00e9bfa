package fanfetch.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Duration;

/** The bench's calls to the service's HTTP API, each with a timeout. */
final class JobClient {

  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final long HEALTH_TIMEOUT_MS = 2_000;

  /** What {@code POST /jobs} answered and how long it took, end to end. */
  record Answer(int status, Buffer body, long nanos) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  private final WebClient web;
  private final String jobsUri;
  private final String readyUri;

  JobClient(Vertx vertx, URI service) {
    this.web = WebClient.create(vertx, new WebClientOptions(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)));
    String base = service.toString().replaceAll("/+$", "");
    this.jobsUri = base + "/jobs";
    this.readyUri = base + "/health/ready";
  }

  /**
   * Posts an already encoded JobSpec and waits for the report. The clock starts when the request
   * is handed to the client and stops on the event loop when the whole answer is in, so neither
   * encoding the job nor decoding the report is counted.
   */
  Future<Answer> submit(Buffer jobSpec, Duration timeout) {
    long start = System.nanoTime();
    return web.postAbs(jobsUri)
        .timeout(timeout.toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json")
        .sendBuffer(jobSpec)
        .map(response -> new Answer(response.statusCode(), response.body(), System.nanoTime() - start));
  }

  /** Whether the service answers {@code GET /health/ready} with 200. */
  Future<Boolean> ready() {
    return web.getAbs(readyUri).timeout(HEALTH_TIMEOUT_MS).send()
        .map(response -> response.statusCode() == 200)
        .otherwise(false);
  }
}
