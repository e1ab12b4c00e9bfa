package fanfetch.coordinator;

import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.FinishedReport;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One job's state, owned by the coordinator: which URLs are done, the window that says what may
 * run next, attempts, and the report. In {@code compare} mode the job runs twice, sequentially
 * and then in parallel. Plain class: the caller supplies the clock.
 */
final class JobRun {

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
  private final String[] hostOf;
  /** Each valid URL parsed once, here, and handed to its fetcher with the task (null: invalid). */
  private final TargetUrl[] targets;
  private final String[] redactedUrl;
  private final JsonObject[] invalid;
  private final int[] schedulable;
  private final int[] attempts;
  private final long[] dispatchedAt;
  /** Earlier attempts of a URL that was retried: {attempt, status or error, durationMs}. */
  private final JsonArray[] history;
  /** Sent to a fetcher and not answered yet (in this run). */
  private final boolean[] inFlight;
  /** The cluster node a task in flight was sent to (null: any fetcher), and that send's number. */
  private final String[] target;
  private final int[] token;
  private final int[] resends;
  /** How often a URL went back to the queue because no file descriptor was left for it. */
  private final int[] fileWaits;
  private boolean expired;

  /** Finished URLs of the current run, kept encoded (see {@link StoredResult}). */
  private StoredResult[] results;
  private int completed;
  private TaskWindow window;
  private boolean sequentialRun;
  private JsonObject sequentialBlock;
  private int generation;
  private State state = State.QUEUED;
  private Instant startedAt;
  private Instant finishedAt;
  private long runStartNanos;
  private long runEndNanos = -1;
  private long sequentialNanos;

