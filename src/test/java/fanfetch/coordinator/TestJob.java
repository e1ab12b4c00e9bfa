package fanfetch.coordinator;

import fanfetch.model.JobSpec;
import fanfetch.store.JobStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Job} driven by hand, with the coordinator's part played here: its URLs load from the
 * spec's list as the job asks for them, and every result it records is kept (as the job store would)
 * so a report can be put together. The clock is the caller's.
 */
final class TestJob {

  private final Job job;
  private final List<String> urls;
  private final Map<Integer, TreeMap<Integer, JsonObject>> byRun = new TreeMap<>();

  TestJob(Job job, List<String> urls) {
    this.job = job;
    this.urls = urls;
  }

  static TestJob of(String id, JobSpec spec, String node, Instant createdAt, RetryRules rules) {
    return new TestJob(new Job(id, spec.withoutUrls(), spec.urls().size(), node, createdAt, rules, NodeLimits.NONE), spec.urls());
  }

  Job job() {
    return job;
  }

  /** Starts the job; returns the results known at once (invalid URLs). */
  List<JsonObject> start(long nanos, Instant now) {
    job.start(nanos, now);
    return loadAll();
  }

  /** Loads every chunk the job asks for now; returns the results they brought. */
  List<JsonObject> loadAll() {
    List<JsonObject> known = new ArrayList<>();
    for (int chunk = job.chunks().nextToLoad(); chunk >= 0; chunk = job.chunks().nextToLoad()) {
      int from = chunk * JobStore.CHUNK;
      known.addAll(keep(job.chunks().loaded(job.generation(), chunk,
          urls.subList(from, Math.min(urls.size(), from + JobStore.CHUNK)))));
    }
    return known;
  }

  private List<JsonObject> keep(List<Run.Recorded> recorded) {
    List<JsonObject> results = new ArrayList<>();
    for (Run.Recorded r : recorded) {
      byRun.computeIfAbsent(job.runNumber(), n -> new TreeMap<>()).put(r.stored().index(), r.result());
      results.add(r.result());
    }
    return results;
  }

  /** What the coordinator does with a verdict's result: store it. */
  Verdict kept(Verdict verdict) {
    if (verdict instanceof Verdict.Completed completed) {
      keep(List.of(completed.recorded()));
    }
    return verdict;
  }

  /** Results the job made outside a send (a host given up on), kept as the coordinator stores them. */
  List<JsonObject> takeClosed() {
    return keep(job.takeClosed());
  }

  int nextTask() {
    loadAll();
    return job.nextTask(System.nanoTime());
  }

  int nextTask(long nanos) {
    loadAll();
    return job.nextTask(nanos);
  }

  int sent(int index, long nanos) {
    return job.sent(index, nanos, 0);
  }

  Verdict settle(int index, int generation, int token, SendOutcome outcome) {
    return kept(job.settle(index, generation, token, outcome));
  }

  Verdict wake(int index, int generation) {
    return kept(job.wake(index, generation));
  }

  UrlTable table() {
    return job.table();
  }

  int generation() {
    return job.generation();
  }

  Job.State state() {
    return job.state();
  }

  boolean finished() {
    return job.finished();
  }

  boolean runComplete() {
    return job.runComplete();
  }

  /** The next run's known results, or null when the job is complete (as the coordinator sees it). */
  List<JsonObject> nextRun(long nanos) {
    return job.nextRun(nanos) ? loadAll() : null;
  }

  void finish(Job.State state, long nanos, Instant now) {
    job.finish(state, nanos, now);
  }

  /**
   * Cancels, closes every URL (loading the rest, as the coordinator does, and a compare job's
   * parallel run after its sequential one) and finishes the job.
   */
  List<JsonObject> cancel(long nanos, Instant now) {
    List<JsonObject> cancelled = keep(job.closer().cancel(nanos));
    cancelled.addAll(loadAll());
    for (List<JsonObject> next = nextRun(nanos); next != null; next = nextRun(nanos)) {
      cancelled.addAll(next);
    }
    job.finish(job.closer().endState(), job.closer().runEndNanos(nanos), now);
    return cancelled;
  }

  List<JsonObject> expire(long nanos) {
    List<JsonObject> expired = keep(job.closer().expire(nanos));
    expired.addAll(loadAll());
    return expired;
  }

  List<JsonObject> expireInFlight(long nanos) {
    return keep(job.closer().expireInFlight(nanos));
  }

  /** The report as the API would stream it: the head, and the kept results in index order. */
  JsonObject report(long nowNanos) {
    JsonObject report = job.head(nowNanos);
    boolean compare = job.spec().mode() == JobSpec.Mode.COMPARE;
    JsonObject sequential = report.getJsonObject("sequential");
    if (compare && sequential != null) {
      sequential.put("results", results(1));
    }
    return report.put("results", results(compare && sequential != null ? 2 : job.runNumber()));
  }

  private JsonArray results(int run) {
    return new JsonArray(new ArrayList<>(byRun.getOrDefault(run, new TreeMap<>()).values()));
  }
}
