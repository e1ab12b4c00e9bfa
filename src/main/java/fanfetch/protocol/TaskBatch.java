package fanfetch.protocol;

import fanfetch.guard.TargetUrl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Several fetch tasks in one event-bus message, sent by a coordinator to a fetcher on
 * {@link fanfetch.model.Addresses#FETCH} (or a node's or an instance's fetch address). One message
 * per batch instead of one request per URL: the per-message cost (routing, reply handler, timeout
 * timer) is paid once for the whole batch. The fetcher sends each task's result to
 * {@code replyTo}, in {@link ResultBatch}es, as fetches finish.
 *
 * @param parsed the coordinator's own parse of each task's URL, beside the task at the same
 *               position (null entries where it has none), so that a fetcher on the same node does
 *               not parse it again; local only: a batch that crosses the cluster arrives without it
 */
public record TaskBatch(String replyTo, List<FetchTask> tasks, List<TargetUrl> parsed) {

  /** The coordinator's parse of the task at {@code position}, or null (the fetcher parses the URL). */
  public TargetUrl parsed(int position) {
    return parsed == null ? null : parsed.get(position);
  }

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
    return new TaskBatch(json.getString("replyTo"), tasks, null);
  }
}
