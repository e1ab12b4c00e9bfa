package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;


/**
 * One task's fetch, start to finish, on the fetcher's event loop: the guarded lookup of each hop,
 * a connection (see {@link HopConnector}), redirects, the streamed body, phase timings, and
 * exactly one result ({@link FetchResult}) whatever happens (success, failure, timeout, cancel, or
 * a fault in fanfetch itself: every callback is guarded, so an exception becomes this URL's
 * {@code protocol} result and nothing else is touched).
 *
 * <p>It uses the core {@code HttpClient} request API rather than the Web Client because the phase
 * timings need the moments the Web Client hides and a handle on the live request to abort it.
 */
final class FetchRun {

  private final FetcherParts parts;
  private final FetchTask task;
  /** The coordinator's parse of the task's URL, when it was handed over on this node (else null). */
  private final TargetUrl parsed;
  private final Promise<ResultBatch.Entry> done = Promise.promise();
  private final PhaseClock clock = new PhaseClock(System.nanoTime());
  private final HopConnector connector;
  /** What the result will say, gathered hop by hop. */
  private final FetchResult result;

  private long timerId = -1;
  private boolean finished;
  private FetchPhase phase = FetchPhase.CONNECT;

  FetchRun(FetcherParts parts, FetchTask task, TargetUrl parsed) {
    this.parts = parts;
    this.task = task;
    this.parsed = parsed;
    this.connector = new HopConnector(parts, task, clock, this::guarded);
    this.result = new FetchResult(parts.node());
  }

  /** Starts the fetch; never throws: whatever goes wrong ends in the one result. */
  Future<ResultBatch.Entry> start() {
    try {
      begin();
    } catch (RuntimeException e) {
      crash(e);
    }
    return done.future();
  }

  /** Stops the fetch now with the given error (cancel, timeout, too large); the request is reset. */
  void abort(ErrorKind kind, String message) {
    finish(kind, message);
  }

  private void begin() {
    TargetUrl target;
    try {
      target = parsed != null ? parsed : TargetUrl.parse(task.url());
    } catch (TargetUrl.InvalidUrlException e) {
      finish(ErrorKind.INVALID_URL, e.getMessage());
      return;
    }
    String headerProblem = RequestHeaders.problem(task.headers());
    if (headerProblem != null) {
      finish(ErrorKind.PROTOCOL, headerProblem + "; not sent");
      return;
    }
    timerId = parts.vertx().setTimer(FetchLimits.overallMs(task), guarded(id -> {
      timerId = -1;
      finish(ErrorKind.TIMEOUT, FetchLimits.overallPassed(task, phase));
    }));
    hop(target);
  }

  private void hop(TargetUrl target) {
    result.hop(target);
    phase = FetchPhase.CONNECT;
    clock.lookupStarted(System.nanoTime());
    connector.startConnectTimer(target, guarded(v -> finish(ErrorKind.TIMEOUT, FetchLimits.noConnection(task, target))));
    parts.resolver().vet(parts.vertx(), target.host(), target.port()).onComplete(guarded(vetted -> {
      if (finished) {
        return;
      }
      clock.lookupDone(System.nanoTime());
      if (vetted.failed()) {
        fail(vetted.cause(), null);
      } else {
        connector.connect(target, vetted.result(), result.headersForHop(task.headers()), guarded(this::onConnected));
      }
    }));
  }

  private void onConnected(AsyncResult<Void> connected) {
    if (finished) {
      return;
    }
    if (connected.failed()) {
      fail(connected.cause(), null);
      return;
    }
    phase = FetchPhase.WAITING;
    connector.request().send().onComplete(guarded(this::onSent));
  }

  private void onSent(AsyncResult<HttpClientResponse> sent) {
    if (finished) {
      return;
    }
    if (sent.failed()) {
      if (connector.resendable(sent.cause(), phase)) {
        phase = FetchPhase.CONNECT;
        connector.resendOnNewConnection(sent.cause(), guarded(this::onConnected));
      } else {
        fail(sent.cause(), connector.remoteAddress());
      }
      return;
    }
    onResponse(sent.result());
  }

  private void onResponse(HttpClientResponse response) {
    clock.headArrived(System.nanoTime());
    result.headArrived(response.version());
    // Failures arrive through end(); a handler keeps Vert.x from also logging them as unhandled
    // (a reset on purpose, after a refused redirect or maxBytes, among them).
    response.exceptionHandler(failure -> { });
    int code = response.statusCode();
    String location = response.getHeader("Location");
    phase = FetchPhase.DOWNLOAD;
    if (task.followRedirects() && Redirect.isRedirect(code) && location != null) {
      followRedirect(response, location);
      return;
    }
    BodyMeter meter = new BodyMeter(task.maxBytes(), task.digest() && !"HEAD".equals(task.method()));
    result.answered(code, response.getHeader("Content-Type"),
        FetchResult.backsOff(code) ? response.getHeader("Retry-After") : null, meter);
    response.handler(guarded(chunk -> {
      if (!finished && !meter.accept(BodyMeter.bytesOf(chunk))) {
        finish(ErrorKind.TOO_LARGE, FetchLimits.tooLarge(task));
      }
    }));
    readToEnd(response, () -> finish(null, null));
  }

  /** Waits for the body's end (its time is download time), then goes on, unless the fetch ended first. */
  private void readToEnd(HttpClientResponse response, Runnable then) {
    response.end().onComplete(guarded(ended -> {
      if (finished) {
        return;
      }
      clock.bodyEnded(System.nanoTime());
      if (ended.failed()) {
        fail(ended.cause(), connector.remoteAddress());
      } else {
        connector.exchangeDone();
        then.run();
      }
    }));
  }

  private void followRedirect(HttpClientResponse response, String location) {
    Redirect redirect = result.redirect(response.statusCode(), location, task.maxRedirects());
    if (redirect.next() == null) {
      finish(redirect.refusal(), redirect.message());
      return;
    }
    // Read the redirect's body to its end first, so its connection can serve the next hop.
    readToEnd(response, () -> hop(redirect.next()));
  }

  /** Runs a callback so that an exception in it ends this fetch (a {@code protocol} result), not the event loop's turn. */
  private <T> Handler<T> guarded(Handler<T> handler) {
    return value -> {
      try {
        handler.handle(value);
      } catch (RuntimeException e) {
        crash(e);
      }
    };
  }

  private void crash(RuntimeException e) {
    FetcherLog.crashed(task, phase, e);
    finish(ErrorKind.PROTOCOL, FetchResult.faultMessage("complete", e) + " (while " + phase.description() + ")");
  }

  private void fail(Throwable failure, String remote) {
    result.outOfFiles(phase == FetchPhase.CONNECT && ErrorClassifier.outOfFiles(failure));
    ErrorClassifier.Classified c = ErrorClassifier.classify(failure, phase, remote);
    finish(c.kind(), c.message());
  }

  private void finish(ErrorKind error, String message) {
    if (finished) {
      return;
    }
    finished = true;
    if (timerId >= 0) {
      parts.vertx().cancelTimer(timerId);
    }
    ResultBatch.Entry entry;
    try {
      connector.close(error != null);
      long now = System.nanoTime();
      clock.stop(now);
      entry = result.entry(task.sendId(), clock.toJson(now),
          error == null ? null : Results.error(error, message, phase.wireName()), connector);
    } catch (RuntimeException e) {
      FetcherLog.crashed(task, phase, e);
      entry = FetchResult.fault(task.sendId(), "report", e, parts.node());
    }
    done.complete(entry);
  }
}
