package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.ReportHead;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerResponse;

/**
 * The answer to a waiting {@code POST /jobs}, once its coordinator accepted the job: status and
 * headers at once ({@code 200}, {@code Location}, {@code Fanfetch-Job-Id}), so a client that loses
 * the connection still knows its job; then, when the job ends, the report from the job store. If
 * {@code http.waitTimeoutMs} runs out first, the report as it stands ends the answer (state
 * running). A client that goes away while waiting cancels its job, unless it asked to detach.
 */
final class WaitingAnswer {

  static final String JOB_ID_HEADER = "Fanfetch-Job-Id";
  /**
   * The longest one wait request lasts: a longer wait is asked again, so a coordinator that died
   * or gave the job away costs at most this before the job is looked for where it went.
   */
  private static final long WAIT_SLICE_MS = 30_000;
  private static final long RETRY_MS = 500;

  private final Vertx vertx;
  private final JobLookup lookup;
  private final HttpServerResponse response;
  private final String id;
  private final long untilMs;
  private boolean answering;
  private boolean gone;

  private WaitingAnswer(Vertx vertx, JobLookup lookup, HttpServerResponse response, String id, long untilMs) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.response = response;
    this.id = id;
    this.untilMs = untilMs;
  }

  /** Sends the head of the answer now and the report when the job ends (or the wait runs out). */
  static void start(Vertx vertx, JobLookup lookup, HttpServerResponse response, String id, long waitTimeoutMs,
                    boolean detach) {
    WaitingAnswer answer = new WaitingAnswer(vertx, lookup, response, id, System.currentTimeMillis() + waitTimeoutMs);
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("Location", "/jobs/" + id)
        .putHeader(JOB_ID_HEADER, id)
        .putHeader("Content-Type", HttpApiVerticle.JSON);
    response.closeHandler(v -> answer.clientGone(detach));
    response.writeHead();
    answer.await();
  }

  private void await() {
    long left = untilMs - System.currentTimeMillis();
    if (gone) {
      return;
    }
    if (left <= 0) {
      asItStands();
      return;
    }
    lookup.whenEnded(id, Math.min(left, WAIT_SLICE_MS))
        .onSuccess(this::write)
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            await();
          } else {
            // Moving to another coordinator (taken over, or its node shutting down): ask where it went.
            vertx.setTimer(RETRY_MS, t -> await());
          }
        });
  }

  /** The wait ran out: the report so far. */
  private void asItStands() {
    lookup.head(id, Addresses.OP_GET)
        .onSuccess(this::write)
        .onFailure(e -> {
          if (!gone) {
            response.reset();
          }
        });
  }

  private void write(ReportHead head) {
    if (gone || answering) {
      return;
    }
    answering = true;
    if (head == null) {
      // Gone from the store meanwhile (expired): nothing to answer with.
      response.reset();
      return;
    }
    ReportStream.writeJson(response, 200, head, lookup.store());
  }

  private void clientGone(boolean detach) {
    if (answering || gone) {
      return;
    }
    gone = true;
    if (!detach) {
      lookup.head(id, Addresses.OP_CANCEL);
    }
  }
}
