package fanfetch.api;

import fanfetch.model.FieldError;
import fanfetch.model.JobIds;
import fanfetch.store.JobRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /jobs}: the jobs in the store, newest first, a page at a time. Job ids begin with
 * their creation time (ULIDs), so "newest first" is the ids in descending order and the cursor is
 * simply the last id of a page: {@code ?after=<id>} lists the jobs older than that one. With API
 * keys set, a caller sees only the jobs submitted with its own key.
 */
final class JobList {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  /** What the caller asked for: how many, from where. */
  record Query(int limit, String after) {
  }

  /** A query parameter that cannot be used; it names the parameter. */
  static final class BadQuery extends RuntimeException {
    final FieldError error;

    BadQuery(FieldError error) {
      super(error.field() + ": " + error.message(), null, false, false);
      this.error = error;
    }
  }

  private JobList() {
  }

  /**
   * @param limit the {@code limit} parameter, or null
   * @param after the {@code after} parameter, or null
   * @throws BadQuery when either is malformed
   */
  static Query query(String limit, String after) {
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        size = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw new BadQuery(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
      }
      if (size < 1 || size > MAX_LIMIT) {
        throw new BadQuery(new FieldError("limit", "must be from 1 to " + MAX_LIMIT + ", got " + size));
      }
    }
    if (after != null && !JobIds.isWellFormed(after)) {
      throw new BadQuery(new FieldError("after", "must be a job id (the next of a previous page)"));
    }
    return new Query(size, after);
  }

  /**
   * One page: {@code {jobs: [...], next}}, {@code next} being the cursor of the page after, or null
   * when this one is the last.
   *
   * @param client the caller's key fingerprint, or null when API keys are off (then every job is listed)
   */
  static JsonObject page(List<JobRecord> records, String client, Query query) {
    List<JobRecord> visible = new ArrayList<>();
    for (JobRecord record : records) {
      if ((client == null || Objects.equals(client, record.client()))
          && (query.after() == null || record.id().compareTo(query.after()) < 0)) {
        visible.add(record);
      }
    }
    visible.sort(Comparator.comparing(JobRecord::id).reversed());
    JsonArray jobs = new JsonArray();
    for (JobRecord record : visible.subList(0, Math.min(query.limit(), visible.size()))) {
      jobs.add(entry(record));
    }
    String next = visible.size() > query.limit() ? visible.get(query.limit() - 1).id() : null;
    return new JsonObject().put("jobs", jobs).put("next", next);
  }

  /** One job as a listing shows it. */
  static JsonObject entry(JobRecord record) {
    JsonObject spec = record.spec();
    JsonObject head = record.json("head");
    JsonObject summary = head == null ? null : head.getJsonObject("summary");
    Object completed = summary != null ? summary.getValue("completed") : record.get("completed");
    return new JsonObject()
        .put("id", record.id())
        .put("state", record.state())
        .put("mode", spec == null ? null : spec.getString("mode"))
        .put("urls", record.urls())
        .put("completed", completed instanceof Number n ? n.intValue() : 0)
        .put("createdAt", record.get("createdAt"))
        .put("finishedAt", record.get("finishedAt"));
  }
}
