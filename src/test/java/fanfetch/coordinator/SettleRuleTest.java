package fanfetch.coordinator;

import fanfetch.coordinator.UrlTable.UrlState;
import fanfetch.model.ErrorKind;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Job#settle}, the rule for what a finished send means, one row per branch in the order the
 * rule takes them: stale, not ready, node left, vanished, given up, out of files, retry, complete.
 */
class SettleRuleTest {

  /** 3 sends before a silent task is given up; backoff 40 ms; 2 waits for file descriptors of 5 ms. */
  private static final RetryRules RULES = new RetryRules(3, 40, 40, 5, 2, new Random(1));
  private static final long T0 = 1_000_000_000L;

  private static TestJob job(JobSpec.Mode mode, int retries) {
    JobSpec spec = new JobSpec(List.of("http://a.test/", "http://b.test/"), mode, 4, 4, "GET", Map.of(), 30_000,
        10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, retries, 0);
    TestJob job = TestJob.of("01JOBID0000000000000000000", spec, "node-1", Instant.EPOCH, RULES);
    job.start(T0, Instant.EPOCH);
    return job;
  }

  private static JsonObject ok() {
    return new JsonObject().put(Results.OK, true).put(Results.STATUS, 200).put(Results.BYTES, 5L)
        .put(Results.TIMINGS, Results.timings(0, 0, 0.0, 1, 1, 2, false)).putNull(Results.ERROR);
  }

  private static JsonObject failed(ErrorKind kind) {
    return Results.failure(kind, "boom", null, "node-2");
  }

  private static SendOutcome fetched(JsonObject result) {
    return SendOutcome.fetched(new ResultBatch.Entry(1, result), "fanfetch.fetch.f1", "node-2");
  }

  private static SendOutcome outOfFiles() {
    return SendOutcome.fetched(new ResultBatch.Entry(1, failed(ErrorKind.CONNECT), null, true), "fanfetch.fetch.f1",
        "node-2");
  }

  private static SendOutcome noAnswer(SendOutcome.Kind kind) {
    return SendOutcome.failed(kind, "silence");
  }

  /** Sends URL 0 (its latest send is the one settled). */
  private static void send(TestJob job) {
    assertThat(job.nextTask()).isZero();
    job.sent(0, T0 + 1_000_000);
  }

  /** URL 0 sent {@code times} times, each earlier send lost to a vanished fetcher. */
  private static Consumer<TestJob> sentTimes(int times) {
    return job -> {
      for (int i = 0; i < times; i++) {
        if (i > 0) {
          job.settle(0, job.generation(), job.table().token(0), noAnswer(SendOutcome.Kind.VANISHED));
        }
        send(job);
      }
    };
  }

  /** URL 0 sent and sent back {@code waits} times for want of file descriptors, then sent again. */
  private static Consumer<TestJob> waitedForFiles(int waits) {
    return job -> {
      send(job);
      for (int i = 0; i < waits; i++) {
        job.settle(0, job.generation(), job.table().token(0), outOfFiles());
        job.wake(0, job.generation());
        send(job);
      }
    };
  }

