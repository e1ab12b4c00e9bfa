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
 * JobRun is driven by hand here: the test plays coordinator and fetchers, and the clock is a
 * made-up nanosecond counter ({@link #ms} converts), so every duration is exact.
 */
class JobRunTest {

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

  private static JobRun run(JobSpec spec) {
    return new JobRun("01JOBID0000000000000000000", spec, "node-1", CREATED);
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

  private static List<Integer> dispatchAll(JobRun run, long nanos) {
    List<Integer> out = new ArrayList<>();
    for (int i = run.nextTask(); i >= 0; i = run.nextTask()) {
      run.dispatched(i, nanos);
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
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/", "ftp://b.example.test/", "not a url"));

    List<JsonObject> known = run.start(T0, STARTED);

    assertThat(known).extracting(r -> r.getInteger(Results.INDEX)).containsExactly(1, 2);
    assertThat(known).extracting(r -> r.getJsonObject(Results.ERROR).getString(Results.ERROR_KIND))
        .containsOnly("invalid_url");
    assertThat(known.get(0).getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("scheme 'ftp' is not http or https");
  }

  @Test
  void anInvalidUrlResultIsNeverAttemptedAndTakesNoTime() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "ftp://files.invalid/"));

    JsonObject result = run.start(T0, STARTED).get(0);

    assertThat(result.getInteger(Results.ATTEMPTS)).isZero();
    assertThat(result.getBoolean(Results.OK)).isFalse();
    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isZero();
    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.TOTAL_MS)).isZero();
    assertThat(result.getString(Results.NODE)).isEqualTo("node-1");
  }

  @Test
  void invalidUrlsAreNeverDispatched() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/", "nope", "http://c.example.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(1))).containsExactly(0, 2);
  }

  @Test
  void aResultShowsTheUrlWithCredentialsRedacted() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://user:secret@a.example.test/x", "ftp://u:p@b.example.test/"));
    List<JsonObject> known = run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));

    JsonObject fetchedResult = run.complete(0, fetched(200, 1, 5));

    assertThat(fetchedResult.getString(Results.URL)).isEqualTo("http://***@a.example.test/x");
    assertThat(known.get(0).getString(Results.URL)).isEqualTo("ftp://***@b.example.test/");
  }

  @Test
  void aJobWhoseUrlsAreAllInvalidIsCompleteAtStart() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "nope", "ftp://x/"));

    run.start(T0, STARTED);

    assertThat(run.runComplete()).isTrue();
    assertThat(run.nextTask()).isEqualTo(-1);
  }

  // --- dispatching and completing -------------------------------------------------------------

  @Test
  void aParallelJobDispatchesUpToItsConcurrency() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 2, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 1);
  }

  @Test
  void aParallelJobRespectsItsPerHostLimit() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 1, "http://a.test/1", "http://a.test/2", "http://b.test/1"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 2);
  }

  @Test
  void aSequentialJobRunsOneUrlAtATime() {
    JobRun run = run(spec(JobSpec.Mode.SEQUENTIAL, 50, 50, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0);
    run.complete(0, fetched(200, 1, 1));
    assertThat(dispatchAll(run, ms(1))).containsExactly(1);
  }

  @Test
  void aCompletedResultIsDecoratedWithIndexUrlAndAttempts() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.example.test/x"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));

    JsonObject result = run.complete(0, fetched(200, 42, 12.5));

    assertThat(result.getInteger(Results.INDEX)).isZero();
    assertThat(result.getString(Results.URL)).isEqualTo("http://a.example.test/x");
    assertThat(result.getInteger(Results.ATTEMPTS)).isEqualTo(1);
    assertThat(result.getInteger(Results.STATUS)).isEqualTo(200);
    assertThat(result.getLong(Results.BYTES)).isEqualTo(42);
    assertThat(result.containsKey(Results.RUN)).isFalse();
  }

  @Test
  void startMsIsTheTimeFromRunStartToDispatch() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0.5));
    run.complete(0, fetched(200, 1, 100));
    run.dispatched(run.nextTask(), ms(100.25));

    JsonObject second = run.complete(1, fetched(200, 1, 50));

    assertThat(second.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isEqualTo(100.25);
    assertThat(second.getJsonObject(Results.TIMINGS).getDouble(Results.TOTAL_MS)).isEqualTo(50.0);
  }

  @Test
  void resultsAreReportedInInputOrderWhateverOrderTheyFinishIn() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "bad url", "http://c.test/", "http://d.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    run.complete(3, fetched(200, 1, 1));
    run.complete(0, fetched(200, 1, 1));
    run.complete(2, fetched(200, 1, 1));
    run.finish(JobRun.State.DONE, ms(10), FINISHED);

    JsonArray results = run.report(ms(10)).getJsonArray("results");

    assertThat(indices(results)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void aFinishedJobHasExactlyOneResultPerUrl() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 2, 1, "http://a.test/", "http://a.test/", "http://b.test/", "x", "http://c.test/"));
    run.start(T0, STARTED);
    long clock = ms(0);
    while (!run.runComplete()) {
      for (int i : dispatchAll(run, clock)) {
        run.complete(i, fetched(200, 1, 1));
      }
      clock += 1_000_000;
    }
    run.finish(JobRun.State.DONE, clock, FINISHED);

    JsonObject report = run.report(clock);

    assertThat(indices(report.getJsonArray("results"))).containsExactly(0, 1, 2, 3, 4);
    assertThat(report.getJsonObject("summary").getInteger("completed")).isEqualTo(5);
  }

  @Test
  void aRetriedTaskIsDispatchedAgainAndCountsBothAttempts() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));

    run.resend(0);

    assertThat(run.nextTask()).isZero();
    run.dispatched(0, ms(30));
    assertThat(run.attempts(0)).isEqualTo(2);
    assertThat(run.complete(0, fetched(200, 1, 1)).getInteger(Results.ATTEMPTS)).isEqualTo(2);
  }

  // --- the report -----------------------------------------------------------------------------

  @Test
  void beforeAnyDispatchTheJobIsQueuedWithNoDuration() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);

    JsonObject report = run.report(ms(500));

    assertThat(report.getString("state")).isEqualTo("queued");
    assertThat(report.getDouble("durationMs")).isZero();
    assertThat(report.getString("startedAt")).isEqualTo(STARTED.toString());
    assertThat(report.getValue("finishedAt")).isNull();
  }

  @Test
  void whileRunningTheReportHoldsOnlyFinishedUrlsAndTheTimeSoFar() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    run.complete(1, fetched(200, 7, 20));

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
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    run.complete(0, fetched(200, 10, 30));
    run.complete(1, fetched(404, 5, 50));
    run.finish(JobRun.State.DONE, ms(50), FINISHED);

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
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));
    run.complete(0, fetched(200, 1, 1));

    assertThat(run.nextRun(ms(1))).isNull();
  }

  @Test
  void aSequentialJobHasOnlyOneRun() {
    JobRun run = run(spec(JobSpec.Mode.SEQUENTIAL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));
    run.complete(0, fetched(200, 1, 1));

    assertThat(run.nextRun(ms(1))).isNull();
  }

  @Test
  void aReportOfANonCompareJobHasNoRunBlocks() {
    JobRun run = run(spec(JobSpec.Mode.SEQUENTIAL, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);

    JsonObject report = run.report(ms(1));

    assertThat(report.fieldNames()).doesNotContain("run", "sequential", "parallel");
  }

  // --- compare mode ---------------------------------------------------------------------------

  /** Runs one run of a job to its end, one URL per millisecond; returns the clock at the end. */
  private static long runThrough(JobRun run, long clock, double totalMsEach) {
    long now = clock;
    while (!run.runComplete()) {
      List<Integer> sent = dispatchAll(run, now);
      now += 1_000_000;
      for (int i : sent) {
        run.complete(i, fetched(200, 1, totalMsEach));
      }
    }
    return now;
  }

  @Test
  void compareModeRunsSequentiallyFirst() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);

    assertThat(dispatchAll(run, ms(0))).containsExactly(0);
    assertThat(run.report(ms(1)).getString("run")).isEqualTo("sequential");
  }

  @Test
  void compareModeResultsOfTheFirstRunCarryRunSequential() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));

    assertThat(run.complete(0, fetched(200, 1, 1)).getString(Results.RUN)).isEqualTo("sequential");
  }

  @Test
  void afterTheSequentialRunCompareModeRunsAgainInParallel() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    long end = runThrough(run, ms(0), 1);
    int firstGeneration = run.generation();

    List<JsonObject> known = run.nextRun(end);

    assertThat(known).isEmpty();
    assertThat(run.generation()).isEqualTo(firstGeneration + 1);
    assertThat(run.runComplete()).isFalse();
    assertThat(dispatchAll(run, end)).containsExactly(0, 1, 2);
    assertThat(run.complete(1, fetched(200, 1, 1)).getString(Results.RUN)).isEqualTo("parallel");
  }

  @Test
  void compareModeReportsASequentialAndAParallelBlock() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/", "http://d.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 10);        // 4 URLs one after the other: 4 ms
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 10); // all 4 at once: 1 ms
    run.finish(JobRun.State.DONE, parallelEnd, FINISHED);

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

  @Test
  void compareModeSpeedupIsSequentialDurationOverParallelDuration() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 10);  // 3 ms
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 10); // 1 ms
    run.finish(JobRun.State.DONE, parallelEnd + 1_000_000, FINISHED); // parallel run took 2 ms in all

    JsonObject report = run.report(parallelEnd);

    double sequentialMs = report.getJsonObject("sequential").getDouble("durationMs");
    double parallelMs = report.getJsonObject("parallel").getDouble("durationMs");
    assertThat(sequentialMs).isEqualTo(3.0);
    assertThat(parallelMs).isEqualTo(2.0);
    assertThat(report.getDouble("speedup")).isEqualTo(1.5);
  }

  @Test
  void compareModeStartMsCountsFromTheStartOfEachRun() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 1);
    run.nextRun(sequentialEnd);
    run.dispatched(run.nextTask(), sequentialEnd + 2_000_000);

    JsonObject result = run.complete(0, fetched(200, 1, 1));

    assertThat(result.getJsonObject(Results.TIMINGS).getDouble(Results.START_MS)).isEqualTo(2.0);
  }

  @Test
  void compareModeInvalidUrlResultsNameTheRunTheyBelongTo() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "not a url"));

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
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "not a url"));
    run.start(T0, STARTED);
    long sequentialEnd = runThrough(run, T0, 1);
    run.nextRun(sequentialEnd);
    long parallelEnd = runThrough(run, sequentialEnd, 1);
    run.finish(JobRun.State.DONE, parallelEnd, FINISHED);

    JsonObject report = run.report(parallelEnd);

    assertThat(report.getJsonObject("sequential").getJsonArray("results").getJsonObject(1).getString(Results.RUN))
        .isEqualTo("sequential");
    assertThat(report.getJsonArray("results").getJsonObject(1).getString(Results.RUN)).isEqualTo("parallel");
  }

  @Test
  void compareModeCountsAttemptsPerRun() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/"));
    run.start(T0, STARTED);
    long end = runThrough(run, T0, 1);
    run.nextRun(end);
    run.dispatched(run.nextTask(), end);

    assertThat(run.attempts(0)).isEqualTo(1);
    assertThat(run.complete(0, fetched(200, 1, 1)).getInteger(Results.ATTEMPTS)).isEqualTo(1);
  }

  // --- cancel ---------------------------------------------------------------------------------

  @Test
  void cancellingGivesEveryUnstartedUrlACancelledBeforeResult() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/", "http://c.test/"));
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
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(2));

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
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 10, 10, "http://a.test/", "bad", "http://c.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));
    run.complete(0, fetched(200, 1, 1));

    List<JsonObject> cancelled = run.cancel(ms(3), FINISHED);

    assertThat(cancelled).extracting(r -> r.getInteger(Results.INDEX)).containsExactly(2);
  }

  @Test
  void aCancelledJobIsFinishedWithAResultForEveryUrl() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/", "http://b.test/", "bad"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));

    run.cancel(ms(4), FINISHED);
    JsonObject report = run.report(ms(100));

    assertThat(run.state()).isEqualTo(JobRun.State.CANCELLED);
    assertThat(run.finished()).isTrue();
    assertThat(run.nextTask()).isEqualTo(-1);
    assertThat(report.getString("state")).isEqualTo("cancelled");
    assertThat(report.getDouble("durationMs")).isEqualTo(4.0);
    assertThat(report.getString("finishedAt")).isEqualTo(FINISHED.toString());
    assertThat(indices(report.getJsonArray("results"))).containsExactly(0, 1, 2);
  }

  @Test
  void aTaskWaitingToBeRetriedIsCancelledAsNotStarted() {
    JobRun run = run(spec(JobSpec.Mode.PARALLEL, 1, 1, "http://a.test/"));
    run.start(T0, STARTED);
    run.dispatched(run.nextTask(), ms(0));
    run.resend(0);

    JsonObject result = run.cancel(ms(1), FINISHED).get(0);

    assertThat(result.getJsonObject(Results.ERROR).getString(Results.ERROR_MESSAGE))
        .isEqualTo("job cancelled before this URL started");
  }

  @Test
  void cancellingACompareJobDuringItsSequentialRunLabelsResultsSequential() {
    JobRun run = run(spec(JobSpec.Mode.COMPARE, 10, 10, "http://a.test/", "http://b.test/"));
    run.start(T0, STARTED);
    dispatchAll(run, ms(0));

    List<JsonObject> cancelled = run.cancel(ms(1), FINISHED);

    assertThat(cancelled).extracting(r -> r.getString(Results.RUN)).containsOnly("sequential");
    assertThat(run.report(ms(1)).fieldNames()).doesNotContain("sequential", "parallel");
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
    JobRun run = run(withRetries(2, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));

    assertThat(run.shouldRetry(0, failedWith("connect"))).isTrue();
    run.attemptFailed(0, failedWith("connect"));
    assertThat(run.nextTask()).isEqualTo(-1);
    run.retryNow(0);
    assertThat(dispatchAll(run, ms(100))).containsExactly(0);
    assertThat(run.shouldRetry(0, fetched(503, 0, 5))).isTrue();
    run.attemptFailed(0, fetched(503, 0, 5));
    run.retryNow(0);
    dispatchAll(run, ms(300));
    assertThat(run.shouldRetry(0, failedWith("reset"))).isFalse();

    JsonObject result = run.complete(0, fetched(200, 10, 7));
    assertThat(result.getInteger(Results.ATTEMPTS)).isEqualTo(3);
    assertThat(result.getJsonArray(Results.HISTORY)).hasSize(2);
    assertThat(result.getJsonArray(Results.HISTORY).getJsonObject(0).getString("error")).isEqualTo("connect");
    assertThat(result.getJsonArray(Results.HISTORY).getJsonObject(1).getInteger("status")).isEqualTo(503);
    assertThat(run.runComplete()).isTrue();
  }

  @Test
  void onlyTransientFailuresAreRetried() {
    JobRun run = run(withRetries(3, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));

    assertThat(run.shouldRetry(0, failedWith("timeout"))).isTrue();
    assertThat(run.shouldRetry(0, fetched(429, 0, 1))).isTrue();
    assertThat(run.shouldRetry(0, fetched(502, 0, 1))).isTrue();
    assertThat(run.shouldRetry(0, fetched(504, 0, 1))).isTrue();
    assertThat(run.shouldRetry(0, failedWith("dns"))).isFalse();
    assertThat(run.shouldRetry(0, failedWith("blocked"))).isFalse();
    assertThat(run.shouldRetry(0, failedWith("tls"))).isFalse();
    assertThat(run.shouldRetry(0, failedWith("too_large"))).isFalse();
    assertThat(run.shouldRetry(0, fetched(404, 0, 1))).isFalse();
    assertThat(run.shouldRetry(0, fetched(500, 0, 1))).isFalse();
    assertThat(run.shouldRetry(0, fetched(200, 0, 1))).isFalse();
  }

  @Test
  void withoutRetriesNothingIsRetried() {
    JobRun run = run(withRetries(0, "http://a.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));

    assertThat(run.shouldRetry(0, failedWith("connect"))).isFalse();
  }

  @Test
  void aUrlWaitingToRetryKeepsTheJobOpenAndIsCancelledWithIt() {
    JobRun run = run(withRetries(1, "http://a.test/", "http://b.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));
    run.complete(1, fetched(200, 1, 1));
    run.attemptFailed(0, failedWith("reset"));

    assertThat(run.runComplete()).isFalse();
    run.cancel(ms(50), FINISHED);
    assertThat(run.runComplete()).isTrue();
    assertThat(run.report(ms(50)).getJsonArray("results").getJsonObject(0).getJsonObject("error")
        .getString("kind")).isEqualTo("cancelled");
  }
}
