package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Several fetch tasks in one event-bus message, sent by a coordinator to a fetcher on
 * {@link Addresses#FETCH} (or a node's or an instance's fetch address). One message per batch
 * instead of one request per URL: the per-message cost (routing, reply handler, timeout timer)
 * is paid once for the whole batch. The fetcher acknowledges the batch at once and sends each
 * task's result to {@code replyTo}, in {@link ResultBatch}es, as fetches finish.
 */
public record TaskBatch(String replyTo, List<FetchTask> tasks) {

  public JsonObject toJson() {
    JsonArray array = new JsonArray(new ArrayList<>(tasks.size()));
    tasks.forEach(task -> array.add(task.toJson()));
    return new JsonObject().put("replyTo", replyTo).put("tasks", array);
  }

  public static TaskBatch fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("tasks");
    List<FetchTask> tasks = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      tasks.add(FetchTask.fromJson(array.getJsonObject(i)));
    }
    return new TaskBatch(json.getString("replyTo"), tasks);
  }
}