  /** {@code answersSend}: which send the outcome answers, counted back from the latest (0: the latest). */
  record Row(String name, JobSpec.Mode mode, int retries, Consumer<TestJob> before, int answersSend, SendOutcome outcome,
             Class<? extends Verdict> verdict, UrlState after, int attempts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    JobSpec.Mode parallel = JobSpec.Mode.PARALLEL;
    return Stream.of(
        new Row("an answer to a superseded send is stale", parallel, 0,
            sentTimes(2), 1, fetched(ok()), Verdict.Stale.class, UrlState.IN_FLIGHT, 2),
        new Row("not ready: sent again, not an attempt", parallel, 0,
            sentTimes(1), 0, noAnswer(SendOutcome.Kind.NOT_READY), Verdict.QueuedAgain.class, UrlState.WAITING, 0),
        new Row("node left: sent again even with every send used", parallel, 0,
            sentTimes(3), 0, noAnswer(SendOutcome.Kind.NODE_LEFT), Verdict.QueuedAgain.class, UrlState.WAITING, 3),
        new Row("vanished with sends left: sent again", parallel, 0,
            sentTimes(2), 0, noAnswer(SendOutcome.Kind.VANISHED), Verdict.QueuedAgain.class, UrlState.WAITING, 2),
        new Row("vanished with every send used: given up as timeout", parallel, 0,
            sentTimes(3), 0, noAnswer(SendOutcome.Kind.VANISHED), Verdict.Completed.class, UrlState.DONE, 3),
        new Row("a send that failed otherwise: given up at once", parallel, 0,
            sentTimes(1), 0, noAnswer(SendOutcome.Kind.FAILED), Verdict.Completed.class, UrlState.DONE, 1),
        new Row("out of files with waits left: waits, not an attempt", parallel, 0,
            waitedForFiles(1), 0, outOfFiles(), Verdict.Pause.class, UrlState.WAITING_FILES, 0),
        new Row("out of files with every wait used: its failure is the result", parallel, 0,
            waitedForFiles(2), 0, outOfFiles(), Verdict.Completed.class, UrlState.DONE, 1),
        new Row("retriable failure with retries left: backs off", parallel, 1,
            sentTimes(1), 0, fetched(failed(ErrorKind.RESET)), Verdict.Pause.class, UrlState.BACKING_OFF, 1),
        new Row("retriable status with retries left: backs off", parallel, 1,
            sentTimes(1), 0, fetched(ok().put(Results.STATUS, 503).put(Results.OK, false)), Verdict.Pause.class,
            UrlState.BACKING_OFF, 1),
        new Row("retriable failure without retries: the result", parallel, 0,
            sentTimes(1), 0, fetched(failed(ErrorKind.RESET)), Verdict.Completed.class, UrlState.DONE, 1),
        new Row("a failure not worth retrying: the result", parallel, 3,
            sentTimes(1), 0, fetched(failed(ErrorKind.DNS)), Verdict.Completed.class, UrlState.DONE, 1),
        new Row("an answer: the result", parallel, 0,
            sentTimes(1), 0, fetched(ok()), Verdict.Completed.class, UrlState.DONE, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aSettledSendMeansWhatTheRuleSays(Row row) {
    TestJob job = job(row.mode(), row.retries());
    row.before().accept(job);

    Verdict verdict = job.settle(0, job.generation(), job.table().token(0) - row.answersSend(), row.outcome());

    assertThat(verdict).isInstanceOf(row.verdict());
    assertThat(job.table().state(0)).isEqualTo(row.after());
    assertThat(job.table().attempts(0)).isEqualTo(row.attempts());
    assertThat(job.table().count(UrlState.IN_FLIGHT)).isEqualTo(row.after() == UrlState.IN_FLIGHT ? 1 : 0);
  }

  @Test
  void aGivenUpUrlSaysHowOftenItWasSent() {
    TestJob job = job(JobSpec.Mode.PARALLEL, 0);
    sentTimes(3).accept(job);

    Verdict verdict = job.settle(0, job.generation(), job.table().token(0), noAnswer(SendOutcome.Kind.VANISHED));

    JsonObject error = ((Verdict.Completed) verdict).result().getJsonObject(Results.ERROR);
    assertThat(error.getString(Results.ERROR_KIND)).isEqualTo("timeout");
    assertThat(error.getString(Results.ERROR_MESSAGE)).isEqualTo("no fetcher answered after 3 attempts: silence");
  }

  @Test
  void aPauseNamesItsUrlAndLastsTheBackoffOrTheFileWait() {
    TestJob retrying = job(JobSpec.Mode.PARALLEL, 1);
    sentTimes(1).accept(retrying);
    TestJob waiting = job(JobSpec.Mode.PARALLEL, 0);
    sentTimes(1).accept(waiting);

    Verdict backoff = retrying.settle(0, 1, retrying.table().token(0), fetched(failed(ErrorKind.CONNECT)));
    Verdict files = waiting.settle(0, 1, waiting.table().token(0), outOfFiles());

    // the first retry waits half to all of retryBaseMs (jitter)
    assertThat(backoff).isInstanceOfSatisfying(Verdict.Pause.class, pause -> {
      assertThat(pause.index()).isZero();
      assertThat(pause.delayMs()).isBetween(20L, 40L);
    });
    assertThat(files).isEqualTo(new Verdict.Pause(0, 5));
  }

  @Test
  void aRetryThatCouldNotStartBeforeTheDeadlineKeepsTheAttemptsResult() {
    // The fetcher's deadline timer may fire a moment before the coordinator's: its timeout is the
    // URL's result, not a retry the deadline then closes as "could not be retried".
    TestJob closeToIt = deadlineJob(1);
    TestJob farFromIt = deadlineJob(60_000);

    Verdict kept = closeToIt.settle(0, 1, closeToIt.table().token(0), fetched(failed(ErrorKind.TIMEOUT)));
    Verdict retried = farFromIt.settle(0, 1, farFromIt.table().token(0), fetched(failed(ErrorKind.TIMEOUT)));

    assertThat(kept).isInstanceOfSatisfying(Verdict.Completed.class, completed ->
        assertThat(completed.result().getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE)).isEqualTo("boom"));
    assertThat(closeToIt.table().state(0)).isEqualTo(UrlState.DONE);
    assertThat(retried).isInstanceOf(Verdict.Pause.class);
    assertThat(farFromIt.table().state(0)).isEqualTo(UrlState.BACKING_OFF);
  }

  /** A job with 2 retries and a deadline {@code deadlineMs} from now (on the real clock), URL 0 sent. */
  private static TestJob deadlineJob(long deadlineMs) {
    JobSpec spec = new JobSpec(List.of("http://a.test/"), JobSpec.Mode.PARALLEL, 4, 4, "GET", Map.of(), 30_000,
        10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 2, deadlineMs);
    TestJob job = TestJob.of("01JOBID0000000000000000001", spec, "node-1", Instant.EPOCH, RULES);
    long now = System.nanoTime();
    job.start(now, Instant.EPOCH);
    assertThat(job.nextTask()).isZero();
    job.sent(0, now);
    return job;
  }

  @Test
  void aServersRetryAfterLengthensTheBackoff() {
    TestJob job = job(JobSpec.Mode.PARALLEL, 1);
    sentTimes(1).accept(job);
    JsonObject busy = ok().put(Results.STATUS, 429).put(Results.OK, false);

    Verdict verdict = job.settle(0, 1, job.table().token(0),
        SendOutcome.fetched(new ResultBatch.Entry(1, busy, 30_000L, false), "f", "n"));

    // capped at retryMaxMs, like the backoff itself
    assertThat(verdict).isEqualTo(new Verdict.Pause(0, 40));
  }

  @Test
  void afterItsRunOrJobEndsEverySendIsStale() {
    TestJob cancelled = job(JobSpec.Mode.PARALLEL, 0);
    sentTimes(1).accept(cancelled);
    int token = cancelled.table().token(0);
    cancelled.cancel(T0 + 5_000_000, Instant.EPOCH);

    TestJob compare = job(JobSpec.Mode.COMPARE, 0);
    sentTimes(1).accept(compare);
    int firstRun = compare.generation();
    int firstToken = compare.table().token(0);
    compare.settle(0, firstRun, firstToken, fetched(ok()));
    compare.sent(compare.nextTask(), T0 + 2_000_000);
    compare.settle(1, firstRun, compare.table().token(1), fetched(ok()));
    compare.nextRun(T0 + 3_000_000);
    compare.sent(compare.nextTask(), T0 + 4_000_000);

    assertThat(cancelled.settle(0, 1, token, fetched(ok()))).isEqualTo(Verdict.STALE);
    assertThat(compare.settle(0, firstRun, compare.table().token(0), fetched(ok()))).isEqualTo(Verdict.STALE);
  }

  @Test
  void aSequentialRunStaysWithTheFetcherThatAnsweredUntilOneVanishes() {
    TestJob job = job(JobSpec.Mode.SEQUENTIAL, 0);
    sentTimes(1).accept(job);
    job.settle(0, 1, job.table().token(0), fetched(ok()));

    assertThat(job.job().pin()).isEqualTo(new Pin("fanfetch.fetch.f1", "node-2"));
    job.sent(job.nextTask(), T0 + 2_000_000);
    job.settle(1, 1, job.table().token(1), noAnswer(SendOutcome.Kind.VANISHED));
    assertThat(job.job().pin()).isNull();
  }

  @Test
  void aParallelRunIsNeverPinned() {
    TestJob job = job(JobSpec.Mode.PARALLEL, 0);
    sentTimes(1).accept(job);

    job.settle(0, 1, job.table().token(0), fetched(ok()));

    assertThat(job.job().pin()).isNull();
  }

  @Test
  void aWokenUrlIsSentAgainAheadOfUntouchedOnes() {
    JobSpec spec = new JobSpec(List.of("http://a.test/1", "http://a.test/2"), JobSpec.Mode.PARALLEL, 1, 1, "GET",
        Map.of(), 30_000, 10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 1, 0);
    TestJob job = TestJob.of("01JOBID0000000000000000000", spec, "node-1", Instant.EPOCH, RULES);
    job.start(T0, Instant.EPOCH);
    send(job);
    job.settle(0, 1, job.table().token(0), fetched(failed(ErrorKind.TIMEOUT)));

    assertThat(job.nextTask()).isEqualTo(1); // the slot is free while 0 backs off
    job.sent(1, T0);
    job.settle(1, 1, job.table().token(1), fetched(ok()));
    assertThat(job.wake(0, 1)).isEqualTo(Verdict.QUEUED_AGAIN);
    assertThat(job.nextTask()).isZero();
  }
}