  JobRun(String id, JobSpec spec, String node, Instant createdAt) {
    this.id = id;
    this.spec = spec;
    this.node = node;
    this.createdAt = createdAt;
    int n = spec.urls().size();
    hostOf = new String[n];
    targets = new TargetUrl[n];
    redactedUrl = new String[n];
    invalid = new JsonObject[n];
    attempts = new int[n];
    dispatchedAt = new long[n];
    history = new JsonArray[n];
    inFlight = new boolean[n];
    target = new String[n];
    token = new int[n];
    resends = new int[n];
    fileWaits = new int[n];
    int[] order = new int[n];
    int valid = 0;
    for (int i = 0; i < n; i++) {
      String url = spec.urls().get(i);
      redactedUrl[i] = TargetUrl.redact(url);
      try {
        targets[i] = TargetUrl.parse(url);
        hostOf[i] = targets[i].hostKey();
        order[valid++] = i;
      } catch (TargetUrl.InvalidUrlException e) {
        invalid[i] = decorate(i, Results.failure(ErrorKind.INVALID_URL, e.getMessage(), null, node), 0);
      }
    }
    schedulable = Arrays.copyOf(order, valid);
    results = new StoredResult[n];
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

  /** True while the job runs one URL at a time (sequential mode, or compare mode's first run). */
  boolean inSequentialRun() {
    return sequentialRun;
  }

  /** Changes whenever a new run starts, so replies from an earlier run can be told apart. */
  int generation() {
    return generation;
  }

  int attempts(int index) {
    return attempts[index];
  }

  /** Starts the (first) run; returns the results already known (invalid URLs). */
  List<JsonObject> start(long nanos, Instant now) {
    startedAt = now;
    sequentialRun = spec.mode() != JobSpec.Mode.PARALLEL;
    return beginRun(nanos);
  }

  private List<JsonObject> beginRun(long nanos) {
    generation++;
    runStartNanos = nanos;
    completed = 0;
    results = new StoredResult[results.length];
    // attempts count sends within one run: compare mode's parallel run starts again from zero
    Arrays.fill(attempts, 0);
    Arrays.fill(history, null);
    Arrays.fill(resends, 0);
    List<JsonObject> known = new ArrayList<>();
    for (int i = 0; i < invalid.length; i++) {
      if (invalid[i] != null) {
        JsonObject result = invalid[i];
        if (spec.mode() == JobSpec.Mode.COMPARE) {
          // each run reports its own copy, labelled with that run
          result = result.copy().put(Results.RUN, sequentialRun ? "sequential" : "parallel");
        }
        results[i] = StoredResult.of(result);
        completed++;
        known.add(result);
      }
    }
    int concurrency = sequentialRun ? 1 : spec.concurrency();
    int perHost = sequentialRun ? 1 : spec.perHost();
    window = new TaskWindow(hostOf, schedulable, concurrency, perHost);
    return known;
  }

  /**
   * The URL at {@code index} as parsed when the job was accepted, handed over once: a 100,000-URL
   * job does not keep 100,000 parsed URLs it no longer needs (a URL sent again is parsed again by
   * its fetcher). Null if it is invalid or was taken before.
   */
  TargetUrl takeTarget(int index) {
    TargetUrl target = targets[index];
    targets[index] = null;
    return target;
  }

  /** The next task index to dispatch now, or -1. */
  int nextTask() {
    return finished() ? -1 : window.next();
  }

  void dispatched(int index, long nanos) {
    dispatched(index, nanos, null);
  }

  /**
   * A task was sent (to {@code node}'s fetchers, or to any when null).
   *
   * @return this send's number: only the reply to the latest send of a task counts
   */
  int dispatched(int index, long nanos, String node) {
    target[index] = node;
    token[index]++;
    inFlight[index] = true;
    attempts[index]++;
    dispatchedAt[index] = nanos;
    state = State.RUNNING;
    return token[index];
  }

  /** The number of the latest send of a task (see {@link #dispatched(int, long, String)}). */
  int token(int index) {
    return token[index];
  }

  /** Tasks in flight on a cluster node. */
  List<Integer> inFlightOn(String node) {
    List<Integer> on = new ArrayList<>();
    for (int i = 0; i < inFlight.length; i++) {
      if (inFlight[i] && node.equals(target[i])) {
        on.add(i);
      }
    }
    return on;
  }

  /** The task's fetcher never answered: send it again. */
  void resend(int index) {
    inFlight[index] = false;
    resends[index]++;
    window.requeue(index);
  }

  /** Sends the task again without counting it: it never reached a fetcher (none on that node yet). */
  void resendUncounted(int index) {
    inFlight[index] = false;
    attempts[index]--;
    window.requeue(index);
  }

  /**
   * The fetch found no file descriptor for its socket: it did not really start, so it is not an
   * attempt; its slot is free while it waits to be queued again ({@link #retryNow(int)}).
   */
  void waitForFiles(int index) {
    inFlight[index] = false;
    attempts[index]--;
    fileWaits[index]++;
    window.completed(index);
  }

  int fileWaits(int index) {
    return fileWaits[index];
  }

  /** How often this URL was sent again because its fetcher did not answer (retries not counted). */
  int resends(int index) {
    return resends[index];
  }

  /**
   * True when a fetch failed in a way worth another try (connect, reset, timeout; 429, 502, 503,
   * 504) and the job's {@code retries} allow one more attempt.
   */
  boolean shouldRetry(int index, JsonObject fetched) {
    if (history[index] != null && history[index].size() >= spec.retries()) {
      return false;
    }
    if (spec.retries() == 0) {
      return false;
    }
    JsonObject error = fetched.getJsonObject(Results.ERROR);
    if (error != null) {
      String kind = error.getString(Results.ERROR_KIND);
      return ErrorKind.CONNECT.wireName().equals(kind) || ErrorKind.RESET.wireName().equals(kind)
          || ErrorKind.TIMEOUT.wireName().equals(kind);
    }
    Integer status = fetched.getInteger(Results.STATUS);
    return status != null && (status == 429 || status == 502 || status == 503 || status == 504);
  }

  /** How many retries this URL has had so far. */
  int retriesUsed(int index) {
    return history[index] == null ? 0 : history[index].size();
  }

  /** Files a failed attempt in the URL's history and frees its slot while it waits to retry. */
  void attemptFailed(int index, JsonObject fetched) {
    inFlight[index] = false;
    window.completed(index);
    if (history[index] == null) {
      history[index] = new JsonArray();
    }
    JsonObject error = fetched.getJsonObject(Results.ERROR);
    JsonObject entry = new JsonObject().put("attempt", attempts[index]);
    if (error != null) {
      entry.put("error", error.getString(Results.ERROR_KIND));
    } else {
      entry.put("status", fetched.getInteger(Results.STATUS));
    }
    history[index].add(entry.put("durationMs", Results.round(Results.totalMs(fetched))));
  }

  /** A URL's retry backoff is over: it may be dispatched again. */
  void retryNow(int index) {
    if (!finished()) {
      window.enqueue(index);
    }
  }

  /** Records a task's result; returns it as it appears in the report. */
  JsonObject complete(int index, JsonObject fetched) {
    inFlight[index] = false;
    window.completed(index);
    JsonObject result = decorate(index, fetched, Results.millis(dispatchedAt[index] - runStartNanos));
    if (history[index] != null) {
      result.put(Results.HISTORY, history[index]);
    }
    results[index] = StoredResult.of(result);
    completed++;
    return result;
  }

  /** URLs of the current run waiting to be sent (not in flight, no result yet). */
  long waiting() {
    if (finished()) {
      return 0;
    }
    long open = results.length - completed;
    for (boolean f : inFlight) {
      if (f) {
        open--;
      }
    }
    return open;
  }

  boolean runComplete() {
    return completed == results.length;
  }

  /**
   * After a run completes: in compare mode the sequential run is followed by the parallel one.
   *
   * @return the results known at the start of the new run, or null when the job is complete
   */
  List<JsonObject> nextRun(long nanos) {
    if (expired || !sequentialRun || spec.mode() != JobSpec.Mode.COMPARE) {
      return null;
    }
    sequentialNanos = nanos - runStartNanos;
    sequentialBlock = runBlock(sequentialNanos).put("results", resultsArray());
    sequentialRun = false;
    return beginRun(nanos);
  }

  /**
   * The job's deadline passed: nothing more is dispatched, and every URL that is not being fetched
   * right now (never started, or waiting to retry) gets a {@code timeout} result. URLs in flight
   * stop by themselves (their fetcher was given the same deadline).
   *
   * @return the new results
   */
  List<JsonObject> expire(long nanos) {
    expired = true;
    window.drainPending();
    List<JsonObject> timedOut = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null && !inFlight[i]) {
        JsonObject failure = Results.failure(ErrorKind.TIMEOUT,
            "the job's deadline passed before this URL " + (attempts[i] == 0 ? "started" : "could be retried"),
            null, node);
        failure.getJsonObject(Results.ERROR).put(Results.ERROR_PHASE, "queued");
        timedOut.add(record(i, failure, 0));
      }
    }
    return timedOut;
  }

  /** After the deadline's grace: URLs whose fetch did not stop are closed as {@code timeout}. */
  List<JsonObject> expireInFlight(long nanos) {
    List<JsonObject> timedOut = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        JsonObject failure = Results.failure(ErrorKind.TIMEOUT, "the job's deadline passed while fetching", null, node);
        failure.getJsonObject(Results.TIMINGS).put(Results.TOTAL_MS, Results.round(Results.millis(nanos - dispatchedAt[i])));
        timedOut.add(record(i, failure, Results.millis(dispatchedAt[i] - runStartNanos)));
      }
    }
    return timedOut;
  }

  boolean expired() {
    return expired;
  }

  private JsonObject record(int index, JsonObject failure, double startMs) {
    inFlight[index] = false;
    JsonObject result = decorate(index, failure, startMs);
    if (history[index] != null) {
      result.put(Results.HISTORY, history[index]);
    }
    results[index] = StoredResult.of(result);
    completed++;
    return result;
  }

  void finish(State finalState, long nanos, Instant now) {
    state = finalState;
    runEndNanos = nanos;
    finishedAt = now;
  }

  /**
   * Cancels the job: every URL without a result gets a {@code cancelled} one.
   *
   * @return the new results
   */
  List<JsonObject> cancel(long nanos, Instant now) {
    List<JsonObject> cancelled = new ArrayList<>();
    List<Integer> pending = window.drainPending();
    boolean[] neverStarted = new boolean[results.length];
    pending.forEach(i -> neverStarted[i] = true);
    for (int i = 0; i < results.length; i++) {
      if (results[i] != null) {
        continue;
      }
      JsonObject failure;
      double startMs = 0;
      if (neverStarted[i] || attempts[i] == 0) {
        failure = Results.failure(ErrorKind.CANCELLED, "job cancelled before this URL started", null, node);
      } else if (!inFlight[i]) {
        failure = Results.failure(ErrorKind.CANCELLED, "job cancelled while this URL waited to be retried", null,
            node);
      } else {
        failure = Results.failure(ErrorKind.CANCELLED, "job cancelled while fetching", null, node);
        startMs = Results.millis(dispatchedAt[i] - runStartNanos);
        failure.getJsonObject(Results.TIMINGS).put(Results.TOTAL_MS, Results.round(Results.millis(nanos - dispatchedAt[i])));
      }
      cancelled.add(record(i, failure, startMs));
    }
    finish(State.CANCELLED, nanos, now);
    return cancelled;
  }

  /** Once the finished report is encoded: the results as objects are let go. */
  void dropResults() {
    Arrays.fill(results, null);
    Arrays.fill(targets, null);
  }

  /**
   * Everything in the report but its results (which come last): finished URLs only while running;
   * every URL once finished.
   */
  private JsonObject head(long nowNanos) {
    long end = runEndNanos >= 0 ? runEndNanos : nowNanos;
    double durationMs = state == State.QUEUED ? 0 : Results.millis(end - runStartNanos);
    Aggregates.Totals totals = Aggregates.over(results.length, Arrays.asList(results));
    JsonObject report = new JsonObject()
        .put("id", id)
        .put("state", state.wireName())
        .put("mode", spec.mode().wireName())
        .put("createdAt", timestamp(createdAt))
        .put("startedAt", timestamp(startedAt))
        .put("finishedAt", timestamp(finishedAt))
        .put("durationMs", Results.round(durationMs))
        .put("fetchTimeSumMs", Results.round(totals.fetchTimeSumMs()))
        .put("speedup", Aggregates.speedup(totals.fetchTimeSumMs(), durationMs))
        .put("summary", totals.summaryJson());
    if (expired) {
      report.put("deadlineExceeded", true);
    }
    if (spec.mode() == JobSpec.Mode.COMPARE) {
      report.put("run", sequentialRun ? "sequential" : "parallel");
      if (sequentialBlock != null) {
        double sequentialMs = Results.millis(sequentialNanos);
        report.put("speedup", durationMs <= 0 ? 0 : Math.round(sequentialMs / durationMs * 100.0) / 100.0);
        report.put("sequential", sequentialBlock);
        report.put("parallel", runBlock(end - runStartNanos));
      }
    }
    return report;
  }

  /** The report so far, results included (decoded again: for live reads, not for the final report). */
  JsonObject report(long nowNanos) {
    return head(nowNanos).put("results", resultsArray());
  }

  /**
   * The final report, encoded: its head, then the results' stored JSON joined as they are (no
   * object tree for the results is built, and no buffer bigger than the report).
   */
  FinishedReport finishedReport(long nowNanos) {
    List<byte[]> parts = new ArrayList<>(completed);
    for (StoredResult r : results) {
      if (r != null) {
        parts.add(r.json());
      }
    }
    return FinishedReport.of(head(nowNanos), parts);
  }

  /** ISO-8601 UTC to the millisecond, or null. */
  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
  }

  private JsonObject runBlock(long durationNanos) {
    Aggregates.Totals totals = Aggregates.over(results.length, Arrays.asList(results));
    double durationMs = Results.millis(durationNanos);
    return new JsonObject()
        .put("durationMs", Results.round(durationMs))
        .put("fetchTimeSumMs", Results.round(totals.fetchTimeSumMs()))
        .put("speedup", Aggregates.speedup(totals.fetchTimeSumMs(), durationMs))
        .put("summary", totals.summaryJson());
  }

  private JsonArray resultsArray() {
    JsonArray array = new JsonArray(new ArrayList<>(results.length));
    for (StoredResult r : results) {
      if (r != null) {
        array.add(r.toJson());
      }
    }
    return array;
  }

  private JsonObject decorate(int index, JsonObject fetched, double startMs) {
    JsonObject result = new JsonObject()
        .put(Results.INDEX, index)
        .put(Results.URL, redactedUrl[index])
        .put(Results.ATTEMPTS, attempts[index]);
    if (spec.mode() == JobSpec.Mode.COMPARE) {
      result.put(Results.RUN, sequentialRun ? "sequential" : "parallel");
    }
    result.mergeIn(fetched);
    JsonObject timings = result.getJsonObject(Results.TIMINGS);
    if (timings != null) {
      timings.put(Results.START_MS, Results.round(startMs));
    }
    return result;
  }
}
