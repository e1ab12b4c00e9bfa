package fanfetch.model;

import io.vertx.core.json.JsonObject;

/**
 * A job's final report. It is never changed once the job has finished, so the local job store
 * and the event bus may hand out this one instance instead of deep-copying it at every put, get
 * and delivery (a 100,000-URL report is about 100 MB of objects; each copy would cost as much
 * again). In a cluster it travels as JSON like any {@link JsonObject}, and arrives as one of these.
 */
public final class FinishedReport extends JsonObject {

  /** For the cluster's deserialization. */
  public FinishedReport() {
  }

  public FinishedReport(JsonObject report) {
    super(report.getMap());
  }

  /** The same instance: nobody changes a finished report. */
  @Override
  public JsonObject copy() {
    return this;
  }
}
