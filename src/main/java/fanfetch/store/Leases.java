package fanfetch.store;

import io.vertx.core.json.JsonObject;

/**
 * Who may coordinate a job, as pure rules over its record. A coordinator holds a job under an
 * epoch and a lease it renews; a job whose owner left the cluster, or whose lease ran out, may be
 * claimed by another node, which raises the epoch. Every write a coordinator makes carries its
 * epoch, and a write under an older epoch is refused: once a job is taken over, its former
 * coordinator can change nothing. Each rule returns the new record, or null when it does not apply.
 */
public final class Leases {

  private Leases() {
  }

  /**
   * {@code claimant} takes the job: allowed when it is not finished and has no live owner (none,
   * one that left the cluster, or one whose lease has run out).
   *
   * @param ownerAlive whether the record's owner is still a member of the cluster
   */
  public static JobRecord claim(JobRecord record, String claimant, long nowMs, long leaseMs, boolean ownerAlive) {
    if (record == null || record.finished()) {
      return null;
    }
    boolean held = record.owner() != null && ownerAlive && record.leaseUntil() > nowMs;
    if (held) {
      return null;
    }
    return record.with(new JsonObject()
        .put("owner", claimant)
        .put("epoch", record.epoch() + 1)
        .put("leaseUntil", nowMs + leaseMs)
        .put("coordinatorChanges", record.coordinatorChanges() + 1));
  }

  /**
   * The owner extends its lease, and notes how far the job has come ({@code progress}, merged into
   * the record; may be null); refused once another epoch holds the job, or once it is finished.
   */
  public static JobRecord renew(JobRecord record, String owner, long epoch, long nowMs, long leaseMs,
                                JsonObject progress) {
    if (!holds(record, owner, epoch) || record.finished()) {
      return null;
    }
    JsonObject changes = progress == null ? new JsonObject() : progress.copy();
    return record.with(changes.put("leaseUntil", nowMs + leaseMs));
  }

  /** The owner lets the job go (it is shutting down): any node may claim it at once. */
  public static JobRecord release(JobRecord record, String owner, long epoch) {
    if (!holds(record, owner, epoch) || record.finished()) {
      return null;
    }
    return record.with(new JsonObject().put("owner", null).put("leaseUntil", 0L));
  }

  /** The owner records progress or the end of the job; refused under a stale epoch. */
  public static JobRecord update(JobRecord record, long epoch, JsonObject changes) {
    if (record == null || record.epoch() != epoch) {
      return null;
    }
    return record.with(changes);
  }

  /** Whether a result written under {@code writerEpoch} may go where {@code fenceEpoch} was last seen. */
  public static boolean accepts(long fenceEpoch, long writerEpoch) {
    return writerEpoch >= fenceEpoch;
  }

  private static boolean holds(JobRecord record, String owner, long epoch) {
    return record != null && record.epoch() == epoch && owner.equals(record.owner());
  }
}
