package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;

import java.util.List;
import java.util.function.Supplier;

/**
 * How a job closes before its URLs are all fetched, a state machine of its own:
 * {@code OPEN → CANCELLED} (someone cancelled it) or {@code OPEN → EXPIRED} (its deadline passed).
 * The first close wins: a deadline that passes while a cancel closes the job leaves it cancelled,
 * and a cancel after the deadline closes nothing more. Closing gives each of the current run's open
 * URLs its result ({@code cancelled}, or {@code timeout}). Plain class: the caller supplies the clock.
 */
final class JobClosing {

  enum State {
    OPEN, CANCELLED, EXPIRED
  }

  /** The node the results are made on. */
  private final String node;
  /** The job's current run, whose open URLs a close closes. */
  private final Supplier<Run> run;
  private State state = State.OPEN;
  private long closedAtNanos;
  /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
  private long deadlineAtNanos;

  JobClosing(String node, Supplier<Run> run) {
    this.node = node;
    this.run = run;
  }

  /** The job's deadline is {@code inMs} after {@code nanos} (at least 1 ms: a deadline already due passes at once). */
  void deadline(long nanos, long inMs) {
    deadlineAtNanos = nanos + Math.max(1, inMs) * 1_000_000;
  }

  long deadlineAtNanos() {
    return deadlineAtNanos;
  }

  State state() {
    return state;
  }

  /** Whether the job is closing (or closed): its open URLs get their closing result. */
  boolean underway() {
    return state != State.OPEN;
  }

  boolean expired() {
    return state == State.EXPIRED;
  }

  boolean cancelled() {
    return state == State.CANCELLED;
  }

  /**
   * Cancels the job: every URL without a result gets a {@code cancelled} one (those not loaded yet
   * as their chunks load; the job is finished once all have one).
   *
   * @return the new results (none when the job was closing already)
   */
  List<Recorded> cancel(long nanos) {
    return closeAs(State.CANCELLED, nanos) ? run.get().cancelOpen(nanos, node) : List.of();
  }

  /**
   * The job's deadline passed: nothing more is sent, and every URL not being fetched right now gets
   * a {@code timeout} result (those not loaded yet as their chunks load); URLs in flight stop by
   * themselves (their fetcher has the same deadline).
   *
   * @return the new results (none when the job was closing already)
   */
  List<Recorded> expire(long nanos) {
    return closeAs(State.EXPIRED, nanos) ? run.get().expireWaiting(node) : List.of();
  }

  /** After the deadline's grace: URLs whose fetch did not stop are closed as {@code timeout}. */
  List<Recorded> expireInFlight(long nanos) {
    return run.get().expireInFlight(nanos, node);
  }

  /** The result of a URL the job closes before it started: cancelled, or past the deadline. */
  Recorded resultBeforeStart(int index) {
    return cancelled()
        ? run.get().record(index, Results.failure(ErrorKind.CANCELLED, "job cancelled before this URL started", null, node), 0)
        : run.get().expiredBeforeStart(index, node);
  }

  /** The state a job ends in: cancelled if it was, else done. */
  Job.State endState() {
    return cancelled() ? Job.State.CANCELLED : Job.State.DONE;
  }

  /** When the current run ended, as of {@code nowNanos}: a cancelled one at the cancel, see {@link #runEndNanos(long, long)}. */
  long runEndNanos(long nowNanos) {
    return runEndNanos(run.get().startNanos(), nowNanos);
  }

  /** The transition: {@code OPEN → to}. @return whether this closed the job (false: it was closing already) */
  boolean closeAs(State to, long nanos) {
    if (state != State.OPEN) {
      return false;
    }
    state = to;
    closedAtNanos = nanos;
    return true;
  }

  /** Whether something that starts {@code delayMs} after {@code nowNanos} starts before the deadline. */
  boolean beforeTheDeadline(long nowNanos, long delayMs) {
    return deadlineAtNanos == 0 || nowNanos + delayMs * 1_000_000 < deadlineAtNanos;
  }

  /**
   * When a run that started at {@code runStartNanos} ended, as of {@code nowNanos}: a cancelled
   * one at the cancel (or as it began, if it began after the cancel, only to close its URLs),
   * not when its last URL was closed.
   */
  long runEndNanos(long runStartNanos, long nowNanos) {
    return state == State.CANCELLED ? Math.max(closedAtNanos, runStartNanos) : nowNanos;
  }
}
