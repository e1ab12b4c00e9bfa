package fanfetch.coordinator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The finished URLs of one run, by index, each kept encoded as it arrived (see {@link StoredResult}). */
final class RunResults {

  private final StoredResult[] results;
  private int completed;

  RunResults(int size) {
    results = new StoredResult[size];
  }

  void put(int index, JsonObject result) {
    if (results[index] == null) {
      completed++;
    }
    results[index] = StoredResult.of(result);
  }

  int completed() {
    return completed;
  }

  boolean complete() {
    return completed == results.length;
  }

  Aggregates.Totals totals() {
    return Aggregates.over(results.length, Arrays.asList(results));
  }

  /** The results' JSON, in index order, for the final report. */
  List<byte[]> encoded() {
    List<byte[]> parts = new ArrayList<>(completed);
    for (StoredResult r : results) {
      if (r != null) {
        parts.add(r.json());
      }
    }
    return parts;
  }

  /** The results decoded again, in index order (live reports, compare mode's sequential block). */
  JsonArray toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(completed));
    for (StoredResult r : results) {
      if (r != null) {
        array.add(r.toJson());
      }
    }
    return array;
  }

  /** Once the finished report is encoded, the results are let go. */
  void clear() {
    Arrays.fill(results, null);
  }
}
