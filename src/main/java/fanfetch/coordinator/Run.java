package fanfetch.coordinator;

import fanfetch.coordinator.UrlTable.UrlState;
import fanfetch.model.ErrorKind;
import fanfetch.model.FastJson;
import fanfetch.model.Results;
import fanfetch.store.StoredResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One pass over a job's URLs (a job has one, or two in {@code compare} mode): each URL's state
 * ({@link UrlTable}), the window that picks what goes next ({@link TaskWindow}) and the run's
 * figures ({@link RunTotals}). Every transition moves the table and the window together, so a URL's
 * slot is taken exactly while it is in flight. A URL's result leaves as a {@link Recorded}, for the
 * coordinator to store and publish. Plain class.
 */
final class Run {

  private static final Set<UrlState> OPEN = EnumSet.complementOf(EnumSet.of(UrlState.DONE));
  private static final Set<UrlState> NOT_FETCHING = EnumSet.of(UrlState.WAITING, UrlState.BACKING_OFF,
      UrlState.WAITING_FILES);

  /** What a result is decorated with, and what is told when a URL is done. */
  interface Labels {
    String url(int index);

    /** Whether the URL is loaded (one not loaded yet gets its result when its chunk comes). */
    boolean loaded(int index);

    /** {@code sequential} or {@code parallel} in compare mode, else null. */
    String runLabel();

    /** The URL has its result in this run. */
    void done(int index);

    /** Anything else the job adds to a result (its wait before it was sent). */
    void decorate(int index, JsonObject result);
  }

  /** A URL's result as the report shows it, and as the store keeps it (encoded once). */
  record Recorded(JsonObject result, StoredResult stored) {
  }

  private final int number;
  private final UrlTable table;
  private final TaskWindow window;
  private final RunTotals totals;
  private final Labels labels;
  private final long startNanos;

  /** @param number 1 for a job's first run, 2 for compare mode's parallel run */
  Run(int number, UrlTable table, TaskWindow window, Labels labels, long startNanos) {
    this.number = number;
    this.table = table;
    this.window = window;
    this.totals = new RunTotals(table.size());
    this.labels = labels;
    this.startNanos = startNanos;
    table.reset();
  }

  int number() {
    return number;
  }

  UrlTable table() {
    return table;
  }

  TaskWindow window() {
    return window;
  }

  RunTotals totals() {
    return totals;
  }

  long startNanos() {
    return startNanos;
  }

  boolean complete() {
    return table.count(UrlState.DONE) == table.size();
  }

  /** Milliseconds from this run's start to {@code nanos}. */
  double sinceStart(long nanos) {
    return Results.millis(nanos - startNanos);
  }

  /** The next URL to send now (the caller sends it at once), or -1. */
  int next(long nowNanos) {
    return window.next(table.count(UrlState.IN_FLIGHT), nowNanos);
  }

  int send(int index, long nanos) {
    return table.send(index, nanos);
  }

  /** Its fetcher vanished: it goes again, ahead of untouched URLs. */
  void resend(int index, boolean counted) {
    if (counted) {
      table.resend(index);
    } else {
      table.resendUncounted(index);
    }
    window.requeue(index);
  }

  /**
   * A retriable failure: its slot is free while it backs off. The URL's history gets the fetcher's
   * own entries for that attempt (connections it had to give up), then the attempt itself.
   */
  void backOff(int index, JsonObject failedAttempt, JsonArray fetcherHistory) {
    table.backOff(index, failedAttempt, fetcherHistory);
    window.released(index);
  }

  /** No file descriptor was left for it: its slot is free while it waits. */
  void waitForFiles(int index) {
    table.waitForFiles(index);
    window.released(index);
  }

  /** A paused URL may go again; false if it was not pausing (closed meanwhile). */
  boolean wake(int index) {
    if (!table.wake(index)) {
      return false;
    }
    window.enqueue(index);
    return true;
  }

  /** The fetcher's answer is the URL's result. */
  Recorded complete(int index, JsonObject fetched) {
    window.released(index);
    return record(index, fetched, sinceStart(table.sentAt(index)));
  }

