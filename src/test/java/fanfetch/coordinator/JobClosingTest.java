package fanfetch.coordinator;

import fanfetch.coordinator.JobClosing.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JobClosing}: open, then cancelled or expired, the first close winning. */
class JobClosingTest {

  private static final long MS = 1_000_000;

  @Test
  void aJobIsOpenUntilItIsCancelledOrItsDeadlinePasses() {
    JobClosing cancelled = new JobClosing("node-1", () -> null);
    JobClosing expired = new JobClosing("node-1", () -> null);

    assertThat(cancelled.state()).isEqualTo(State.OPEN);
    assertThat(cancelled.underway()).isFalse();
    assertThat(cancelled.closeAs(State.CANCELLED, 5 * MS)).isTrue();
    assertThat(expired.closeAs(State.EXPIRED, 7 * MS)).isTrue();

    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(cancelled.underway()).isTrue();
    assertThat(cancelled.cancelled()).isTrue();
    assertThat(cancelled.expired()).isFalse();
    assertThat(expired.state()).isEqualTo(State.EXPIRED);
    assertThat(expired.underway()).isTrue();
    assertThat(expired.expired()).isTrue();
    assertThat(expired.cancelled()).isFalse();
  }

  @Test
  void theFirstCloseWins() {
    JobClosing cancelledFirst = new JobClosing("node-1", () -> null);
    cancelledFirst.closeAs(State.CANCELLED, 5 * MS);
    JobClosing expiredFirst = new JobClosing("node-1", () -> null);
    expiredFirst.closeAs(State.EXPIRED, 5 * MS);

    // A deadline passing while a cancel closes the job leaves it cancelled, and the reverse.
    assertThat(cancelledFirst.closeAs(State.EXPIRED, 6 * MS)).isFalse();
    assertThat(expiredFirst.closeAs(State.CANCELLED, 6 * MS)).isFalse();
    assertThat(cancelledFirst.closeAs(State.CANCELLED, 7 * MS)).isFalse();

    assertThat(cancelledFirst.state()).isEqualTo(State.CANCELLED);
    assertThat(expiredFirst.state()).isEqualTo(State.EXPIRED);
    assertThat(cancelledFirst.runEndNanos(0, 9 * MS)).as("the first cancel's time").isEqualTo(5 * MS);
  }

  @Test
  void aCancelledRunEndsAtTheCancelOrAsItBeganIfItBeganAfter() {
    JobClosing closing = new JobClosing("node-1", () -> null);
    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).as("open: now").isEqualTo(9 * MS);

    closing.closeAs(State.CANCELLED, 5 * MS);

    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).isEqualTo(5 * MS);
    assertThat(closing.runEndNanos(6 * MS, 9 * MS)).as("begun after the cancel").isEqualTo(6 * MS);
  }

  @Test
  void anExpiredRunEndsWhenItsLastUrlIsClosed() {
    JobClosing closing = new JobClosing("node-1", () -> null);
    closing.closeAs(State.EXPIRED, 5 * MS);

    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).isEqualTo(9 * MS);
  }

  @Test
  void somethingStartsBeforeTheDeadlineOnlyIfItStartsStrictlyBeforeIt() {
    JobClosing none = new JobClosing("node-1", () -> null);
    JobClosing closing = new JobClosing("node-1", () -> null);
    closing.deadline(100 * MS, 50);

    assertThat(none.deadlineAtNanos()).isZero();
    assertThat(none.beforeTheDeadline(Long.MAX_VALUE / 2, 1_000)).as("no deadline").isTrue();
    assertThat(closing.deadlineAtNanos()).isEqualTo(150 * MS);
    assertThat(closing.beforeTheDeadline(100 * MS, 49)).isTrue();
    assertThat(closing.beforeTheDeadline(100 * MS, 50)).isFalse();
    assertThat(closing.beforeTheDeadline(140 * MS, 20)).isFalse();
  }

  @Test
  void aDeadlineAlreadyDueIsOneMillisecondAway() {
    JobClosing closing = new JobClosing("node-1", () -> null);

    closing.deadline(100 * MS, -30);

    assertThat(closing.deadlineAtNanos()).isEqualTo(101 * MS);
  }
}
