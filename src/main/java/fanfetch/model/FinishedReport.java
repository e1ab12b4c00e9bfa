package fanfetch.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.ClusterSerializable;
import io.vertx.core.shareddata.Shareable;

/**
 * A job's final report, kept as its encoded JSON: about a third of the memory of the same report
 * as {@link JsonObject}s (a 100,000-URL report is ~47 MB of JSON, ~150 MB of objects), encoded
 * once when the job finishes, and served as it is. It never changes, so the local job store and
 * the event bus hand out this one instance instead of copying it; in a cluster it travels as its
 * bytes.
 */
public final class FinishedReport implements Report, ClusterSerializable, Shareable {

  private byte[] json;

  /** For the cluster's deserialization ({@link #readFromBuffer}). */
  public FinishedReport() {
  }

  private FinishedReport(byte[] json) {
    this.json = json;
  }

  public static FinishedReport of(JsonObject report) {
    return new FinishedReport(report.toBuffer().getBytes());
  }

  /**
   * The report made of its head (every field but the results) and its results' JSON, joined into
   * one array of exactly the report's size: {@code {...head, "results": [r0, r1, ...]}}.
   */
  public static FinishedReport of(JsonObject head, java.util.List<byte[]> results) {
    byte[] open = head.toBuffer().getBytes();
    byte[] key = ((head.isEmpty() ? "" : ",") + "\"results\":[").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long size = open.length - 1 + key.length + Math.max(0, results.size() - 1) + 2;
    for (byte[] r : results) {
      size += r.length;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("report of " + size + " bytes is too large to keep");
    }
    byte[] json = new byte[(int) size];
    System.arraycopy(open, 0, json, 0, open.length - 1);
    int at = open.length - 1;
    System.arraycopy(key, 0, json, at, key.length);
    at += key.length;
    for (int i = 0; i < results.size(); i++) {
      if (i > 0) {
        json[at++] = ',';
      }
      byte[] r = results.get(i);
      System.arraycopy(r, 0, json, at, r.length);
      at += r.length;
    }
    json[at++] = ']';
    json[at] = '}';
    return new FinishedReport(json);
  }

  /** The report's JSON as read from the wire (see {@link SharedCodec}). */
  public static FinishedReport ofJson(Buffer json) {
    return new FinishedReport(json.getBytes());
  }

  /** The encoded report (the buffer shares the bytes: do not change it). */
  public Buffer json() {
    return Buffer.buffer(json);
  }

  /** The report parsed again, for whoever needs its fields. */
  @Override
  public JsonObject toJson() {
    return new JsonObject(json());
  }

  /** Its size in bytes, for the store's budget. */
  public int size() {
    return json.length;
  }

  @Override
  public void writeToBuffer(Buffer buffer) {
    buffer.appendInt(json.length).appendBytes(json);
  }

  @Override
  public int readFromBuffer(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    json = buffer.getBytes(pos + 4, pos + 4 + length);
    return pos + 4 + length;
  }
}
