package fanfetch.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * A job store whose records live in one place (a map, a database on this node): each lease
 * operation is a {@link Leases} rule applied where nothing interleaves ({@link #change}). The data
 * grid's store applies the same rules as entry processors instead.
 */
abstract class RuleAppliedStore implements JobStore {

  /** Applies a rule to the record atomically; completes with the new record, or null if the rule refused. */
  protected abstract Future<JobRecord> change(String id, Function<JobRecord, JobRecord> rule);

  @Override
  public Future<JobRecord> claim(String id, long expectedEpoch, String claimant, long nowMs, long leaseMs,
                                 boolean ownerAlive) {
    return change(id, r -> r != null && r.epoch() == expectedEpoch
        ? Leases.claim(r, claimant, nowMs, leaseMs, ownerAlive) : null);
  }

  @Override
  public Future<JobRecord> renew(String id, String owner, long epoch, long nowMs, long leaseMs,
                                 JsonObject progress) {
    return change(id, r -> Leases.renew(r, owner, epoch, nowMs, leaseMs, progress));
  }

  @Override
  public Future<JobRecord> release(String id, String owner, long epoch) {
    return change(id, r -> Leases.release(r, owner, epoch));
  }

  @Override
  public Future<JobRecord> update(String id, long epoch, JsonObject changes) {
    return change(id, r -> Leases.update(r, epoch, changes));
  }
}
