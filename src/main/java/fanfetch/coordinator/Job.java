package fanfetch.coordinator;

import fanfetch.coordinator.UrlTable.UrlState;
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
 * One job's state, owned by its coordinator: its URLs, its runs ({@code compare} mode runs the job
 * sequentially, then in parallel) and the current {@link Run}. Every change is a method here that
 * only updates state and returns what the coordinator must do; the rule for what a finished send
 * means is {@link #settle}. Plain class: the caller supplies the clock.
 */
final class Job implements Run.Labels {

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
  private final RunSequence runs = new RunSequence();
  private Run run;
  private State state = State.QUEUED;
  private boolean expired;
  /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
  private long deadlineAtNanos;
  /** During a sequential run: the fetcher instance that answered last, and its node (else null). */
  private Pin pin;

  /** A fetcher instance's own address and the cluster node it runs on. */
  record Pin(String fetcher, String node) {
  }

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

  Instant createdAt() {
    return createdAt;
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

  /** URLs of the current run waiting to be sent (not in flight, no result yet). */
  long waiting() {
    return finished() ? 0 : table.size() - table.count(UrlState.DONE) - table.count(UrlState.IN_FLIGHT);
  }

  /** The fetcher a sequential run's next task goes to (the one that answered last), or null. */
  Pin pin() {
    return pin;
  }

  @Override
  public String url(int index) {
    return urls.redacted(index);
  }

  @Override
  public String run() {
    return spec.mode() == JobSpec.Mode.COMPARE ? runs.label() : null;
  }

  /** The URLs as submitted (and parsed), for the fetchers. */
  JobUrls urls() {
    return urls;
  }

  /** Starts the (first) run; returns the results already known (invalid URLs). */
  List<JsonObject> start(long nanos, Instant now) {
    runs.started(now, spec.mode() != JobSpec.Mode.PARALLEL);
    deadlineAtNanos = spec.deadlineMs() > 0 ? nanos + spec.deadlineMs() * 1_000_000 : 0;
    return beginRun(nanos);
  }

  private List<JsonObject> beginRun(long nanos) {
    runs.begin();
    boolean one = runs.sequential();
    run = new Run(table, new TaskWindow(urls.hosts(), urls.valid(), one ? 1 : spec.concurrency(),
        one ? 1 : spec.perHost()), this, nanos);
    List<JsonObject> known = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      if (!urls.isValid(i)) {
        known.add(run.record(i, urls.invalidResult(i, node), 0));
      }
    }
    return known;
  }

  /** The next URL to send now, or -1. */
  int nextTask() {
    return finished() ? -1 : run.next();
  }

  /** The URL {@link #nextTask()} chose was sent. Returns the send's token. */
  int sent(int index, long nanos) {
    state = State.RUNNING;
    return run.send(index, nanos);
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
    SendOutcome.Kind kind = outcome.kind();
    if (kind != SendOutcome.Kind.FETCHED || !runs.sequential()) {
      pin = null;
    }
    switch (kind) {
      case NOT_READY, NODE_LEFT -> {
        run.resend(index, kind == SendOutcome.Kind.NODE_LEFT);
        return Verdict.QUEUED_AGAIN;
      }
      case VANISHED, FAILED -> {
        if (kind == SendOutcome.Kind.VANISHED && table.resends(index) < rules.maxDispatchAttempts() - 1) {
          run.resend(index, true);
          return Verdict.QUEUED_AGAIN;
        }
        return new Verdict.Completed(run.complete(index, Results.failure(ErrorKind.TIMEOUT,
            "no fetcher answered after " + table.attempts(index) + " attempts: " + outcome.detail(), null, node)));
      }
      default -> {
        return fetched(index, outcome);
      }
    }
  }

  private Verdict fetched(int index, SendOutcome outcome) {
    if (runs.sequential()) {
      pin = new Pin(outcome.fetcher(), outcome.fetcherNode());
    }
    JsonObject result = outcome.fetched().result();
    if (outcome.fetched().outOfFiles() && table.fileWaits(index) < rules.maxFileWaits()) {
      run.waitForFiles(index);
      return new Verdict.Pause(index, rules.fileWaitMs());
    }
    if (spec.retries() > 0 && table.retriesUsed(index) < spec.retries() && RetryRules.retriable(result)) {
      run.backOff(index, RetryRules.attemptOf(table.attempts(index), result));
      return new Verdict.Pause(index, rules.backoffMs(table.retriesUsed(index), outcome.fetched().retryAfterMs()));
    }
    return new Verdict.Completed(run.complete(index, result));
  }

  /**
   * A paused URL's wait is over: it may be sent again.
   *
   * @return false if its run ended meanwhile (nothing to do)
   */
  boolean wake(int index, int generation) {
    return !finished() && generation == runs.generation() && run.wake(index);
  }

  boolean runComplete() {
    return run.complete();
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
    double durationMs = run.sinceStart(nanos);
    runs.sequentialEnded(durationMs, ReportBuilder.runBlock(run.results().totals(), durationMs)
        .put("results", run.results().toJson()));
    return beginRun(nanos);
  }

  /**
   * The job's deadline passed: nothing more is sent, and every URL not being fetched right now gets
   * a {@code timeout} result; URLs in flight stop by themselves (their fetcher has the same deadline).
   *
   * @return the new results
   */
  List<JsonObject> expire(long nanos) {
    expired = true;
    return run.expireWaiting(node);
  }

  /** After the deadline's grace: URLs whose fetch did not stop are closed as {@code timeout}. */
  List<JsonObject> expireInFlight(long nanos) {
    return run.expireInFlight(nanos, node);
  }

  /** Cancels the job: every URL without a result gets a {@code cancelled} one. Returns the new results. */
  List<JsonObject> cancel(long nanos, Instant now) {
    List<JsonObject> cancelled = run.cancelOpen(nanos, node);
    finish(State.CANCELLED, nanos, now);
    return cancelled;
  }

  void finish(State finalState, long nanos, Instant now) {
    state = finalState;
    runs.ended(nanos, now);
  }

  /** The report so far, results included (decoded again: for live reads, not for the final report). */
  JsonObject report(long nowNanos) {
    return head(nowNanos).put("results", run.results().toJson());
  }

  /** The final report, encoded: its head, then the results' stored JSON joined as they are. */
  FinishedReport finishedReport(long nowNanos) {
    return ReportBuilder.finished(head(nowNanos), run.results());
  }

  /** Once the finished report is encoded: the results and parses are let go. */
  void release() {
    run.results().clear();
    urls.release();
  }

  private JsonObject head(long nowNanos) {
    double durationMs = state == State.QUEUED ? 0 : run.sinceStart(runs.measuredTo(nowNanos));
    return ReportBuilder.head(this, runs, run.results().totals(), durationMs);
  }
}
