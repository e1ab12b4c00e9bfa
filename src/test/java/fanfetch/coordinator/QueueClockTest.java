package fanfetch.coordinator;

import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueClockTest {

  private static final long MS = 1_000_000;

  private static JsonObject decorated(QueueClock clock, int index) {
    JsonObject result = new JsonObject();
    clock.decorate(index, result);
    return result;
  }

  @Test
  void aUrlWaitsFromTheRunsStartAndNamesTheLimitThatHeldIt() {
    QueueClock clock = new QueueClock();
    clock.begin(100 * MS, false);
    clock.sent(0, 100 * MS, null, 0, 0);
    clock.sent(1, 105 * MS, null, 0, 101 * MS);
    clock.sent(2, 105 * MS, null, 103 * MS, 101 * MS);
    clock.sent(3, 107 * MS, TaskWindow.Hold.RATE, 103 * MS, 0);
    clock.sent(4, 108 * MS, TaskWindow.Hold.PER_HOST, 0, 0);
    clock.sent(5, 109 * MS, TaskWindow.Hold.NODE_PER_HOST, 0, 0);

    assertThat(decorated(clock, 0).getDouble(Results.QUEUE_MS)).isZero();
    assertThat(decorated(clock, 0).getString(Results.QUEUED_BY)).as("sent at once").isNull();
    JsonObject byConcurrency = decorated(clock, 1);
    assertThat(byConcurrency.getDouble(Results.QUEUE_MS)).isEqualTo(5.0);
    assertThat(byConcurrency.getString(Results.QUEUED_BY)).isEqualTo("concurrency");
    assertThat(decorated(clock, 2).getString(Results.QUEUED_BY)).as("the node ran out of credit meanwhile")
        .isEqualTo("nodeInFlight");
    assertThat(decorated(clock, 3).getString(Results.QUEUED_BY)).as("the host's own hold wins").isEqualTo("rate");
    assertThat(decorated(clock, 4).getString(Results.QUEUED_BY)).isEqualTo("perHost");
    assertThat(decorated(clock, 5).getString(Results.QUEUED_BY)).isEqualTo("nodePerHost");
  }

  @Test
  void aUrlQueuedAgainWaitsFromThen() {
    QueueClock clock = new QueueClock();
    clock.begin(0, false);
    clock.ready(7, 500 * MS);
    clock.sent(7, 502 * MS, null, 100 * MS, 501 * MS);
    JsonObject result = decorated(clock, 7);
    assertThat(result.getDouble(Results.QUEUE_MS)).isEqualTo(2.0);
    assertThat(result.getString(Results.QUEUED_BY)).as("the node was full before it was queued again")
        .isEqualTo("concurrency");
  }

  @Test
  void aWaitNoLimitExplainsNamesNone() {
    QueueClock clock = new QueueClock();
    clock.begin(0, false);
    // The window was full before the run began, never while this URL waited (read from the store, say).
    clock.sent(0, 80 * MS, null, 0, 0);
    JsonObject result = decorated(clock, 0);
    assertThat(result.getDouble(Results.QUEUE_MS)).isEqualTo(80.0);
    assertThat(result.getString(Results.QUEUED_BY)).isNull();
    clock.ready(1, 100 * MS);
    clock.sent(1, 110 * MS, null, 99 * MS, 99 * MS);
    assertThat(decorated(clock, 1).getString(Results.QUEUED_BY)).isNull();
  }

  @Test
  void aWaitUnderAMillisecondIsTheDispatchItselfAndASequentialRunNamesNoLimit() {
    QueueClock clock = new QueueClock();
    clock.begin(0, false);
    clock.sent(0, MS / 2, null, 0, 0);
    assertThat(decorated(clock, 0).getString(Results.QUEUED_BY)).isNull();

    clock.begin(0, true);
    clock.sent(1, 900 * MS, null, 0, 0);
    JsonObject sequential = decorated(clock, 1);
    assertThat(sequential.getDouble(Results.QUEUE_MS)).isEqualTo(900.0);
    assertThat(sequential.getString(Results.QUEUED_BY)).isNull();
  }

  @Test
  void aUrlNeverSentWaitedNothingAndIsAskedOnce() {
    QueueClock clock = new QueueClock();
    clock.begin(0, false);
    assertThat(decorated(clock, 3).getDouble(Results.QUEUE_MS)).isZero();
    clock.sent(3, 10 * MS, null, 0, 0);
    assertThat(decorated(clock, 3).getDouble(Results.QUEUE_MS)).isEqualTo(10.0);
    assertThat(decorated(clock, 3).getDouble(Results.QUEUE_MS)).isZero();
  }
}
