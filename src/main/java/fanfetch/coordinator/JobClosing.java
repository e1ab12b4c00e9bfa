package fanfetch.coordinator;

/**
 * How a job closes before its URLs are all fetched, a state machine of its own:
 * {@code OPEN → CANCELLED} (someone cancelled it) or {@code OPEN → EXPIRED} (its deadline passed).
 * The first close wins: a deadline that passes while a cancel closes the job leaves it cancelled,
 * and a cancel after the deadline closes nothing more. Plain class: the caller supplies the clock.
 */
final class JobClosing {

  enum State {
    OPEN, CANCELLED, EXPIRED
  }

  private State state = State.OPEN;
  private long closedAtNanos;
  /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
  private long deadlineAtNanos;

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
  boolean closing() {
    return state != State.OPEN;
  }

  boolean expired() {
    return state == State.EXPIRED;
  }

  boolean cancelled() {
    return state == State.CANCELLED;
  }

  /** @return whether this closed the job (false: it was closing already) */
  boolean cancel(long nanos) {
    return close(State.CANCELLED, nanos);
  }

  /** @return whether this closed the job (false: it was closing already) */
  boolean expire(long nanos) {
    return close(State.EXPIRED, nanos);
  }

  private boolean close(State to, long nanos) {
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
