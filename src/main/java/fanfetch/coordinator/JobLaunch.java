package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.store.JobRecord;
import fanfetch.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A job's life as its record in the store tells it: created with its URLs, started, on to compare
 * mode's second run, finished; and, for a job another node ran, rebuilt from the store so this
 * node can go on with it (the URLs that have a result are done, the run's figures are recounted).
 * Every write carries the job's epoch.
 */
final class JobLaunch {

  private final JobStore store;
  private final JobSpecParser parser;
  private final RetryRules rules;
  private final NodeLimits nodeLimits;
  private final String node;
  private final long leaseMs;

  JobLaunch(JobStore store, JobSpecParser parser, RetryRules rules, NodeLimits nodeLimits, String node,
            long leaseMs) {
    this.nodeLimits = nodeLimits;
    this.store = store;
    this.parser = parser;
    this.rules = rules;
    this.node = node;
    this.leaseMs = leaseMs;
  }

  String node() {
    return node;
  }

  /**
   * Stores a new job's record and, unless they were streamed into the store already, its URLs. The
   * URLs are not kept: the job reads them back a chunk at a time.
   */
  Future<Void> create(LiveJob live, Message<Object> submission, List<String> urls) {
    JsonObject spec = live.job.spec().toJson();
    spec.remove("urls");
    JobRecord record = JobRecord.create(live.id(), spec, live.urls(), live.client, node, System.currentTimeMillis(),
        leaseMs, ReportBuilder.timestamp(live.job.createdAt()));
    return store.create(record).compose(v -> urls == null ? Future.succeededFuture() : putUrls(live.id(), urls));
  }

  private Future<Void> putUrls(String id, List<String> urls) {
    List<Future<Void>> chunks = new ArrayList<>();
    for (int chunk = 0; chunk < JobStore.chunks(urls.size()); chunk++) {
      int from = chunk * JobStore.CHUNK;
      chunks.add(store.putUrls(id, chunk, urls.subList(from, Math.min(urls.size(), from + JobStore.CHUNK))));
    }
    return Future.all(chunks).mapEmpty();
  }

  /** The job began its first run. */
  void started(LiveJob live) {
    long now = System.currentTimeMillis();
    JsonObject changes = new JsonObject()
        .put("state", JobRecord.RUNNING)
        .put("startedAt", ReportBuilder.timestamp(live.job.runs().startedAt()))
        .put("run", 1)
        .put("runStartedAt", now);
    if (live.job.closer().deadlineAtNanos() != 0) {
      changes.put("deadlineAt", now + live.job.spec().deadlineMs());
    }
    store.update(live.id(), live.epoch, changes);
  }

  /** Compare mode's sequential run is over: the record keeps its block, and the parallel run begins. */
  void nextRun(LiveJob live) {
    store.update(live.id(), live.epoch, new JsonObject()
        .put("run", 2)
        .put("runStartedAt", System.currentTimeMillis())
        .put("sequential", live.job.runs().sequentialBlock())
        .put("sequentialMs", live.job.runs().sequentialMs()));
  }

  /** The job ended: its record keeps the report's head. Completes with the record, or null if taken over. */
  Future<JobRecord> finished(LiveJob live, JsonObject head) {
    return store.update(live.id(), live.epoch, new JsonObject()
        .put("state", head.getString("state"))
        .put("finishedAt", head.getString("finishedAt"))
        .put("head", head));
  }

  /**
   * A job this node just claimed, rebuilt from its record and stored results: its current run, how
   * long ago that run began, its deadline, and every URL that has a result already.
   */
  Future<LiveJob> resume(JobRecord record) {
    JobSpec spec;
    try {
      spec = parser.parseWithoutUrls(record.spec(), record.urls());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Job job = new Job(record.id(), spec, record.urls(), node, Instant.parse((String) record.get("createdAt")), rules,
        nodeLimits);
    LiveJob live = new LiveJob(job, record.client(), record.epoch());
    long nowMs = System.currentTimeMillis();
    if (record.get("startedAt") == null) {
      job.start(System.nanoTime(), Instant.now());
      started(live);
      return Future.succeededFuture(live);
    }
    int run = record.toJson().getInteger("run", 1);
    Number runStartedAt = (Number) record.get("runStartedAt");
    Number deadlineAt = (Number) record.get("deadlineAt");
    Number sequentialMs = (Number) record.get("sequentialMs");
    job.resume(System.nanoTime(), Instant.parse((String) record.get("startedAt")), run,
        runStartedAt == null ? 0 : nowMs - runStartedAt.longValue(),
        deadlineAt == null ? Long.MIN_VALUE : deadlineAt.longValue() - nowMs,
        record.json("sequential"), sequentialMs == null ? 0 : sequentialMs.doubleValue(),
        record.coordinatorChanges());
    return markDone(live, run, 0).map(live);
  }

  /** The run's stored results, a chunk at a time: those URLs are done. */
  private Future<Void> markDone(LiveJob live, int run, int chunk) {
    if (chunk >= JobStore.chunks(live.urls())) {
      return Future.succeededFuture();
    }
    return store.results(live.id(), run, chunk).compose(results -> {
      results.forEach(stored -> live.job.currentRun().alreadyDone(stored.index(), stored));
      return markDone(live, run, chunk + 1);
    });
  }

  /** Completes once {@code quiet} holds (checked every 50 ms). */
  static Future<Void> whenQuiet(Vertx vertx, BooleanSupplier quiet) {
    Promise<Void> done = Promise.promise();
    check(vertx, quiet, done);
    return done.future();
  }

  private static void check(Vertx vertx, BooleanSupplier quiet, Promise<Void> done) {
    if (quiet.getAsBoolean()) {
      done.complete();
    } else {
      vertx.setTimer(50, t -> check(vertx, quiet, done));
    }
  }

  /** Whether the submission's URLs were streamed into the store already (then it names how many). */
  static int urlsStored(Message<?> submission) {
    String count = submission.headers().get(Addresses.URLS_STORED_HEADER);
    return count == null ? -1 : Integer.parseInt(count);
  }
}
