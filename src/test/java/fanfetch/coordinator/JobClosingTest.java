package fanfetch.coordinator;

import fanfetch.coordinator.JobClosing.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JobClosing}: open, then cancelled or expired, the first close winning. */
class JobClosingTest {

  private static final long MS = 1_000_000;

  @Test
  void aJobIsOpenUntilItIsCancelledOrItsDeadlinePasses() {
    JobClosing cancelled = new JobClosing();
    JobClosing expired = new JobClosing();

    assertThat(cancelled.state()).isEqualTo(State.OPEN);
    assertThat(cancelled.closing()).isFalse();
    assertThat(cancelled.cancel(5 * MS)).isTrue();
    assertThat(expired.expire(7 * MS)).isTrue();

    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(cancelled.closing()).isTrue();
    assertThat(cancelled.cancelled()).isTrue();
    assertThat(cancelled.expired()).isFalse();
    assertThat(expired.state()).isEqualTo(State.EXPIRED);
    assertThat(expired.closing()).isTrue();
    assertThat(expired.expired()).isTrue();
    assertThat(expired.cancelled()).isFalse();
  }

  @Test
  void theFirstCloseWins() {
    JobClosing cancelledFirst = new JobClosing();
    cancelledFirst.cancel(5 * MS);
    JobClosing expiredFirst = new JobClosing();
    expiredFirst.expire(5 * MS);

    // A deadline passing while a cancel closes the job leaves it cancelled, and the reverse.
    assertThat(cancelledFirst.expire(6 * MS)).isFalse();
    assertThat(expiredFirst.cancel(6 * MS)).isFalse();
    assertThat(cancelledFirst.cancel(7 * MS)).isFalse();

    assertThat(cancelledFirst.state()).isEqualTo(State.CANCELLED);
    assertThat(expiredFirst.state()).isEqualTo(State.EXPIRED);
    assertThat(cancelledFirst.runEndNanos(0, 9 * MS)).as("the first cancel's time").isEqualTo(5 * MS);
  }

  @Test
  void aCancelledRunEndsAtTheCancelOrAsItBeganIfItBeganAfter() {
    JobClosing closing = new JobClosing();
    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).as("open: now").isEqualTo(9 * MS);

    closing.cancel(5 * MS);

    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).isEqualTo(5 * MS);
    assertThat(closing.runEndNanos(6 * MS, 9 * MS)).as("begun after the cancel").isEqualTo(6 * MS);
  }

  @Test
  void anExpiredRunEndsWhenItsLastUrlIsClosed() {
    JobClosing closing = new JobClosing();
    closing.expire(5 * MS);

    assertThat(closing.runEndNanos(1 * MS, 9 * MS)).isEqualTo(9 * MS);
  }

  @Test
  void somethingStartsBeforeTheDeadlineOnlyIfItStartsStrictlyBeforeIt() {
    JobClosing none = new JobClosing();
    JobClosing closing = new JobClosing();
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
    JobClosing closing = new JobClosing();

    closing.deadline(100 * MS, -30);

    assertThat(closing.deadlineAtNanos()).isEqualTo(101 * MS);
  }
}
