package fanfetch.store;

import fanfetch.model.ReportHead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A whole report as one object: the head with its results read from the store (compare mode's
 * sequential run into {@code sequential.results}). For event-bus clients that ask for the Report
 * itself; HTTP readers get it streamed instead.
 */
public final class StoredReports {

  private StoredReports() {
  }

  public static Future<JsonObject> assemble(JobStore store, ReportHead head) {
    JsonObject report = head.json().copy();
    Future<Void> sequential = Future.succeededFuture();
    JsonObject block = report.getJsonObject("sequential");
    if (head.compare() && block != null) {
      JsonArray runOne = new JsonArray();
      block.put("results", runOne);
      sequential = read(store, head.id(), 1, JobStore.chunks(head.urls()), 0, runOne);
    }
    JsonArray results = new JsonArray();
    report.put("results", results);
    return sequential.compose(v -> read(store, head.id(), head.mainRun(), JobStore.chunks(head.urls()), 0, results))
        .map(report);
  }

  private static Future<Void> read(JobStore store, String id, int run, int chunks, int chunk, JsonArray into) {
    if (chunk >= chunks) {
      return Future.succeededFuture();
    }
    return store.results(id, run, chunk).compose(page -> {
      page.forEach(r -> into.add(r.toJson()));
      return read(store, id, run, chunks, chunk + 1, into);
    });
  }
}
