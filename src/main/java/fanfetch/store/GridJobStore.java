package fanfetch.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The cluster's job store: Hazelcast maps held across the members, each entry with the configured
 * number of backup copies ({@code cluster.backups}), so losing fewer members than that loses no
 * job. Records are JSON strings; URLs and results are kept in chunks ({@link JobStore#CHUNK} a map
 * entry), results as {@link ResultChunk}s. Record rules and result merges run as entry processors
 * on the member that owns the entry, so they are atomic; a claim then seals every result chunk of
 * the job under the new epoch, after which the former coordinator's writes are refused.
 */
public final class GridJobStore implements JobStore {

  /** Map names; {@code fanfetch.store.*} is configured with the backup count (see ClusterSetup). */
  public static final String RECORDS = "fanfetch.store.jobs";
  public static final String URLS = "fanfetch.store.urls";
  public static final String RESULTS = "fanfetch.store.results";

  /** A URL's share of the maps for one copy: its result (~700 bytes of JSON) and its URL, with the maps' overhead. */
  static final int BYTES_PER_URL = 1_000;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> records;
  private final IMap<String, String> urls;
  private final IMap<String, ResultChunk> results;

  public GridJobStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.records = hazelcast.getMap(RECORDS);
    this.urls = hazelcast.getMap(URLS);
    this.results = hazelcast.getMap(RESULTS);
  }

  private static String urlKey(String id, int chunk) {
    return id + "/" + chunk;
  }

  private static String resultKey(String id, int run, int chunk) {
    return id + "/" + run + "/" + chunk;
  }

  /** A Hazelcast completion, continued on the caller's context. */
  private <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  @Override
  public Future<Void> create(JobRecord record) {
    return on(records.submitToKey(record.id(), GridOps.RecordRule.create(record))).compose(created -> created != null
        ? Future.succeededFuture() : Future.failedFuture("job " + record.id() + " exists"));
  }

  /**
   * The maps may hold half of the members' heap (the rest runs the nodes), each URL about
   * {@link #BYTES_PER_URL} for every copy; what they hold now is counted from this member's share
   * (Hazelcast spreads partitions evenly) and taken as the same on every member, whose heap is
   * taken as this one's. A job that does not fit is refused rather than stored: past its heap a
   * member dies, its partitions move to the survivors, and they die in turn.
   */
  @Override
  public long roomForUrls() {
    int members = hazelcast.getCluster().getMembers().size();
    int copies = 1 + hazelcast.getConfig().getMapConfig(RESULTS).getBackupCount();
    long budget = members * (Runtime.getRuntime().maxMemory() / 2);
    long used = members * (heldHere(results) + heldHere(urls));
    return Math.max(0, (budget - used) / ((long) BYTES_PER_URL * copies));
  }

  private static long heldHere(IMap<?, ?> map) {
    var stats = map.getLocalMapStats();
    return stats.getOwnedEntryMemoryCost() + stats.getBackupEntryMemoryCost();
  }

  @Override
  public Future<JobRecord> get(String id) {
    return on(records.getAsync(id)).map(json -> json == null ? null : JobRecord.decode(json));
  }

  @Override
  public Future<List<JobRecord>> list() {
    // Hazelcast's values() blocks: it gathers from every member.
    return vertx.executeBlocking(() -> {
      List<JobRecord> all = new ArrayList<>();
      for (String json : records.values()) {
        all.add(JobRecord.decode(json));
      }
      return all;
    }, false);
  }

  /** Asked of the members, each for the records it owns: the finished ones do not cross the network. */
  @Override
  public Future<List<JobRecord>> unfinished() {
    return vertx.executeBlocking(() -> {
      List<JobRecord> found = new ArrayList<>();
      for (String json : records.values(new GridOps.Unfinished())) {
        found.add(JobRecord.decode(json));
      }
      return found;
    }, false);
  }

  @Override
  public Future<JobRecord> claim(String id, long expectedEpoch, String claimant, long nowMs, long leaseMs,
                                 boolean ownerAlive) {
    return rule(id, GridOps.RecordRule.claim(expectedEpoch, claimant, nowMs, leaseMs, ownerAlive))
        .compose(claimed -> claimed == null ? Future.succeededFuture() : seal(claimed).map(claimed));
  }

  /** Every result chunk of the job, under its new epoch: a write of the former coordinator fails from now on. */
  private Future<Void> seal(JobRecord record) {
    Set<String> keys = new HashSet<>();
    for (int run = 1; run <= 2; run++) {
      for (int chunk = 0; chunk < JobStore.chunks(record.urls()); chunk++) {
        keys.add(resultKey(record.id(), run, chunk));
      }
    }
    return on(results.submitToKeys(keys, new GridOps.Seal(record.epoch()))).mapEmpty();
  }

  @Override
  public Future<JobRecord> renew(String id, String owner, long epoch, long nowMs, long leaseMs,
                                 JsonObject progress) {
    return rule(id, GridOps.RecordRule.renew(owner, epoch, nowMs, leaseMs, progress));
  }

  @Override
  public Future<JobRecord> release(String id, String owner, long epoch) {
    return rule(id, GridOps.RecordRule.release(owner, epoch));
  }

  @Override
  public Future<JobRecord> update(String id, long epoch, JsonObject changes) {
    return rule(id, GridOps.RecordRule.update(epoch, changes));
  }

  private Future<JobRecord> rule(String id, GridOps.RecordRule rule) {
    return on(records.submitToKey(id, rule)).map(json -> json == null ? null : JobRecord.decode(json));
  }

  @Override
  public Future<Void> putUrls(String id, int chunk, List<String> chunkUrls) {
    return on(urls.setAsync(urlKey(id, chunk), StoredUrlChunk.encode(chunkUrls)));
  }

  @Override
  public Future<List<String>> urls(String id, int chunk) {
    return on(urls.getAsync(urlKey(id, chunk))).map(StoredUrlChunk::decode);
  }

  @Override
  public Future<Void> deleteUrls(String id, int chunks) {
    List<Future<?>> removals = new ArrayList<>();
    for (int chunk = 0; chunk < chunks; chunk++) {
      removals.add(on(urls.deleteAsync(urlKey(id, chunk))));
    }
    return Future.all(removals).mapEmpty();
  }

  @Override
  public Future<Integer> putResults(String id, int run, long epoch, List<StoredResult> stored) {
    // One merge per chunk the results fall in (a batch usually spans one or two).
    java.util.Map<Integer, List<StoredResult>> byChunk = new java.util.TreeMap<>();
    for (StoredResult r : stored) {
      byChunk.computeIfAbsent(JobStore.chunkOf(r.index()), c -> new ArrayList<>()).add(r);
    }
    List<Future<Integer>> merges = new ArrayList<>();
    byChunk.forEach((chunk, rs) -> merges.add(on(results.submitToKey(resultKey(id, run, chunk),
        GridOps.MergeResults.of(epoch, rs)))));
    return Future.all(merges).compose(all -> {
      int added = 0;
      for (Future<Integer> merge : merges) {
        if (merge.result() < 0) {
          return Future.failedFuture(new StaleEpochException(id, epoch));
        }
        added += merge.result();
      }
      return Future.succeededFuture(added);
    });
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int chunk) {
    return on(results.getAsync(resultKey(id, run, chunk))).map(c -> c == null ? List.of() : c.results());
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int from, int to) {
    // The chunk comes whole (it is one map value); only the part asked for is decoded.
    return on(results.getAsync(resultKey(id, run, JobStore.chunkOf(from))))
        .map(c -> c == null ? List.of() : c.results(from, to));
  }

  @Override
  public Future<Void> delete(String id) {
    return get(id).compose(record -> {
      List<Future<?>> removals = new ArrayList<>();
      if (record != null) {
        for (int chunk = 0; chunk < JobStore.chunks(record.urls()); chunk++) {
          removals.add(on(urls.deleteAsync(urlKey(id, chunk))));
          for (int run = 1; run <= 2; run++) {
            removals.add(on(results.deleteAsync(resultKey(id, run, chunk))));
          }
        }
      }
      removals.add(on(records.deleteAsync(id)));
      return Future.all(removals).mapEmpty();
    });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
