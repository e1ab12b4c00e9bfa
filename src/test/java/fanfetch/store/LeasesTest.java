package fanfetch.store;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease and epoch rules, as pure functions over a job's record. */
class LeasesTest {

  private static final long NOW = 1_000_000;
  private static final long LEASE = 10_000;

  private static JobRecord held(String owner) {
    return JobRecord.create("01JOBID0000000000000000000", new JsonObject(), 3, null, owner, NOW, LEASE,
        "2026-01-01T00:00:00Z").with("state", JobRecord.RUNNING);
  }

  @Test
  void aJobWhoseOwnerIsAliveAndHoldsItsLeaseCannotBeClaimed() {
    assertThat(Leases.claim(held("a"), "b", NOW + 1, LEASE, true)).isNull();
  }

  @Test
  void aJobWhoseOwnerLeftTheClusterIsClaimedAtOnceUnderTheNextEpoch() {
    JobRecord claimed = Leases.claim(held("a"), "b", NOW + 1, LEASE, false);

    assertThat(claimed.owner()).isEqualTo("b");
    assertThat(claimed.epoch()).isEqualTo(2);
    assertThat(claimed.leaseUntil()).isEqualTo(NOW + 1 + LEASE);
    assertThat(claimed.coordinatorChanges()).isEqualTo(1);
  }

  @Test
  void aLeaseThatRanOutMayBeStolenEvenFromALiveOwner() {
    JobRecord record = held("a");

    assertThat(Leases.claim(record, "b", NOW + LEASE - 1, LEASE, true)).isNull();
    assertThat(Leases.claim(record, "b", NOW + LEASE + 1, LEASE, true).owner()).isEqualTo("b");
  }

  @Test
  void aReleasedJobIsClaimedAtOnce() {
    JobRecord released = Leases.release(held("a"), "a", 1);

    assertThat(released.owner()).isNull();
    assertThat(Leases.claim(released, "b", NOW + 1, LEASE, false).epoch()).isEqualTo(2);
  }

  @Test
  void aFinishedJobIsNeverClaimed() {
    assertThat(Leases.claim(held("a").with("state", JobRecord.DONE), "b", NOW + LEASE * 2, LEASE, false)).isNull();
  }

  @Test
  void theOwnerRenewsItsLease() {
    JobRecord renewed = Leases.renew(held("a"), "a", 1, NOW + 3_000, LEASE, new JsonObject().put("completed", 7));

    assertThat(renewed.leaseUntil()).isEqualTo(NOW + 3_000 + LEASE);
    assertThat(renewed.epoch()).isEqualTo(1);
    assertThat(renewed.get("completed")).isEqualTo(7);
  }

  @Test
  void aFormerOwnerCanNeitherRenewNorReleaseNorUpdate() {
    JobRecord stolen = Leases.claim(held("a"), "b", NOW + 1, LEASE, false);

    assertThat(Leases.renew(stolen, "a", 1, NOW + 2, LEASE, null)).isNull();
    assertThat(Leases.release(stolen, "a", 1)).isNull();
    assertThat(Leases.update(stolen, 1, new JsonObject().put("state", JobRecord.DONE))).isNull();
    assertThat(Leases.update(stolen, 2, new JsonObject().put("state", JobRecord.DONE)).state())
        .isEqualTo(JobRecord.DONE);
  }

  @Test
  void writesUnderAnOlderEpochAreRefusedAndTheCurrentOrANewerOneAccepted() {
    assertThat(Leases.accepts(2, 1)).isFalse();
    assertThat(Leases.accepts(2, 2)).isTrue();
    assertThat(Leases.accepts(2, 3)).isTrue();
  }

  @Test
  void anUpdateMergesFieldsAndANullRemovesOne() {
    JobRecord record = held("a").with("run", 2);

    JobRecord next = Leases.update(record, 1, new JsonObject().put("run", null).put("startedAt", "t"));

    assertThat(next.get("run")).isNull();
    assertThat(next.get("startedAt")).isEqualTo("t");
  }
}
