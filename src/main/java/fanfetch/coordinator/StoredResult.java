package fanfetch.coordinator;

import fanfetch.model.FastJson;
import fanfetch.model.Results;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A finished URL as its job keeps it: the result's JSON, encoded once when it arrives (about a
 * third of the memory of the {@link JsonObject}, and the final report is then just these bytes
 * joined), plus the few figures the summary adds up.
 */
record StoredResult(byte[] json, boolean ok, long bytes, Integer status, double totalMs)
    implements Aggregates.Outcome {

  static StoredResult of(JsonObject result) {
    Number bytes = result.getNumber(Results.BYTES);
    return new StoredResult(FastJson.encode(result), Boolean.TRUE.equals(result.getBoolean(Results.OK)),
        bytes == null ? 0 : bytes.longValue(), result.getInteger(Results.STATUS), Results.totalMs(result));
  }

  /** The result as an object again (live reports, compare mode's sequential block). */
  JsonObject toJson() {
    return new JsonObject(Buffer.buffer(json));
  }
}