  /** A result of an earlier coordinator of this job, read from the store: the URL is done. */
  void alreadyDone(int index, StoredResult stored) {
    table.done(index);
    totals.add(stored);
  }

  /** Files the URL's result (decorated with index, URL, attempts, run, start, history) and marks it done. */
  Recorded record(int index, JsonObject fetched, double startMs) {
    JsonObject result = new JsonObject()
        .put(Results.INDEX, index)
        .put(Results.URL, labels.url(index))
        .put(Results.ATTEMPTS, table.attempts(index));
    if (labels.runLabel() != null) {
      result.put(Results.RUN, labels.runLabel());
    }
    result.mergeIn(fetched);
    JsonObject timings = result.getJsonObject(Results.TIMINGS);
    if (timings != null) {
      timings.put(Results.START_MS, Results.round(startMs));
    }
    labels.decorate(index, result);
    JsonArray history = table.history(index);
    if (history != null) {
      // Earlier attempts first, then what the fetcher noted of this one.
      JsonArray own = fetched.getJsonArray(Results.HISTORY);
      JsonArray all = history.copy();
      if (own != null) {
        all.addAll(own);
      }
      result.put(Results.HISTORY, all);
    }
    table.done(index);
    StoredResult stored = StoredResult.of(index, result, FastJson.encode(result));
    totals.add(stored);
    labels.done(index);
    return new Recorded(result, stored);
  }

  /** The job's deadline passed: every URL not being fetched (never started, or pausing) times out, {@code queued}. */
  List<Recorded> expireWaiting(String node) {
    return close(NOT_FETCHING, i -> expiredBeforeStart(i, node));
  }

  /** A URL not being fetched when the deadline passed: {@code timeout}, phase {@code queued}. */
  Recorded expiredBeforeStart(int index, String node) {
    JsonObject failure = Results.failure(ErrorKind.TIMEOUT, "the job's deadline passed before this URL "
        + (table.attempts(index) == 0 ? "started" : "could be retried"), null, node);
    failure.getJsonObject(Results.ERROR).put(Results.ERROR_PHASE, "queued");
    return record(index, failure, 0);
  }

  /** After the deadline's grace: every URL still open times out. */
  List<Recorded> expireInFlight(long nanos, String node) {
    return close(OPEN, i -> inFlightFailure(i, ErrorKind.TIMEOUT, "the job's deadline passed while fetching", nanos,
        node));
  }

  /** The job was cancelled: every open URL gets a {@code cancelled} result saying where it was. */
  List<Recorded> cancelOpen(long nanos, String node) {
    return close(OPEN, i -> {
      UrlState s = table.state(i);
      if (s == UrlState.IN_FLIGHT) {
        return inFlightFailure(i, ErrorKind.CANCELLED, "job cancelled while fetching", nanos, node);
      }
      String when = s == UrlState.WAITING || table.attempts(i) == 0
          ? "before this URL started" : "while this URL waited to be retried";
      return record(i, Results.failure(ErrorKind.CANCELLED, "job cancelled " + when, null, node), 0);
    });
  }

  /** A URL closed while in flight: its time so far is its total. */
  private Recorded inFlightFailure(int index, ErrorKind kind, String message, long nanos, String node) {
    if (table.state(index) == UrlState.IN_FLIGHT) {
      // Its host's slots (the job's and the node's) are free: its answer, if it comes, counts for nothing.
      window.released(index);
    }
    JsonObject failure = Results.failure(kind, message, null, node);
    failure.getJsonObject(Results.TIMINGS)
        .put(Results.TOTAL_MS, Results.round(Results.millis(nanos - table.sentAt(index))));
    return record(index, failure, sinceStart(table.sentAt(index)));
  }

  /**
   * Closes the URLs in the given states: those waiting to be sent leave the window, and each gets
   * the result {@code close} makes of it (which records it).
   */
  private List<Recorded> close(Set<UrlState> which, IntFunction<Recorded> close) {
    window.drainPending();
    List<Recorded> closed = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      // URLs whose chunk is not loaded yet are closed as it loads (the job is closing by then).
      if (which.contains(table.state(i)) && labels.loaded(i)) {
        closed.add(close.apply(i));
      }
    }
    return closed;
  }
}
