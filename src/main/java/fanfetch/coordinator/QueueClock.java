package fanfetch.coordinator;

import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * How long each URL of a run waited before it was sent, and which limit held it back: its host's
 * ({@code perHost}, the rate, the node-wide cap) when the window parked it, else the node's
 * in-flight credit if that ran out while it waited, else the job's own {@code concurrency} if the
 * window was full meanwhile. A wait no limit explains (URLs still being read from the store or
 * parsed, a cold start) names none. A URL waits from its run's start, or from the moment it was
 * queued again (a retry, a resend). Plain class.
 */
final class QueueClock {

  /** Below this a wait is the dispatch itself, not a limit: no cause is named. */
  private static final long NOTICEABLE_NANOS = 1_000_000;

  private record Wait(double ms, String cause) {
  }

  /** URLs queued again, and when. */
  private final Map<Integer, Long> readyAt = new HashMap<>();
  /** URLs sent and not recorded yet, with their wait. */
  private final Map<Integer, Wait> waited = new HashMap<>();
  private long runStartNanos;
  private boolean sequential;

  /** A run begins: every URL waits from now (a sequential run's waits are its nature, not a limit's). */
  void begin(long nanos, boolean sequentialRun) {
    runStartNanos = nanos;
    sequential = sequentialRun;
    readyAt.clear();
    waited.clear();
  }

  /** The URL is queued again (retry, resend) and waits from now. */
  void ready(int index, long nanos) {
    readyAt.put(index, nanos);
  }

  /**
   * The URL was sent.
   *
   * @param hold         what the window held it back by, or null
   * @param nodeFullAt   when the node's in-flight credit last ran out with work waiting (0: never)
   * @param windowFullAt when the job's window last had {@code concurrency} in flight with work waiting (0: never)
   */
  void sent(int index, long nanos, TaskWindow.Hold hold, long nodeFullAt, long windowFullAt) {
    Long again = readyAt.remove(index);
    long since = again != null ? again : runStartNanos;
    long queued = Math.max(0, nanos - since);
    String cause = null;
    if (!sequential && queued >= NOTICEABLE_NANOS) {
      cause = hold != null ? hold.wireName
          : nodeFullAt != 0 && nodeFullAt >= since ? "nodeInFlight"
          : windowFullAt != 0 && windowFullAt >= since ? "concurrency" : null;
    }
    waited.put(index, new Wait(Results.millis(queued), cause));
  }

  /** Adds the URL's wait to its result ({@code queueMs}, {@code queuedBy}); a URL never sent waited 0. */
  void decorate(int index, JsonObject result) {
    Wait wait = waited.remove(index);
    result.put(Results.QUEUE_MS, wait == null ? 0.0 : Results.round(wait.ms()));
    result.put(Results.QUEUED_BY, wait == null ? null : wait.cause());
  }
}
