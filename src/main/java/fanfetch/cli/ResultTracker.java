package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.BitSet;

/**
 * Counts the results of one job as they come in (live progress events and report snapshots may
 * overlap): each URL counts once per run, by {@code index} (and {@code run} in compare mode).
 * Thread-safe: events arrive on an event loop while the command's thread reads snapshots.
 */
public final class ResultTracker {

  private final int urls;
  private final BitSet seen = new BitSet();
  private final BitSet seenSequential = new BitSet();
  private boolean compare;
  private int ok;
  private int failed;

  public ResultTracker(int urls) {
    this.urls = urls;
  }

  /** @return whether this result was new */
  public synchronized boolean add(JsonObject result) {
    int index = result.getInteger("index", -1);
    if (index < 0) {
      return false;
    }
    String run = result.getString("run");
    if (run != null) {
      compare = true;
    }
    BitSet set = "sequential".equals(run) ? seenSequential : seen;
    if (set.get(index)) {
      return false;
    }
    set.set(index);
    if (result.getBoolean("ok", false)) {
      ok++;
    } else {
      failed++;
    }
    return true;
  }

  /** Adds what a report (a snapshot or the final one) holds that was not seen yet. */
  public synchronized void addAll(JsonObject report) {
    if (report.getJsonObject("sequential") != null || report.getString("run") != null) {
      compare = true;
    }
    JsonObject sequential = report.getJsonObject("sequential");
    if (sequential != null) {
      addArray(sequential.getJsonArray("results", new JsonArray()));
    }
    addArray(report.getJsonArray("results", new JsonArray()));
  }

  private void addArray(JsonArray results) {
    for (int i = 0; i < results.size(); i++) {
      add(results.getJsonObject(i));
    }
  }

  /** How many results to expect: one per URL, twice in compare mode. */
  public synchronized int expected() {
    return compare ? 2 * urls : urls;
  }

  public synchronized int done() {
    return ok + failed;
  }

  public synchronized int ok() {
    return ok;
  }

  public synchronized int failed() {
    return failed;
  }
}
