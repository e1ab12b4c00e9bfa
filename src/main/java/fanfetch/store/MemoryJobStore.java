package fanfetch.store;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A job store that keeps nothing after the process: the command line's and the tests'. The same
 * rules as the others ({@link Leases}, idempotent results), in the process's memory.
 */
public final class MemoryJobStore extends RuleAppliedStore {

  private final io.vertx.core.Vertx vertx;

  public MemoryJobStore(io.vertx.core.Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Completes on the caller's context after this turn, like the other stores: no caller may count
   * on a store answering before it returns.
   */
  private <T> Future<T> later(T value) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> promise.complete(value));
    return promise.future();
  }

  private <T> Future<T> laterFailed(Throwable failure) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> promise.fail(failure));
    return promise.future();
  }

  private final Map<String, JobRecord> records = new HashMap<>();
  private final Map<String, List<String>> urls = new HashMap<>();
  private final Map<String, NavigableMap<Integer, StoredResult>> results = new HashMap<>();

  @Override
  public synchronized Future<Void> create(JobRecord record) {
    if (records.putIfAbsent(record.id(), record) != null) {
      return laterFailed(new IllegalStateException("job " + record.id() + " exists"));
    }
    return later(null);
  }

  @Override
  public synchronized Future<JobRecord> get(String id) {
    return later(records.get(id));
  }

  @Override
  public synchronized Future<List<JobRecord>> list() {
    return later(new ArrayList<>(records.values()));
  }

  @Override
  protected synchronized Future<JobRecord> change(String id, Function<JobRecord, JobRecord> rule) {
    JobRecord next = rule.apply(records.get(id));
    if (next != null) {
      records.put(id, next);
    }
    return later(next);
  }

  @Override
  public synchronized Future<Void> putUrls(String id, int chunk, List<String> chunkUrls) {
    urls.put(id + "/" + chunk, List.copyOf(chunkUrls));
    return later(null);
  }

  @Override
  public synchronized Future<List<String>> urls(String id, int chunk) {
    return later(urls.getOrDefault(id + "/" + chunk, List.of()));
  }

  @Override
  public synchronized Future<Void> deleteUrls(String id, int chunks) {
    for (int chunk = 0; chunk < chunks; chunk++) {
      urls.remove(id + "/" + chunk);
    }
    return later(null);
  }

  @Override
  public synchronized Future<Integer> putResults(String id, int run, long epoch, List<StoredResult> stored) {
    JobRecord record = records.get(id);
    if (record == null || !Leases.accepts(record.epoch(), epoch)) {
      return laterFailed(new StaleEpochException(id, epoch));
    }
    NavigableMap<Integer, StoredResult> map = results.computeIfAbsent(id + "/" + run, k -> new TreeMap<>());
    int added = 0;
    for (StoredResult r : stored) {
      if (map.putIfAbsent(r.index(), r) == null) {
        added++;
      }
    }
    return later(added);
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int chunk) {
    return results(id, run, chunk * CHUNK, (chunk + 1) * CHUNK);
  }

  @Override
  public synchronized Future<List<StoredResult>> results(String id, int run, int from, int to) {
    NavigableMap<Integer, StoredResult> map = results.get(id + "/" + run);
    return later(map == null ? List.of() : new ArrayList<>(map.subMap(from, to).values()));
  }

  @Override
  public synchronized Future<Void> delete(String id) {
    JobRecord record = records.remove(id);
    if (record != null) {
      for (int chunk = 0; chunk < JobStore.chunks(record.urls()); chunk++) {
        urls.remove(id + "/" + chunk);
      }
    }
    results.remove(id + "/1");
    results.remove(id + "/2");
    return later(null);
  }

  /** How many URL chunks it holds, of all jobs (tests check a refused job leaves none behind). */
  public synchronized int urlChunks() {
    return urls.size();
  }

  @Override
  public Future<Void> close() {
    return later(null);
  }
}
