package fanfetch.model;

import io.vertx.core.json.JsonObject;

/**
 * A job's report without its results: everything the Report holds but {@code results} (and, in
 * compare mode, {@code sequential.results}), which the job store keeps and readers stream from it.
 * Built by the job's coordinator (or kept in its record once the job is finished), read-only once
 * handed over: fanfetch's own readers on the same node get it without a copy ({@link SharedCodec}).
 */
public record ReportHead(JsonObject json) {

  public String id() {
    return json.getString("id");
  }

  public String state() {
    return json.getString("state");
  }

  public boolean finished() {
    String state = state();
    return "done".equals(state) || "cancelled".equals(state) || "lost".equals(state);
  }

  /** Compare mode: the results are two runs' (the sequential run is run 1, the parallel run 2). */
  public boolean compare() {
    return "compare".equals(json.getString("mode"));
  }

  /** How many URLs the job has. */
  public int urls() {
    JsonObject summary = json.getJsonObject("summary");
    return summary == null ? 0 : summary.getInteger("total", 0);
  }

  /** The run whose results are the report's top-level {@code results}. */
  public int mainRun() {
    return compare() ? 2 : 1;
  }
}
