package fanfetch.fetcher;

import fanfetch.protocol.FetchTask;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fetcher's log lines. Each names its job and the URL's position, never the URL, a header or
 * an exception's message (any of them may hold a credential): a fault is described by its type
 * and where in fanfetch it was thrown.
 */
final class FetcherLog {

  private static final Logger LOG = Logger.getLogger("fanfetch.fetcher");
  private static final int FRAMES = 6;

  private FetcherLog() {
  }

  /** A fault inside fanfetch ended one fetch (that URL got a {@code protocol} result). */
  static void crashed(FetchTask task, FetchPhase phase, Throwable fault) {
    if (LOG.isLoggable(Level.WARNING)) {
      LOG.warning("job " + jobId(task) + " URL #" + (task == null ? "?" : task.index()) + ": fetch ended by a fault in"
          + " fanfetch while " + phase.description() + ": " + describe(fault));
    }
  }

  /** A task could not even be started; it was answered with a {@code protocol} result. */
  static void refused(FetchTask task, Throwable fault) {
    if (LOG.isLoggable(Level.WARNING)) {
      LOG.warning("job " + jobId(task) + " URL #" + (task == null ? "?" : task.index())
          + ": task could not be started: " + describe(fault));
    }
  }

  static void taskReceived(FetchTask task) {
    if (LOG.isLoggable(Level.FINEST)) {
      LOG.finest("job " + jobId(task) + " URL #" + task.index() + ": fetch started (attempt " + task.attempt() + ")");
    }
  }

  /** The fault's type and its innermost fanfetch frames; no message. */
  static String describe(Throwable fault) {
    StringBuilder text = new StringBuilder(fault.getClass().getName());
    StackTraceElement[] frames = fault.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
      text.append(i == 0 ? " at " : " < ").append(frames[i].getClassName()).append('.')
          .append(frames[i].getMethodName()).append(':').append(frames[i].getLineNumber());
    }
    return text.toString();
  }

  private static String jobId(FetchTask task) {
    return task == null ? "?" : String.valueOf(task.jobId());
  }
}
