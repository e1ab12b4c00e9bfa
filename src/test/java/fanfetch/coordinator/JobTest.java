package fanfetch.coordinator;

import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Job is driven by hand here: the test plays coordinator and fetchers, and the clock is a
 * made-up nanosecond counter ({@link #ms} converts), so every duration is exact.
 */
class JobTest {

  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant STARTED = Instant.parse("2025-01-01T00:00:01Z");
  private static final Instant FINISHED = Instant.parse("2025-01-01T00:00:09Z");
  /** The synthetic nanoTime at which every run in these tests starts. */
  private static final long T0 = 5_000_000_000L;

  private static long ms(double millis) {
    return T0 + (long) (millis * 1_000_000);
  }

  private static JobSpec spec(JobSpec.Mode mode, int concurrency, int perHost, String... urls) {
    return new JobSpec(List.of(urls), mode, concurrency, perHost, "GET", Map.of(), 30_000, 10_000, true, 5,
        1L << 30, JobSpec.Digest.SHA256, 0, 0);
  }

  /** Retries back off 1 ms, file waits 1 ms; 3 sends before a silent task is given up. */
  static final RetryRules RULES = new RetryRules(3, 1, 1, 1, 600, new java.util.Random(7));

  private static TestJob run(JobSpec spec) {
    return TestJob.of("01JOBID0000000000000000000", spec, "node-1", CREATED, RULES);
  }

  // The coordinator's part, played by the test: each settles the URL's latest send.

  static Verdict settle(TestJob run, int index, SendOutcome outcome) {
    return run.settle(index, run.generation(), run.table().token(index), outcome);
  }

  /** The fetcher answered; returns the result as the report shows it (the URL must be complete now). */
  static JsonObject complete(TestJob run, int index, JsonObject fetched) {
    Verdict verdict = settle(run, index, answer(fetched));
    assertThat(verdict).isInstanceOf(Verdict.Completed.class);
    return ((Verdict.Completed) verdict).result();
  }

  static SendOutcome answer(JsonObject fetched) {
    return SendOutcome.fetched(new fanfetch.protocol.ResultBatch.Entry(1, fetched), "fanfetch.fetch.f1", "node-1");
  }

  /** The task's fetcher vanished: it goes again. */
  static void resend(TestJob run, int index) {
    assertThat(settle(run, index, SendOutcome.failed(SendOutcome.Kind.VANISHED, "gone")))
        .isEqualTo(Verdict.QUEUED_AGAIN);
  }

  /** A retriable failure: the URL backs off (returns the pause). */
  static Verdict.Pause attemptFailed(TestJob run, int index, JsonObject fetched) {
    Verdict verdict = settle(run, index, answer(fetched));
    assertThat(verdict).isInstanceOf(Verdict.Pause.class);
    return (Verdict.Pause) verdict;
  }

  /** What a fetcher would answer for a successful fetch. */
  private static JsonObject fetched(int status, long bytes, double totalMs) {
    return new JsonObject()
        .put(Results.FINAL_URL, "http://example.test/")
        .put(Results.OK, status < 300)
        .put(Results.STATUS, status)
        .put(Results.BYTES, bytes)
        .put(Results.NODE, "node-1")
        .put(Results.TIMINGS, Results.timings(1, 2, null, 3, 4, totalMs, false))
        .putNull(Results.ERROR);
  }

  static List<Integer> dispatchAll(TestJob run, long nanos) {
    List<Integer> out = new ArrayList<>();
    for (int i = run.nextTask(nanos); i >= 0; i = run.nextTask(nanos)) {
      run.sent(i, nanos);
      out.add(i);
    }
    return out;
  }

  private static List<Integer> indices(JsonArray results) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      out.add(results.getJsonObject(i).getInteger(Results.INDEX));
    }
    return out;
  }

  // --- start and invalid URLs -----------------------------------------------------------------

  @Test
  void invalidUrlsAreKnownAsInvalidUrlResultsAtStart() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/", "ftp://b.example.test/", "not a url"));

    List<JsonObject> known = run.start(T0, STARTED);

    assertThat(known).extracting(r -> r.getInteger(Results.INDEX)).containsExactly(1, 2);
    assertThat(known).extracting(r -> r.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND))
        .containsOnly("invalid_url");
    assertThat(known.get(0).getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("scheme 'ftp' is not http or https");
  }

  @Test
  void anInvalidUrlResultIsNeverAttemptedAndTakesNoTime() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "ftp://files.invalid/"));

    JsonObject result = run.start(T0, STARTED).get(0);

    assertThat(result.getInteger(Results.ATTEMPTS)).isZero();
    assertThat(result.getBoolean(Results.OK)).isFalse();
    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isZero();
    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.TOTAL_MS)).isZero();
    assertThat(result.getString(Results.NODE)).isEqualTo("node-1");
  }

  @Test
  void invalidUrlsAreNeverDispatched() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/", "nope", "http://c.example.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(1))).containsExactly(0, 2);
  }

  @Test
  void aResultShowsTheUrlWithCredentialsRedacted() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://user:secret@a.example.test/x", "ftp://u:p@b.example.test/"));
    List<JsonObject> known = run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));

    JsonObject fetchedResult = complete(run, 0, fetched(200, 1, 5));

    assertThat(fetchedResult.getString(Results.URL)).isEqualTo("http://***@a.example.test/x");
    assertThat(known.get(0).getString(Results.URL)).isEqualTo("ftp://***@b.example.test/");
  }

  @Test
  void aJobWhoseUrlsAreAllInvalidIsCompleteAtStart() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "nope", "ftp://x/"));

    run.start(T0, STARTED);

    assertThat(run.runComplete()).isTrue();
    assertThat(run.nextTask()).isEqualTo(-1);
  }

  // --- dispatching and completing -------------------------------------------------------------

  @Test
  void aParallelJobDispatchesUpToItsConcurrency() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 2, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 1);
  }

  @Test
  void aParallelJobRespectsItsPerHostLimit() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 1, "http://a.test/1", "http://a.test/2", "http://b.test/1"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 2);
  }

  @Test
  void aSequentialJobRunsOneUrlAtATime() {
    TestJob run = run(spec(JobSpec.Mode.SEQUENTIAL, 50, 50, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0);
    complete(run, 0, fetched(200, 1, 1));
    assertThat(dispatchAll(run, ms(1))).containsExactly(1);
  }

  @Test
  void aCompletedResultIsDecoratedWithIndexUrlAndAttempts() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/x"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));

    JsonObject result = complete(run, 0, fetched(200, 42, 12.5));

    assertThat(result.getInteger(Results.INDEX)).isZero();
    assertThat(result.getString(Results.URL)).isEqualTo("http://a.example.test/x");
    assertThat(result.getInteger(Results.ATTEMPTS)).isEqualTo(1);
    assertThat(result.getInteger(Results.STATUS)).isEqualTo(200);
    assertThat(result.getLong(Results.BYTES)).isEqualTo(42);
    assertThat(result.containsKey(Results.RUN)).isFalse();
  }

  @Test
  void startMsIsTheTimeFromRunStartToDispatch() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0.5));
    complete(run, 0, fetched(200, 1, 100));
    run.sent(run.nextTask(), ms(100.25));

    JsonObject second = complete(run, 1, fetched(200, 1, 50));

    assertThat(second.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isEqualTo(100.25);
    assertThat(second.getJsonObject(Results.TIMINGS).getDouble(Results.TOTAL_MS)).isEqualTo(50.0);
  }

  @Test
  void resultsAreReportedInInputOrderWhateverOrderTheyFinishIn() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "bad url", "http://c.test/", "http://d.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    complete(run, 3, fetched(200, 1, 1));
    complete(run, 0, fetched(200, 1, 1));
    complete(run, 2, fetched(200, 1, 1));
    run.finish(Job.State.DONE, ms(10), FINISHED);

    JsonArray results = run.report(ms(10)).getJsonArray("results");

    assertThat(indices(results)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void aFinishedJobHasExactlyOneResultPerUrl() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 2, 1, "http://a.test/", "http://a.test/", "http://b.test/", "x", "http://c.test/"));
    run.start(T0, STARTED);
    long clock = ms(0);
    while (!run.runComplete()) {
      for (int i : dispatchAll(run, clock)) {
        complete(run, i, fetched(200, 1, 1));
      }
      clock += 1_000_000;
    }
    run.finish(Job.State.DONE, clock, FINISHED);

    JsonObject report = run.report(clock);

    assertThat(indices(report.getJsonArray("results"))).containsExactly(0, 1, 2, 3, 4);
    assertThat(report.getJsonObject("summary").getInteger("completed")).isEqualTo(5);
  }

  @Test
  void aRetriedTaskIsDispatchedAgainAndCountsBothAttempts() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));

    resend(run, 0);

    assertThat(run.nextTask()).isZero();
    run.sent(0, ms(30));
    assertThat(run.table().attempts(0)).isEqualTo(2);
    assertThat(complete(run, 0, fetched(200, 1, 1)).getInteger(Results.ATTEMPTS)).isEqualTo(2);
  }

  // --- the report -----------------------------------------------------------------------------

  @Test
  void beforeAnyDispatchTheJobIsQueuedWithNoDuration() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);

    JsonObject report = run.report(ms(500));

    assertThat(report.getString("state")).isEqualTo("queued");
    assertThat(report.getDouble("durationMs")).isZero();
    assertThat(report.getString("startedAt")).isEqualTo(STARTED.toString());
    assertThat(report.getValue("finishedAt")).isNull();
  }

  @Test
  void whileRunningTheReportHoldsOnlyFinishedUrlsAndTheTimeSoFar() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    complete(run, 1, fetched(200, 7, 20));

    JsonObject report = run.report(ms(40));

    assertThat(report.getString("state")).isEqualTo("running");
    assertThat(report.getDouble("durationMs")).isEqualTo(40.0);
    assertThat(indices(report.getJsonArray("results"))).containsExactly(1);
    assertThat(report.getJsonObject("summary").getInteger("total")).isEqualTo(3);
    assertThat(report.getJsonObject("summary").getInteger("completed")).isEqualTo(1);
    assertThat(run.finished()).isFalse();
  }

  @Test
  void onceDoneTheReportIsFrozenAtTheFinishTime() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    complete(run, 0, fetched(200, 10, 30));
    complete(run, 1, fetched(404, 5, 50));
    run.finish(Job.State.DONE, ms(50), FINISHED);

    JsonObject report = run.report(ms(99_999));

    assertThat(report.getString("id")).isEqualTo("01JOBID0000000000000000000");
    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getString("mode")).isEqualTo("parallel");
    assertThat(report.getString("createdAt")).isEqualTo(CREATED.toString());
    assertThat(report.getString("finishedAt")).isEqualTo(FINISHED.toString());
    assertThat(report.getDouble("durationMs")).isEqualTo(50.0);
    assertThat(report.getDouble("fetchTimeSumMs")).isEqualTo(80.0);
    assertThat(report.getDouble("speedup")).isEqualTo(1.6);
    assertThat(report.getJsonObject("summary").getLong("bytes")).isEqualTo(15);
    assertThat(report.getJsonObject("summary").getJsonObject("statusCounts"))
        .isEqualTo(new JsonObject().put("200", 1).put("404", 1));
    assertThat(run.finished()).isTrue();
  }

  @Test
  void aParallelJobHasOnlyOneRun() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));
    complete(run, 0, fetched(200, 1, 1));

    assertThat(run.nextRun(ms(1))).isNull();
  }

  @Test
  void aSequentialJobHasOnlyOneRun() {
    TestJob run = run(spec(JobSpec.Mode.SEQUENTIAL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));
    complete(run, 0, fetched(200, 1, 1));

    assertThat(run.nextRun(ms(1))).isNull();
  }

  @Test
  void aReportOfANonCompareJobHasNoRunBlocks() {
    TestJob run = run(spec(JobSpec.Mode.SEQUENTIAL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);

    JsonObject report = run.report(ms(1));

    assertThat(report.fieldNames()).doesNotContain("run", "sequential", "parallel");
  }

  // --- compare mode ---------------------------------------------------------------------------

  /** Runs one run of a job to its end, one URL per millisecond; returns the clock at the end. */
  private static long runThrough(TestJob run, long clock, double totalMsEach) {
    long now = clock;
    while (!run.runComplete()) {
      List<Integer> sent = dispatchAll(run, now);
      assertThat(sent).as("a run that sends nothing more would never end").isNotEmpty();
      now += 1_000_000;
      for (int i : sent) {
        complete(run, i, fetched(200, 1, totalMsEach));
      }
    }
    return now;
  }

  @Test
  void compareModeRunsSequentiallyFirst() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0);
    assertThat(run.report(ms(1)).getString("run")).isEqualTo("sequential");
  }

  @Test
  void compareModeResultsOfTheFirstRunCarryRunSequential() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));

    assertThat(complete(run, 0, fetched(200, 1, 1)).getString(Results.RUN)).isEqualTo("sequential");
  }

  @Test
  void afterTheSequentialRunCompareModeRunsAgainInParallel() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    long end = runThrough(run, ms(0), 1);
    int firstGeneration = run.generation();

    List<JsonObject> known = run.nextRun(end);

    assertThat(known).isEmpty();
    assertThat(run.generation()).isEqualTo(firstGeneration + 1);
    assertThat(run.runComplete()).isFalse();
    assertThat(dispatchAll(run, end)).containsExactly(0, 1, 2);
    assertThat(complete(run, 1, fetched(200, 1, 1)).getString(Results.RUN)).isEqualTo("parallel");
  }

  @Test
  void compareModeReportsASequentialAndAParallelBlock() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/", "http://d.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 10);        // 4 URLs one after the other: 4 ms
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 10); // all 4 at once: 1 ms
    run.finish(Job.State.DONE, parallelEnd, FINISHED);

    JsonObject report = run.report(parallelEnd);

    assertThat(report.getString("run")).isEqualTo("parallel");
    JsonObject sequential = report.getJsonObject("sequential");
    JsonObject parallel = report.getJsonObject("parallel");
    assertThat(sequential.getDouble("durationMs")).isEqualTo(4.0);
    assertThat(parallel.getDouble("durationMs")).isEqualTo(1.0);
    assertThat(sequential.getJsonObject("summary").getInteger("completed")).isEqualTo(4);
    assertThat(parallel.getJsonObject("summary").getInteger("completed")).isEqualTo(4);
    assertThat(sequential.getJsonArray("results")).hasSize(4);
    assertThat(sequential.getJsonArray("results")).allSatisfy(r ->
        assertThat(((JsonObject) r).getString(Results.RUN)).isEqualTo("sequential"));
    assertThat(report.getJsonArray("results")).allSatisfy(r ->
        assertThat(((JsonObject) r).getString(Results.RUN)).isEqualTo("parallel"));
  }

  // --- taken over: resumed where another coordinator was ---------------------------------------

  @Test
  void aCompareJobTakenOverInItsSequentialRunGoesOnOneUrlAtATimeThenRunsInParallel() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.job().resume(ms(5), STARTED, 1, 2.0, Long.MIN_VALUE, null, 0, 1);
    run.loadAll();

    assertThat(run.state()).isEqualTo(Job.State.RUNNING);
    assertThat(run.job().runNumber()).isEqualTo(1);
    assertThat(run.job().inSequentialRun()).isTrue();
    assertThat(run.job().coordinatorChanges()).isEqualTo(1);
    assertThat(run.job().currentRun().startNanos()).as("begun 2 ms before it was taken over").isEqualTo(ms(3));
    assertThat(dispatchAll(run, ms(5))).containsExactly(0);
    complete(run, 0, fetched(200, 1, 1));

    long end = runThrough(run, ms(6), 1);
    assertThat(run.nextRun(end)).isNotNull();
    assertThat(run.job().runNumber()).isEqualTo(2);
    assertThat(run.job().inSequentialRun()).isFalse();
  }

  @Test
  void aCompareJobTakenOverInItsParallelRunKeepsTheSequentialBlockItWasGiven() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/"));
    JsonObject sequentialBlock = new JsonObject().put("durationMs", 7.0);
    run.job().resume(ms(0), STARTED, 2, 0, 30_000, sequentialBlock, 7.0, 2);
    run.loadAll();

    assertThat(run.job().runNumber()).isEqualTo(2);
    assertThat(run.generation()).as("one generation for each run").isEqualTo(2);
    assertThat(run.job().inSequentialRun()).isFalse();
    assertThat(run.job().runs().sequentialMs()).isEqualTo(7.0);
    assertThat(run.job().runs().sequentialBlock()).isSameAs(sequentialBlock);
    assertThat(run.job().closer().deadlineAtNanos()).isEqualTo(ms(30_000));
    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 1);
    complete(run, 0, fetched(200, 1, 1));
    complete(run, 1, fetched(200, 1, 1));
    assertThat(run.runComplete()).isTrue();
    assertThat(run.nextRun(ms(1))).as("the parallel run is the last").isNull();
  }

  @Test
  void aCompareJobCancelledDuringItsSequentialRunKeepsTheReportsShape() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    assertThat(dispatchAll(run, ms(0))).containsExactly(0);
    complete(run, 0, fetched(200, 1, 5));
    assertThat(dispatchAll(run, ms(5))).containsExactly(1);

    run.cancel(ms(8), FINISHED);
    JsonObject report = run.report(ms(20));

    assertThat(report.getString("state")).isEqualTo("cancelled");
    assertThat(report.getString("run")).isEqualTo("parallel");
    JsonObject sequential = report.getJsonObject("sequential");
    assertThat(sequential.getDouble("durationMs")).as("to the cancel").isEqualTo(8.0);
    assertThat(sequential.getJsonArray("results")).extracting(r -> ((JsonObject) r).getString(Results.RUN))
        .containsOnly("sequential");
    assertThat(sequential.getJsonArray("results").getJsonObject(0).getBoolean(Results.OK)).isTrue();
    assertThat(sequential.getJsonArray("results").getJsonObject(1).getJsonObject(Results.ERROR).getString("message"))
        .isEqualTo("job cancelled while fetching");
    // Top-level results are the parallel run's, as always: it never started, each URL says so.
    JsonArray results = report.getJsonArray("results");
    assertThat(indices(results)).containsExactly(0, 1, 2);
    assertThat(results).allSatisfy(r -> {
      JsonObject result = (JsonObject) r;
      assertThat(result.getString(Results.RUN)).isEqualTo("parallel");
      assertThat(result.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND)).isEqualTo("cancelled");
      assertThat(result.getInteger(Results.ATTEMPTS)).isZero();
    });
    assertThat(report.getJsonObject("parallel").getDouble("durationMs")).isZero();
    assertThat(report.getDouble("durationMs")).isZero();
  }

  @Test
  void compareModeSpeedupIsSequentialDurationOverParallelDuration() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 10);  // 3 ms
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 10); // 1 ms
    run.finish(Job.State.DONE, parallelEnd + 1_000_000, FINISHED); // parallel run took 2 ms in all

    JsonObject report = run.report(parallelEnd);

    double sequentialMs = report.getJsonObject("sequential").getDouble("durationMs");
    double parallelMs = report.getJsonObject("parallel").getDouble("durationMs");
    assertThat(sequentialMs).isEqualTo(3.0);
    assertThat(parallelMs).isEqualTo(2.0);
    assertThat(report.getDouble("speedup")).isEqualTo(1.5);
  }

  @Test
  void compareModeStartMsCountsFromTheStartOfEachRun() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 1);
    run.nextRun(sequentialEnd);
    run.sent(run.nextTask(), sequentialEnd + 2_000_000);

    JsonObject result = complete(run, 0, fetched(200, 1, 1));

    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isEqualTo(2.0);
  }

  @Test
  void compareModeInvalidUrlResultsNameTheRunTheyBelongTo() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "not a url"));

    List<JsonObject> sequentialKnown = run.start(T0, STARTED);
    long end = runThrough(run, T0, 1);
    List<JsonObject> parallelKnown = run.nextRun(end);

    assertThat(sequentialKnown).singleElement()
        .satisfies(r -> assertThat(r.getString(Results.RUN)).isEqualTo("sequential"));
    assertThat(parallelKnown).singleElement()
        .satisfies(r -> assertThat(r.getString(Results.RUN)).isEqualTo("parallel"));
  }

  @Test
  void compareModeSequentialBlockKeepsItsInvalidUrlResultsAsSequential() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "not a url"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 1);
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 1);
    run.finish(Job.State.DONE, parallelEnd, FINISHED);

    JsonObject report = run.report(parallelEnd);

    assertThat(report.getJsonObject("sequential").getJsonArray("results").getJsonObject(1).getString(Results.RUN))
        .isEqualTo("sequential");
    assertThat(report.getJsonArray("results").getJsonObject(1).getString(Results.RUN)).isEqualTo("parallel");
  }

  @Test
  void compareModeCountsAttemptsPerRun() {
    TestJob run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    long end = runThrough(run, T0, 1);
    run.nextRun(end);
    run.sent(run.nextTask(), end);

    assertThat(run.table().attempts(0)).isEqualTo(1);
    assertThat(complete(run, 0, fetched(200, 1, 1)).getInteger(Results.ATTEMPTS)).isEqualTo(1);
  }

  // --- cancel ---------------------------------------------------------------------------------

  @Test
  void cancellingGivesEveryUnstartedUrlACancelledBeforeResult() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));

    List<JsonObject> cancelled = run.cancel(ms(5), FINISHED);

    assertThat(cancelled).filteredOn(r -> r.getInteger(Results.INDEX) > 0).hasSize(2).allSatisfy(r -> {
      assertThat(r.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND)).isEqualTo("cancelled");
      assertThat(r.getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
          .isEqualTo("job cancelled before this URL started");
      assertThat(r.getInteger(Results.ATTEMPTS)).isZero();
    });
  }

  @Test
  void cancellingGivesAnInFlightUrlACancelledWhileFetchingResultWithItsTimes() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(2));

    JsonObject inFlight = run.cancel(ms(9.5), FINISHED).get(0);

    assertThat(inFlight.getInteger(Results.INDEX)).isZero();
    assertThat(inFlight.getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("job cancelled while fetching");
    assertThat(inFlight.getInteger(Results.ATTEMPTS)).isEqualTo(1);
    assertThat(inFlight.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isEqualTo(2.0);
    assertThat(inFlight.getJsonObject(Results.TIMINGS).getDouble(Results.TOTAL_MS)).isEqualTo(7.5);
  }

  @Test
  void cancellingReturnsOnlyTheNewResults() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "bad", "http://c.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    complete(run, 0, fetched(200, 1, 1));

    List<JsonObject> cancelled = run.cancel(ms(3), FINISHED);

    assertThat(cancelled).extracting(r -> r.getInteger(Results.INDEX)).containsExactly(2);
  }

  @Test
  void aCancelledJobIsFinishedWithAResultForEveryUrl() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/", "bad"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));

    run.cancel(ms(4), FINISHED);
    JsonObject report = run.report(ms(100));

    assertThat(run.state()).isEqualTo(Job.State.CANCELLED);
    assertThat(run.finished()).isTrue();
    assertThat(run.nextTask()).isEqualTo(-1);
    assertThat(report.getString("state")).isEqualTo("cancelled");
    assertThat(report.getDouble("durationMs")).isEqualTo(4.0);
    assertThat(report.getString("finishedAt")).isEqualTo(FINISHED.toString());
    assertThat(indices(report.getJsonArray("results"))).containsExactly(0, 1, 2);
  }

  @Test
  void aDeadlineThatPassesWhileACancelClosesTheJobLeavesItCancelled() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    int flying = run.nextTask();
    run.sent(flying, ms(0));
    // Cancelled with one fetch in flight: the job stays open until its cancelled answer comes.
    run.job().closer().cancel(ms(3));

    List<JsonObject> expired = run.expire(ms(4));
    settle(run, flying, answer(fetched(200, 1, 5)));

    assertThat(expired).isEmpty();
    assertThat(run.job().closer().expired()).isFalse();
    assertThat(run.job().closer().endState()).isEqualTo(Job.State.CANCELLED);
  }

  @Test
  void aTaskWaitingToBeRetriedIsCancelledAsNotStarted() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/"));
    run.start(T0, STARTED);
    run.sent(run.nextTask(), ms(0));
    resend(run, 0);

    JsonObject result = run.cancel(ms(1), FINISHED).get(0);

    assertThat(result.getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("job cancelled before this URL started");
  }

  private static String[] manyUrls(int n) {
    String[] urls = new String[n];
    for (int i = 0; i < n; i++) {
      urls[i] = String.format("http://h%d.test/%d", i % 7, i);
    }
    return urls;
  }

  @Test
  void aJobCancelledBeforeItsFirstChunkIsLoadedClosesEveryUrlAsItsChunksLoad() {
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, manyUrls(3)));
    run.job().start(T0, STARTED); // the coordinator asked for chunk 0; it has not come yet

    List<JsonObject> cancelled = run.cancel(ms(1), FINISHED);

    assertThat(cancelled).hasSize(3);
    assertThat(cancelled).extracting(r -> r.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND))
        .containsOnly("cancelled");
    assertThat(run.state()).isEqualTo(Job.State.CANCELLED);
  }

  @Test
  void aLargeJobCancelledWithMostChunksNotLoadedGetsOneResultPerUrl() {
    int n = 3 * ChunkFeed.LOOKAHEAD;
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, manyUrls(n)));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));

    run.cancel(ms(1), FINISHED);

    JsonArray results = run.report(ms(2)).getJsonArray("results");
    assertThat(results).hasSize(n);
    assertThat(indices(results)).isSorted().doesNotHaveDuplicates();
    assertThat(results.getJsonObject(n - 1).getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("job cancelled before this URL started");
  }

  @Test
  void aLargeJobsDeadlineClosesTheUrlsNotLoadedAsTheyLoad() {
    int n = 3 * ChunkFeed.LOOKAHEAD;
    TestJob run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, manyUrls(n)));
    run.start(T0, STARTED);
    List<Integer> flying = dispatchAll(run, ms(0));

    List<JsonObject> expired = run.expire(ms(5));
    for (int i : flying) {
      settle(run, i, answer(fetched(200, 1, 5)));
    }

    assertThat(expired).hasSize(n - flying.size());
    assertThat(run.runComplete()).isTrue();
    assertThat(run.report(ms(6)).getJsonArray("results")).hasSize(n);
  }

  private static JobSpec withRetries(int retries, String... urls) {
    return new JobSpec(List.of(urls), JobSpec.Mode.PARALLEL, 4, 4, "GET", Map.of(), 30_000, 10_000, true, 5,
        1L << 30, JobSpec.Digest.SHA256, retries, 0);
  }

  private static JsonObject failedWith(String kind) {
    return Results.failure(fanfetch.model.ErrorKind.fromWireName(kind), "boom", null, "node-1");
  }

  @Test
  void retriableFailuresAreRetriedUntilTheJobsRetriesAreUsed() {
    TestJob run = run(withRetries(2, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));

    Verdict.Pause pause = attemptFailed(run, 0, failedWith("connect"));
    assertThat(pause.index()).isZero();
    assertThat(run.nextTask()).isEqualTo(-1);
    assertThat(run.wake(0, run.generation())).isEqualTo(Verdict.QUEUED_AGAIN);
    assertThat(dispatchAll(run, ms(100))).containsExactly(0);
    attemptFailed(run, 0, fetched(503, 0, 5));
    run.wake(0, run.generation());
    dispatchAll(run, ms(300));

    // Both retries used: the third failure, retriable as it is, is the URL's result.
    JsonObject result = complete(run, 0, failedWith("reset"));
    assertThat(result.getInteger(Results.ATTEMPTS)).isEqualTo(3);
    assertThat(result.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND)).isEqualTo("reset");
    assertThat(result.getJsonArray(Results.HISTORY)).hasSize(2);
    assertThat(result.getJsonArray(Results.HISTORY).getJsonObject(0).getString("error")).isEqualTo("connect");
    assertThat(result.getJsonArray(Results.HISTORY).getJsonObject(1).getInteger("status")).isEqualTo(503);
    assertThat(run.runComplete()).isTrue();
  }

  @Test
  void aRetriedUrlThatSucceedsKeepsItsEarlierAttemptsInItsHistory() {
    TestJob run = run(withRetries(2, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));
    attemptFailed(run, 0, failedWith("timeout"));
    run.wake(0, run.generation());
    dispatchAll(run, ms(10));

    JsonObject result = complete(run, 0, fetched(200, 10, 7));

    assertThat(result.getInteger(Results.ATTEMPTS)).isEqualTo(2);
    assertThat(result.getJsonArray(Results.HISTORY).getJsonObject(0))
        .isEqualTo(new JsonObject().put("attempt", 1).put("error", "timeout").put("durationMs", 0.0));
  }

  @Test
  void onlyTransientFailuresAreRetried() {
    assertThat(RetryRules.retriable(failedWith("timeout"))).isTrue();
    assertThat(RetryRules.retriable(failedWith("connect"))).isTrue();
    assertThat(RetryRules.retriable(failedWith("reset"))).isTrue();
    assertThat(RetryRules.retriable(fetched(429, 0, 1))).isTrue();
    assertThat(RetryRules.retriable(fetched(502, 0, 1))).isTrue();
    assertThat(RetryRules.retriable(fetched(503, 0, 1))).isTrue();
    assertThat(RetryRules.retriable(fetched(504, 0, 1))).isTrue();
    assertThat(RetryRules.retriable(failedWith("dns"))).isFalse();
    assertThat(RetryRules.retriable(failedWith("blocked"))).isFalse();
    assertThat(RetryRules.retriable(failedWith("tls"))).isFalse();
    assertThat(RetryRules.retriable(failedWith("too_large"))).isFalse();
    assertThat(RetryRules.retriable(fetched(404, 0, 1))).isFalse();
    assertThat(RetryRules.retriable(fetched(500, 0, 1))).isFalse();
    assertThat(RetryRules.retriable(fetched(200, 0, 1))).isFalse();
  }

  @Test
  void withoutRetriesNothingIsRetried() {
    TestJob run = run(withRetries(0, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));

    assertThat(complete(run, 0, failedWith("connect")).getJsonObject(Results.ERROR).getString(Results.ERROR_KIND))
        .isEqualTo("connect");
  }

  @Test
  void aUrlWaitingToRetryKeepsTheJobOpenAndIsCancelledWithIt() {
    TestJob run = run(withRetries(1, "http://a.test/", "http://b.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));
    complete(run, 1, fetched(200, 1, 1));
    attemptFailed(run, 0, failedWith("reset"));

    assertThat(run.runComplete()).isFalse();
    run.cancel(ms(50), FINISHED);
    assertThat(run.runComplete()).isTrue();
    assertThat(run.report(ms(50)).getJsonArray("results").getJsonObject(0).getJsonObject("error")
        .getString("kind")).isEqualTo("cancelled");
    assertThat(run.wake(0, run.generation())).isEqualTo(Verdict.STALE);
  }
}
