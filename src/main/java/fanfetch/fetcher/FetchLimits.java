package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.protocol.FetchTask;

/**
 * A task's limits as its fetch meets them: how long the whole fetch may take (its {@code timeoutMs},
 * or the job's deadline when that comes first), and what the result says when a limit ends the fetch.
 * Pure.
 */
final class FetchLimits {

  private FetchLimits() {
  }

  /** The whole fetch's time in ms; at least 1, as a Vert.x timer must be. */
  static long overallMs(FetchTask task) {
    return Math.max(1, deadlineFirst(task) ? task.deadlineMs() : task.timeoutMs());
  }

  /** The message of a fetch that {@link #overallMs} ran out on while in {@code phase}. */
  static String overallPassed(FetchTask task, FetchPhase phase) {
    return (deadlineFirst(task) ? "the job's deadline passed"
        : "no complete response within " + task.timeoutMs() + " ms") + " (while " + phase.description() + ")";
  }

  /** The message of a hop that had no connection within {@code connectTimeoutMs}. */
  static String noConnection(FetchTask task, TargetUrl hop) {
    return "no connection to " + hop.hostKey() + " within connectTimeoutMs (" + task.connectTimeoutMs() + " ms)";
  }

  /** The message of a body that went past {@code maxBytes}. */
  static String tooLarge(FetchTask task) {
    return "body larger than maxBytes (" + task.maxBytes() + " bytes)";
  }

  /** The job's deadline (time left when the task was sent; 0 for none) comes before the fetch's own timeout. */
  private static boolean deadlineFirst(FetchTask task) {
    return task.deadlineMs() > 0 && task.deadlineMs() < task.timeoutMs();
  }
}
