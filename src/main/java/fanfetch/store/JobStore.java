package fanfetch.store;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where jobs live, apart from any coordinator's memory: each job's record ({@link JobRecord}), its
 * URLs in chunks of {@link #CHUNK}, and its results by URL index, per run (compare mode has two).
 * A job outlives the node that runs it: another node (or the same one, restarted) reads all it
 * needs here and goes on.
 *
 * <p>Writes that a coordinator makes carry its epoch and are refused ({@link StaleEpochException})
 * once the job has a newer one. Results are idempotent: a result for an index that has one is
 * ignored. Three implementations: {@link SqliteJobStore} (one node, on disk), {@link MemoryJobStore}
 * (the command line, tests) and {@link GridJobStore} (the cluster's Hazelcast maps, with backups).
 */
public interface JobStore {

  /** URLs per chunk, and results per chunk where a store groups them. */
  int CHUNK = 1024;

  static int chunkOf(int index) {
    return index / CHUNK;
  }

  static int chunks(int urls) {
    return (urls + CHUNK - 1) / CHUNK;
  }

  /** Stores a new job's record; fails if the id is taken. */
  Future<Void> create(JobRecord record);

  /** The job's record, or null when there is none (never, or expired). */
  Future<JobRecord> get(String id);

  /** Every job's record. */
  Future<List<JobRecord>> list();

  /**
   * The records of the jobs not finished: the ones a coordinator may have to take over. A store
   * answers without reading every finished job it keeps (for {@code jobs.ttlMs}) where it can: the
   * take-over scan asks every second, and a node that ran thousands of small jobs decoded all their
   * records each time.
   */
  default Future<List<JobRecord>> unfinished() {
    return list().map(all -> all.stream().filter(record -> !record.finished()).toList());
  }

  /**
   * {@code claimant} takes the job over ({@link Leases#claim}), if its epoch is still
   * {@code expectedEpoch}: the new record, or null when it may not (or another node was first).
   * Once claimed, writes under older epochs are refused.
   */
  Future<JobRecord> claim(String id, long expectedEpoch, String claimant, long nowMs, long leaseMs,
                          boolean ownerAlive);

  /** {@link Leases#renew}: the new record, or null when the lease is no longer the owner's. */
  Future<JobRecord> renew(String id, String owner, long epoch, long nowMs, long leaseMs,
                          io.vertx.core.json.JsonObject progress);

  /** {@link Leases#release}: the new record, or null. */
  Future<JobRecord> release(String id, String owner, long epoch);

  /** {@link Leases#update}: the new record, or null under a stale epoch. */
  Future<JobRecord> update(String id, long epoch, io.vertx.core.json.JsonObject changes);

  Future<Void> putUrls(String id, int chunk, List<String> urls);

  /** One chunk of the job's URLs (empty past its last). */
  Future<List<String>> urls(String id, int chunk);

  /**
   * Removes chunks 0 to {@code chunks - 1} of a job's URLs: those streamed in for a job that was
   * then refused (it has no record, so {@link #delete} would not know how many there are).
   */
  Future<Void> deleteUrls(String id, int chunks);

  /**
   * Stores results of one run, each for its index unless it has one already.
   *
   * @return how many were new; fails with {@link StaleEpochException} when {@code epoch} is older
   *     than the job's
   */
  Future<Integer> putResults(String id, int run, long epoch, List<StoredResult> results);

  /**
   * About how many more URLs this store has room for (their URLs and results, with its copies):
   * unbounded for a store on disk or in one process's memory, the cluster's heap for the grid.
   */
  default long roomForUrls() {
    return Long.MAX_VALUE;
  }

  /** The results of one run whose indices fall in one chunk, in index order. */
  Future<List<StoredResult>> results(String id, int run, int chunk);

  /**
   * The results of one run with indices in {@code [from, to)}, which lie in one chunk, in index
   * order: a part of a chunk, for readers that hold little at a time. Stores that keep a chunk as
   * one value read it whole and keep the part.
   */
  default Future<List<StoredResult>> results(String id, int run, int from, int to) {
    int chunk = chunkOf(from);
    if (to <= from || chunkOf(to - 1) != chunk) {
      throw new IllegalArgumentException("[" + from + ", " + to + ") is not a range within one chunk");
    }
    return results(id, run, chunk).map(page -> page.stream().filter(r -> r.index() >= from && r.index() < to).toList());
  }

  /** Removes the job: its record, URLs and results. */
  Future<Void> delete(String id);

  Future<Void> close();
}
