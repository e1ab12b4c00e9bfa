package fanfetch.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The results a fetcher finished in one turn of its event loop, for one coordinator: one message
 * for all of them. {@code fetcher} is the fetcher instance's own address (a sequential run sends
 * its next task there, to stay on one connection pool).
 */
public record ResultBatch(String fetcher, List<Entry> results) {

  /**
   * One task's result, with the {@link FetchTask#sendId()} it answers and what the fetcher tells
   * the coordinator beside the public Result (never part of a report).
   *
   * @param retryAfterMs the server's {@code Retry-After} of a 429 or 503, in ms, or null
   * @param outOfFiles   the fetch could not open a socket, the process being out of file
   *                     descriptors: it never really started, and the coordinator queues it again
   */
  public record Entry(long sendId, JsonObject result, Long retryAfterMs, boolean outOfFiles) {

    public Entry(long sendId, JsonObject result) {
      this(sendId, result, null, false);
    }
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(results.size()));
    for (Entry entry : results) {
      JsonObject json = new JsonObject().put("sendId", entry.sendId()).put("result", entry.result());
      if (entry.retryAfterMs() != null) {
        json.put("retryAfterMs", entry.retryAfterMs());
      }
      if (entry.outOfFiles()) {
        json.put("outOfFiles", true);
      }
      array.add(json);
    }
    return new JsonObject().put("fetcher", fetcher).put("results", array);
  }

  public static ResultBatch fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("results");
    List<Entry> results = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject entry = array.getJsonObject(i);
      results.add(new Entry(entry.getLong("sendId"), entry.getJsonObject("result"), entry.getLong("retryAfterMs"),
          entry.getBoolean("outOfFiles", false)));
    }
    return new ResultBatch(json.getString("fetcher"), results);
  }
}
