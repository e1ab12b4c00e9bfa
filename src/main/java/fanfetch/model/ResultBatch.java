package fanfetch.model;

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

  /** One task's result, with the {@link FetchTask#sendId()} it answers. */
  public record Entry(long sendId, JsonObject result) {
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(results.size()));
    results.forEach(entry -> array.add(new JsonObject().put("sendId", entry.sendId()).put("result", entry.result())));
    return new JsonObject().put("fetcher", fetcher).put("results", array);
  }

  public static ResultBatch fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("results");
    List<Entry> results = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject entry = array.getJsonObject(i);
      results.add(new Entry(entry.getLong("sendId"), entry.getJsonObject("result")));
    }
    return new ResultBatch(json.getString("fetcher"), results);
  }
}
