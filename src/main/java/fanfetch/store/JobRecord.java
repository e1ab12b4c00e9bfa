package fanfetch.store;

import io.vertx.core.json.JsonObject;

/**
 * What the job store keeps of a job besides its URLs and results: its spec (without the URLs), who
 * coordinates it under which epoch and until when (the lease), its state, and what a coordinator
 * that takes it over needs to go on (the run under way and when it began, compare mode's finished
 * sequential run, the deadline) or, once finished, the report's head. Immutable; stored as JSON.
 */
public final class JobRecord {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String CANCELLED = "cancelled";
  public static final String LOST = "lost";

  private final JsonObject doc;

  private JobRecord(JsonObject doc) {
    this.doc = doc;
  }

  /**
   * A new job, owned by {@code owner} under epoch 1.
   *
   * @param spec the JobSpec as JSON, without its URLs
   */
  public static JobRecord create(String id, JsonObject spec, int urls, String client, String owner, long nowMs,
                                 long leaseMs, String createdAt) {
    return new JobRecord(new JsonObject()
        .put("id", id)
        .put("owner", owner)
        .put("epoch", 1L)
        .put("leaseUntil", nowMs + leaseMs)
        .put("state", QUEUED)
        .put("spec", spec)
        .put("urls", urls)
        .put("client", client)
        .put("createdAt", createdAt)
        .put("coordinatorChanges", 0));
  }

  public static JobRecord decode(String json) {
    return new JobRecord(new JsonObject(json));
  }

  public String encode() {
    return doc.encode();
  }

  /** A copy with {@code changes} merged in (a null value removes the field). */
  public JobRecord with(JsonObject changes) {
    JsonObject next = doc.copy();
    changes.forEach(e -> {
      if (e.getValue() == null) {
        next.remove(e.getKey());
      } else {
        next.put(e.getKey(), e.getValue());
      }
    });
    return new JobRecord(next);
  }

  public JobRecord with(String field, Object value) {
    return with(new JsonObject().put(field, value));
  }

  public String id() {
    return doc.getString("id");
  }

  /** The node coordinating the job, or null when none does (released, or never claimed). */
  public String owner() {
    return doc.getString("owner");
  }

  public long epoch() {
    return doc.getLong("epoch");
  }

  /** Wall-clock milliseconds until which the owner's lease runs. */
  public long leaseUntil() {
    return doc.getLong("leaseUntil", 0L);
  }

  public String state() {
    return doc.getString("state");
  }

  public boolean finished() {
    String s = state();
    return DONE.equals(s) || CANCELLED.equals(s) || LOST.equals(s);
  }

  public JsonObject spec() {
    return doc.getJsonObject("spec");
  }

  public int urls() {
    return doc.getInteger("urls");
  }

  public String client() {
    return doc.getString("client");
  }

  public int coordinatorChanges() {
    return doc.getInteger("coordinatorChanges", 0);
  }

  /** A field of the record as it is (the coordinator's progress fields, the finished head). */
  public Object get(String field) {
    return doc.getValue(field);
  }

  public JsonObject json(String field) {
    return doc.getJsonObject(field);
  }

  /** The whole record (read-only by contract), for listings. */
  public JsonObject toJson() {
    return doc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobRecord other && doc.equals(other.doc);
  }

  @Override
  public int hashCode() {
    return doc.hashCode();
  }

  @Override
  public String toString() {
    return "JobRecord" + doc.encode();
  }
}
