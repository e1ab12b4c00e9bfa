package fanfetch.model;

import io.vertx.core.json.JsonObject;

/**
 * The report of a job that still runs, built by its coordinator for one reader: handed to a
 * fanfetch reader on the same node without a copy (see {@link SharedCodec}), as JSON across nodes.
 */
public record LiveReport(JsonObject json) implements Report {

  @Override
  public JsonObject toJson() {
    return json;
  }
}
