package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.store.JobStore;
import fanfetch.store.StaleEpochException;
import fanfetch.store.StoredResult;
import io.vertx.core.Context;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes finished URLs to the job store: the results one turn of the event loop gathered, as one
 * write per job and run, under the job's epoch. A result is published only once it is stored, so
 * nothing a reader saw can vanish if the node dies; a write refused for a stale epoch means another
 * node took the job over.
 */
final class ResultWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
  /** Pause before a write that failed (the store unreachable for a moment) is tried again. */
  private static final long RETRY_MS = 1_000;

  /** What becomes of the writes. */
  interface Listener {
    /** The results are stored (each for the first time or not: the store ignores repeats). */
    void stored(LiveJob live, List<Recorded> results);

    /** Another node holds the job now. */
    void superseded(LiveJob live);
  }

  private record Key(LiveJob live, int run) {
  }

  private final Context context;
  private final JobStore store;
  private final Listener listener;
  private final Map<Key, List<Recorded>> buffered = new LinkedHashMap<>();
  /** Writes under way (or waiting to be retried), by job. */
  private final Map<LiveJob, Integer> writing = new HashMap<>();
  private boolean flushScheduled;

  ResultWriter(Context context, JobStore store, Listener listener) {
    this.context = context;
    this.store = store;
    this.listener = listener;
  }

  void add(LiveJob live, int run, List<Recorded> results) {
    if (results.isEmpty()) {
      return;
    }
    buffered.computeIfAbsent(new Key(live, run), k -> new ArrayList<>()).addAll(results);
    writing.merge(live, results.size(), Integer::sum);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  /** Whether the job has no result waiting to be stored. */
  boolean idle(LiveJob live) {
    return !writing.containsKey(live);
  }

  private void flush() {
    flushScheduled = false;
    Map<Key, List<Recorded>> batches = new LinkedHashMap<>(buffered);
    buffered.clear();
    batches.forEach(this::write);
  }

  private void write(Key key, List<Recorded> results) {
    List<StoredResult> stored = new ArrayList<>(results.size());
    results.forEach(r -> stored.add(r.stored()));
    LiveJob live = key.live();
    store.putResults(live.id(), key.run(), live.epoch, stored).onComplete(done -> {
      if (done.succeeded()) {
        finished(live, results.size());
        listener.stored(live, results);
      } else if (done.cause() instanceof StaleEpochException) {
        finished(live, results.size());
        listener.superseded(live);
      } else {
        LOG.warn("job " + live.id() + ": " + results.size() + " results not stored (" + done.cause().getMessage()
            + "), trying again");
        context.owner().setTimer(RETRY_MS, t -> write(key, results));
      }
    });
  }

  /** {@code count} results of the job are written (or given up). */
  private void finished(LiveJob live, int count) {
    writing.computeIfPresent(live, (l, n) -> n > count ? n - count : null);
  }

  /** The job is no longer ours: what is buffered for it is dropped. */
  void forget(LiveJob live) {
    buffered.keySet().removeIf(key -> key.live() == live);
    writing.remove(live);
  }
}
