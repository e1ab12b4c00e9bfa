package fanfetch.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;

/**
 * A finished URL as the job store keeps it: the result's JSON, encoded once when it arrives, and
 * beside it the few figures a summary adds up, so that a coordinator taking a job over recounts
 * its totals without parsing a single result.
 *
 * @param status   the HTTP status, or null without an answer
 * @param totalUs  the fetch's total time in microseconds (the report's precision)
 * @param queueUs  how long the URL waited before it was sent, in microseconds
 * @param queuedBy the limit that held it back ({@link #HOLDS}), or null
 */
public record StoredResult(int index, byte[] json, boolean ok, long bytes, Integer status, long totalUs,
                           long queueUs, String queuedBy) {

  /** The limits a URL can be held back by, in a fixed order (the stored form keeps the position). */
  public static final java.util.List<String> HOLDS = java.util.List.of("concurrency", "perHost", "nodeInFlight",
      "rate", "nodePerHost");

  /** Stored form: ok (1), status (4, -1 for none), bytes (8), totalUs (8), queueUs (8), hold (1), the JSON. */
  private static final int HEADER = 1 + 4 + 8 + 8 + 8 + 1;

  public StoredResult(int index, byte[] json, boolean ok, long bytes, Integer status, long totalUs) {
    this(index, json, ok, bytes, status, totalUs, 0, null);
  }

  public static StoredResult of(int index, JsonObject result, byte[] json) {
    Number bytes = result.getNumber("bytes");
    JsonObject timings = result.getJsonObject("timings");
    Number total = timings == null ? null : timings.getNumber("totalMs");
    Number queue = result.getNumber("queueMs");
    return new StoredResult(index, json, Boolean.TRUE.equals(result.getBoolean("ok")),
        bytes == null ? 0 : bytes.longValue(), result.getInteger("status"),
        total == null ? 0 : Math.round(total.doubleValue() * 1000),
        queue == null ? 0 : Math.round(queue.doubleValue() * 1000), result.getString("queuedBy"));
  }

  public double totalMs() {
    return totalUs / 1000.0;
  }

  /** The result as an object again. */
  public JsonObject toJson() {
    return new JsonObject(Buffer.buffer(json));
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + json.length);
    out.put((byte) (ok ? 1 : 0)).putInt(status == null ? -1 : status).putLong(bytes).putLong(totalUs)
        .putLong(queueUs).put((byte) (queuedBy == null ? -1 : HOLDS.indexOf(queuedBy))).put(json);
    return out.array();
  }

  static StoredResult decode(int index, byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    boolean ok = in.get() == 1;
    int status = in.getInt();
    long bytes = in.getLong();
    long totalUs = in.getLong();
    long queueUs = in.getLong();
    byte hold = in.get();
    byte[] json = new byte[stored.length - HEADER];
    in.get(json);
    return new StoredResult(index, json, ok, bytes, status < 0 ? null : status, totalUs, queueUs,
        hold < 0 ? null : HOLDS.get(hold));
  }
}
