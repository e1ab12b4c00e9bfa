package fanfetch.store;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The cluster store's atomic operations, each run by Hazelcast on the member that owns the entry
 * (and again on its backups): the same rules as the local store ({@link Leases}).
 */
final class GridOps {

  private GridOps() {
  }

  /** A lease or progress rule applied to a job's record: returns the new record's JSON, or null. */
  record RecordRule(String kind, String node, long epoch, long nowMs, long leaseMs, boolean ownerAlive,
                    String changes) implements EntryProcessor<String, String, String> {

    static RecordRule create(JobRecord record) {
      return new RecordRule("create", null, 0, 0, 0, false, record.encode());
    }

    static RecordRule claim(long expectedEpoch, String claimant, long nowMs, long leaseMs, boolean ownerAlive) {
      return new RecordRule("claim", claimant, expectedEpoch, nowMs, leaseMs, ownerAlive, null);
    }

    static RecordRule renew(String owner, long epoch, long nowMs, long leaseMs, JsonObject progress) {
      return new RecordRule("renew", owner, epoch, nowMs, leaseMs, false, progress == null ? null : progress.encode());
    }

    static RecordRule release(String owner, long epoch) {
      return new RecordRule("release", owner, epoch, 0, 0, false, null);
    }

    static RecordRule update(long epoch, JsonObject changes) {
      return new RecordRule("update", null, epoch, 0, 0, false, changes.encode());
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      if ("create".equals(kind)) {
        if (entry.getValue() != null) {
          return null;
        }
        entry.setValue(changes);
        return changes;
      }
      JobRecord record = entry.getValue() == null ? null : JobRecord.decode(entry.getValue());
      JobRecord next = switch (kind) {
        case "claim" -> record != null && record.epoch() == epoch
            ? Leases.claim(record, node, nowMs, leaseMs, ownerAlive) : null;
        case "renew" -> Leases.renew(record, node, epoch, nowMs, leaseMs,
            changes == null ? null : new JsonObject(changes));
        case "release" -> Leases.release(record, node, epoch);
        default -> Leases.update(record, epoch, new JsonObject(changes));
      };
      if (next == null) {
        return null;
      }
      String json = next.encode();
      entry.setValue(json);
      return json;
    }
  }

  /** Results merged into their chunk: how many were new, or -1 when the chunk is fenced by a newer epoch. */
  record MergeResults(long epoch, List<byte[]> stored, int[] indices)
      implements EntryProcessor<String, ResultChunk, Integer> {

    static MergeResults of(long epoch, List<StoredResult> results) {
      EncodedResults encoded = EncodedResults.of(results);
      return new MergeResults(epoch, encoded.stored(), encoded.indices());
    }

    @Override
    public Integer process(Map.Entry<String, ResultChunk> entry) {
      ResultChunk chunk = entry.getValue() == null ? new ResultChunk() : entry.getValue();
      int added = chunk.merge(epoch, indices, stored);
      if (added >= 0) {
        entry.setValue(chunk);
      }
      return added;
    }
  }

  /** A chunk sealed under a new epoch: from now on, writes under older ones are refused. */
  record Seal(long epoch) implements EntryProcessor<String, ResultChunk, Void> {
    @Override
    public Void process(Map.Entry<String, ResultChunk> entry) {
      ResultChunk chunk = entry.getValue() == null ? new ResultChunk() : entry.getValue();
      chunk.seal(epoch);
      entry.setValue(chunk);
      return null;
    }
  }

  /** The records of jobs not finished, picked on each member among the entries it owns. */
  record Unfinished() implements com.hazelcast.query.Predicate<String, String> {
    @Override
    public boolean apply(Map.Entry<String, String> entry) {
      return entry.getValue() != null && !JobRecord.decode(entry.getValue()).finished();
    }
  }
}
