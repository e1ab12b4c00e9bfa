package fanfetch.coordinator;

import fanfetch.coordinator.UrlTable.UrlState;
import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.FinishedReport;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One job's state, owned by its coordinator: its URLs' lives ({@link UrlTable}), the window that
 * says what may go next ({@link TaskWindow}), the results of the current run, and the runs
 * themselves ({@code compare} mode runs the job sequentially, then in parallel). Every change is a
 * method here that only updates state and returns what the coordinator must do; the rule for what
 * a finished send means is {@link #settle}. Plain class: the caller supplies the clock.
 */
final class Job {

  enum State {
    QUEUED, RUNNING, DONE, CANCELLED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final JobSpec spec;
  private final String node;
  private final Instant createdAt;
  private final JobUrls urls;
  private final RetryRules rules;
  private final UrlTable table;
  private final JobRuns runs = new JobRuns();
  private TaskWindow window;
  private RunResults results;
  private State state = State.QUEUED;
  private boolean expired;
  /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
  private long deadlineAtNanos;
  /** During a sequential run: the fetcher instance that answered last, and its node (else null). */
  private String pinnedFetcher;
  private String pinnedNode;

  Job(String id, JobSpec spec, String node, Instant createdAt, RetryRules rules) {
    this.id = id;
    this.spec = spec;
    this.node = node;
    this.createdAt = createdAt;
    this.rules = rules;
    this.urls = new JobUrls(spec.urls());
    this.table = new UrlTable(urls.size());
  }

  String id() {
    return id;
  }

  JobSpec spec() {
    return spec;
  }

  State state() {
    return state;
  }

  boolean finished() {
    return state == State.DONE || state == State.CANCELLED;
  }

  boolean expired() {
    return expired;
  }

  /** True while the job runs one URL at a time (sequential mode, or compare mode's first run). */
  boolean inSequentialRun() {
    return runs.sequential();
  }

  /** Changes whenever a new run starts, so answers from an earlier run can be told apart. */
  int generation() {
    return runs.generation();
  }

  long deadlineAtNanos() {
    return deadlineAtNanos;
  }

  UrlTable table() {
    return table;
  }

  int attempts(int index) {
    return table.attempts(index);
  }

  int inFlight() {
    return table.count(UrlState.IN_FLIGHT);
  }

  /** URLs of the current run waiting to be sent (not in flight, no result yet). */
  long waiting() {
    return finished() ? 0 : table.size() - table.count(UrlState.DONE) - inFlight();
  }

  String pinnedFetcher() {
    return pinnedFetcher;
  }

  String pinnedNode() {
    return pinnedNode;
  }

  String url(int index) {
    return urls.url(index);
  }

  TargetUrl takeParsed(int index) {
    return urls.takeParsed(index);
  }

  /** Starts the (first) run; returns the results already known (invalid URLs). */
  List<JsonObject> start(long nanos, Instant now) {
    runs.started(now, spec.mode() != JobSpec.Mode.PARALLEL);
    deadlineAtNanos = spec.deadlineMs() > 0 ? nanos + spec.deadlineMs() * 1_000_000 : 0;
    return beginRun(nanos);
  }

  private List<JsonObject> beginRun(long nanos) {
    runs.begin(nanos);
    results = new RunResults(urls.size());
    table.reset();
    List<JsonObject> known = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      if (!urls.isValid(i)) {
        known.add(record(i, urls.invalidResult(i, node), 0));
      }
    }
    boolean one = runs.sequential();
    window = new TaskWindow(urls.hosts(), urls.valid(), one ? 1 : spec.concurrency(), one ? 1 : spec.perHost());
    return known;
  }

  /** The next URL to send now, or -1. */
  int nextTask() {
    return finished() ? -1 : window.next(inFlight());
  }

  /** The URL {@link #nextTask()} chose was sent. Returns the send's token. */
  int sent(int index, long nanos) {
    state = State.RUNNING;
    return table.send(index, nanos);
  }

  /**
   * What a finished send means, in order: an answer to a superseded send, or after the run, counts
   * for nothing; a node without fetchers yet gets the task again (not counted); a fetcher that
   * vanished gets it again until {@code maxDispatchAttempts} sends were used up, then the URL
   * fails as {@code timeout}; a fetch that found no file descriptor waits and goes again (not
   * counted); a transient failure with retries left backs off and goes again; anything else is
   * the URL's result.
   */
  Verdict settle(int index, int generation, int token, SendOutcome outcome) {
    if (finished() || generation != runs.generation() || token != table.token(index)
        || table.state(index) != UrlState.IN_FLIGHT) {
      return Verdict.STALE;
    }
    switch (outcome.kind()) {
      case NOT_READY -> {
        unpin();
        table.resendUncounted(index);
        window.requeue(index);
        return Verdict.QUEUED_AGAIN;
      }
      case NODE_LEFT -> {
        return resend(index);
      }
      case VANISHED -> {
        if (table.resends(index) < rules.maxDispatchAttempts() - 1) {
          return resend(index);
        }
        return giveUp(index, outcome.detail());
      }
      case FAILED -> {
        return giveUp(index, outcome.detail());
      }
      default -> {
        return fetched(index, outcome);
      }
    }
  }

  private Verdict resend(int index) {
    unpin();
    table.resend(index);
    window.requeue(index);
    return Verdict.QUEUED_AGAIN;
  }

  private Verdict giveUp(int index, String why) {
    unpin();
    JsonObject failure = Results.failure(ErrorKind.TIMEOUT, "no fetcher answered after " + table.attempts(index)
        + " attempts: " + why, null, node);
    return new Verdict.Completed(complete(index, failure));
  }

  private Verdict fetched(int index, SendOutcome outcome) {
    if (runs.sequential()) {
      pinnedFetcher = outcome.fetcher();
      pinnedNode = outcome.fetcherNode();
    } else {
      unpin();
    }
    JsonObject result = outcome.fetched().result();
    if (outcome.fetched().outOfFiles() && table.fileWaits(index) < rules.maxFileWaits()) {
      table.waitForFiles(index);
      window.released(index);
      return new Verdict.Pause(index, rules.fileWaitMs());
    }
    if (spec.retries() > 0 && table.retriesUsed(index) < spec.retries() && RetryRules.retriable(result)) {
      JsonObject error = result.getJsonObject(Results.ERROR);
      JsonObject attempt = new JsonObject().put("attempt", table.attempts(index));
      if (error != null) {
        attempt.put("error", error.getString(Results.ERROR_KIND));
      } else {
        attempt.put("status", result.getInteger(Results.STATUS));
      }
      table.backOff(index, attempt.put("durationMs", Results.round(Results.totalMs(result))));
      window.released(index);
      return new Verdict.Pause(index, rules.backoffMs(table.retriesUsed(index), outcome.fetched().retryAfterMs()));
    }
    return new Verdict.Completed(complete(index, result));
  }

  private void unpin() {
    pinnedFetcher = null;
    pinnedNode = null;
  }

  /**
   * A paused URL's wait is over: it may be sent again.
   *
   * @return false if its run ended meanwhile (nothing to do)
   */
  boolean wake(int index, int generation) {
    if (finished() || generation != runs.generation() || !table.wake(index)) {
      return false;
    }
    window.enqueue(index);
    return true;
  }

  private JsonObject complete(int index, JsonObject fetched) {
    window.released(index);
    return record(index, fetched, runs.sinceRunStart(table.sentAt(index)));
  }

  /** Files the URL's result (as the report shows it) and marks it done. */
  private JsonObject record(int index, JsonObject fetched, double startMs) {
    table.done(index);
    JsonObject result = new JsonObject()
        .put(Results.INDEX, index)
        .put(Results.URL, urls.redacted(index))
        .put(Results.ATTEMPTS, table.attempts(index));
    if (spec.mode() == JobSpec.Mode.COMPARE) {
      result.put(Results.RUN, runs.label());
    }
    result.mergeIn(fetched);
    JsonObject timings = result.getJsonObject(Results.TIMINGS);
    if (timings != null) {
      timings.put(Results.START_MS, Results.round(startMs));
    }
    if (table.history(index) != null) {
      result.put(Results.HISTORY, table.history(index));
    }
    results.put(index, result);
    return result;
  }

  boolean runComplete() {
    return results.complete();
  }

  /**
   * After a run completes: in compare mode the sequential run is followed by the parallel one.
   *
   * @return the results known at the start of the new run, or null when the job is complete
   */
  List<JsonObject> nextRun(long nanos) {
    if (expired || !runs.sequential() || spec.mode() != JobSpec.Mode.COMPARE) {
      return null;
    }
    runs.sequentialEnded(nanos, ReportBuilder.runBlock(results.totals(), runs.sinceRunStart(nanos))
        .put("results", results.toJson()));
    return beginRun(nanos);
  }

  /**
   * The job's deadline passed: nothing more is sent, and every URL not being fetched right now
   * (never started, or waiting to retry) gets a {@code timeout} result. URLs in flight stop by
   * themselves (their fetcher was given the same deadline).
   *
   * @return the new results
   */
  List<JsonObject> expire(long nanos) {
    expired = true;
    window.drainPending();
    List<JsonObject> timedOut = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      UrlState s = table.state(i);
      if (s != UrlState.DONE && s != UrlState.IN_FLIGHT) {
        JsonObject failure = Results.failure(ErrorKind.TIMEOUT, "the job's deadline passed before this URL "
            + (table.attempts(i) == 0 ? "started" : "could be retried"), null, node);
        failure.getJsonObject(Results.ERROR).put(Results.ERROR_PHASE, "queued");
        timedOut.add(record(i, failure, 0));
      }
    }
    return timedOut;
  }

  /** After the deadline's grace: URLs whose fetch did not stop are closed as {@code timeout}. */
  List<JsonObject> expireInFlight(long nanos) {
    return closeOpen(i -> inFlightFailure(i, ErrorKind.TIMEOUT, "the job's deadline passed while fetching", nanos));
  }

  /**
   * Cancels the job: every URL without a result gets a {@code cancelled} one.
   *
   * @return the new results
   */
  List<JsonObject> cancel(long nanos, Instant now) {
    window.drainPending();
    List<JsonObject> cancelled = closeOpen(i -> {
      UrlState s = table.state(i);
      if (s == UrlState.IN_FLIGHT) {
        return inFlightFailure(i, ErrorKind.CANCELLED, "job cancelled while fetching", nanos);
      }
      String when = s == UrlState.WAITING || table.attempts(i) == 0
          ? "before this URL started" : "while this URL waited to be retried";
      return record(i, Results.failure(ErrorKind.CANCELLED, "job cancelled " + when, null, node), 0);
    });
    finish(State.CANCELLED, nanos, now);
    return cancelled;
  }

  private JsonObject inFlightFailure(int index, ErrorKind kind, String message, long nanos) {
    JsonObject failure = Results.failure(kind, message, null, node);
    failure.getJsonObject(Results.TIMINGS)
        .put(Results.TOTAL_MS, Results.round(Results.millis(nanos - table.sentAt(index))));
    return record(index, failure, runs.sinceRunStart(table.sentAt(index)));
  }

  private List<JsonObject> closeOpen(java.util.function.IntFunction<JsonObject> close) {
    List<JsonObject> closed = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      if (table.state(i) != UrlState.DONE) {
        closed.add(close.apply(i));
      }
    }
    return closed;
  }

  void finish(State finalState, long nanos, Instant now) {
    state = finalState;
    runs.ended(nanos, now);
  }

  /** The report so far, results included (decoded again: for live reads, not for the final report). */
  JsonObject report(long nowNanos) {
    return head(nowNanos).put("results", results.toJson());
  }

  /** The final report, encoded: its head, then the results' stored JSON joined as they are. */
  FinishedReport finishedReport(long nowNanos) {
    return ReportBuilder.finished(head(nowNanos), results);
  }

  /** Once the finished report is encoded: the results and parses are let go. */
  void release() {
    results.clear();
    urls.release();
  }

  private JsonObject head(long nowNanos) {
    double durationMs = state == State.QUEUED ? 0 : runs.runDurationMs(nowNanos);
    JsonObject report = ReportBuilder.head(id, state.wireName(), spec.mode().wireName(), createdAt,
        runs.startedAt(), runs.finishedAt(), durationMs, results.totals());
    if (expired) {
      report.put("deadlineExceeded", true);
    }
    if (spec.mode() == JobSpec.Mode.COMPARE) {
      report.put("run", runs.label());
      if (runs.sequentialBlock() != null) {
        report.put("speedup", ReportBuilder.compareSpeedup(runs.sequentialMs(), durationMs));
        report.put("sequential", runs.sequentialBlock());
        report.put("parallel", ReportBuilder.runBlock(results.totals(), durationMs));
      }
    }
    return report;
  }
}
