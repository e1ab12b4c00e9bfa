package fanfetch.protocol;

import fanfetch.model.JobSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One URL of one job, as the coordinator sends it to a fetcher (in a {@link TaskBatch}).
 *
 * @param sendId     the coordinator's number for this send of the task, echoed with its result
 * @param deadlineMs   time left until the job's deadline when the task was sent, 0 for none; the
 *                     fetch stops at whichever comes first, this or {@code timeoutMs}
 * @param httpVersions the job's {@code httpVersions} ({@code h2}, {@code http/1.1}, {@code h2c})
 * @param attempt      which attempt at the URL this is (1 for the first), named in the history
 *                     entries of the fetcher's own re-sends
 */
public record FetchTask(long sendId, String jobId, int index, String url, String method, Map<String, String> headers,
                        long timeoutMs, long connectTimeoutMs, boolean followRedirects, int maxRedirects,
                        long maxBytes, boolean digest, long deadlineMs, List<String> httpVersions, int attempt) {

  public FetchTask {
    httpVersions = httpVersions == null ? JobSpec.DEFAULT_HTTP_VERSIONS : List.copyOf(httpVersions);
    attempt = Math.max(1, attempt);
  }

  public static FetchTask of(long sendId, String jobId, int index, String url, JobSpec spec, long deadlineLeftMs) {
    return of(sendId, jobId, index, url, spec, deadlineLeftMs, 1);
  }

  /** The task for the {@code attempt}-th attempt (1 for the first) at the URL. */
  public static FetchTask of(long sendId, String jobId, int index, String url, JobSpec spec, long deadlineLeftMs,
                             int attempt) {
    return new FetchTask(sendId, jobId, index, url, spec.method(), spec.headers(), spec.timeoutMs(),
        spec.connectTimeoutMs(), spec.followRedirects(), spec.maxRedirects(), spec.maxBytes(),
        spec.digest() == JobSpec.Digest.SHA256, deadlineLeftMs, spec.httpVersions(), attempt);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("sendId", sendId)
        .put("jobId", jobId)
        .put("index", index)
        .put("url", url)
        .put("method", method)
        .put("timeoutMs", timeoutMs)
        .put("connectTimeoutMs", connectTimeoutMs)
        .put("followRedirects", followRedirects)
        .put("maxRedirects", maxRedirects)
        .put("maxBytes", maxBytes)
        .put("digest", digest)
        .put("httpVersions", new JsonArray(List.copyOf(httpVersions)))
        .put("attempt", attempt);
    if (deadlineMs > 0) {
      json.put("deadlineMs", deadlineMs);
    }
    if (!headers.isEmpty()) {
      JsonObject h = new JsonObject();
      headers.forEach(h::put);
      json.put("headers", h);
    }
    return json;
  }

  public static FetchTask fromJson(JsonObject json) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject h = json.getJsonObject("headers");
    if (h != null) {
      h.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return new FetchTask(json.getLong("sendId"), json.getString("jobId"), json.getInteger("index"), json.getString("url"),
        json.getString("method", "GET"), headers, json.getLong("timeoutMs"), json.getLong("connectTimeoutMs"),
        json.getBoolean("followRedirects", true), json.getInteger("maxRedirects", 5), json.getLong("maxBytes"),
        json.getBoolean("digest", false), json.getLong("deadlineMs", 0L), versions(json.getJsonArray("httpVersions")),
        json.getInteger("attempt", 1));
  }

  private static List<String> versions(JsonArray array) {
    if (array == null) {
      return JobSpec.DEFAULT_HTTP_VERSIONS;
    }
    List<String> versions = new ArrayList<>(array.size());
    array.forEach(v -> versions.add(String.valueOf(v)));
    return versions;
  }
}
