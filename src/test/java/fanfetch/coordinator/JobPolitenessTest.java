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

import static fanfetch.coordinator.JobTest.RULES;
import static fanfetch.coordinator.JobTest.answer;
import static fanfetch.coordinator.JobTest.dispatchAll;
import static fanfetch.coordinator.JobTest.settle;
import static org.assertj.core.api.Assertions.assertThat;

/** A job's politeness as its report tells it: waits and their causes, and hosts given up on. */
class JobPolitenessTest {

  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant STARTED = Instant.parse("2025-01-01T00:00:01Z");
  private static final long T0 = 5_000_000_000L;

  private static long ms(double millis) {
    return T0 + (long) (millis * 1_000_000);
  }

  private static JobSpec spec(int concurrency, int perHost, int retries, JobSpec.Politeness politeness,
                              String... urls) {
    return new JobSpec(List.of(urls), JobSpec.Mode.PARALLEL, concurrency, perHost, "GET", Map.of(), 30_000, 10_000,
        true, 5, 1L << 30, JobSpec.Digest.SHA256, retries, 0, JobSpec.DEFAULT_HTTP_VERSIONS, politeness);
  }

  private static TestJob run(JobSpec spec) {
    return TestJob.of("01JOBID0000000000000000000", spec, "node-1", CREATED, RULES);
  }

  private static JsonObject ok() {
    return new JsonObject().put(Results.FINAL_URL, "http://a.test/").put(Results.OK, true).put(Results.STATUS, 200)
        .put(Results.BYTES, 1L).put(Results.NODE, "node-1")
        .put(Results.TIMINGS, Results.timings(1, 2, null, 3, 4, 10, false)).putNull(Results.ERROR);
  }

  private static JsonObject connectFailed() {
    return Results.failure(fanfetch.model.ErrorKind.CONNECT, "refused", null, "node-1");
  }

  private static String kind(JsonObject result) {
    JsonObject error = result.getJsonObject(Results.ERROR);
    return error == null ? null : error.getString(Results.ERROR_KIND);
  }

  @Test
  void afterMaxHostErrorsTheHostsOtherUrlsAreNotTriedAndEachHasOneResult() {
    TestJob run = run(spec(10, 1, 0, new JobSpec.Politeness(0, 2),
        "http://bad.test/0", "http://bad.test/1", "http://bad.test/2", "http://bad.test/3", "http://good.test/"));
    run.start(ms(0), STARTED);
    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 4);
    settle(run, 0, answer(connectFailed()));
    settle(run, 4, answer(ok()));
    assertThat(dispatchAll(run, ms(5))).containsExactly(1);
    settle(run, 1, answer(connectFailed()));

    List<JsonObject> closed = run.takeClosed();
    assertThat(closed).extracting(r -> r.getInteger(Results.INDEX)).containsExactlyInAnyOrder(2, 3);
    assertThat(closed).extracting(JobPolitenessTest::kind).containsOnly("host_errors");
    assertThat(run.takeClosed()).as("taken once").isEmpty();
    assertThat(run.nextTask()).isEqualTo(-1);
    assertThat(run.runComplete()).isTrue();

    JsonArray results = run.report(ms(10)).getJsonArray("results");
    assertThat(results).hasSize(5);
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.getJsonObject(i).getInteger(Results.INDEX)).isEqualTo(i);
      kinds.add(kind(results.getJsonObject(i)));
    }
    assertThat(kinds).containsExactly("connect", "connect", "host_errors", "host_errors", null);
  }

  @Test
  void aUrlWaitingToRetryWhenItsHostIsGivenUpGetsHostErrorsNotAnotherTry() {
    TestJob run = run(spec(10, 10, 2, new JobSpec.Politeness(0, 2),
        "http://bad.test/0", "http://bad.test/1", "http://bad.test/2"));
    run.start(ms(0), STARTED);
    assertThat(dispatchAll(run, ms(0))).containsExactly(0, 1, 2);
    assertThat(settle(run, 0, answer(connectFailed()))).isInstanceOf(Verdict.Pause.class);
    Verdict second = settle(run, 1, answer(connectFailed()));
    assertThat(second).as("the host is given up on: no retry").isInstanceOf(Verdict.Completed.class);
    assertThat(kind(((Verdict.Completed) second).result())).isEqualTo("connect");
    Verdict third = settle(run, 2, answer(connectFailed()));
    assertThat(third).isInstanceOf(Verdict.Completed.class);

    Verdict woken = run.wake(0, run.generation());
    assertThat(woken).isInstanceOf(Verdict.Completed.class);
    assertThat(kind(((Verdict.Completed) woken).result())).isEqualTo("host_errors");
    assertThat(run.runComplete()).isTrue();
  }

  @Test
  void eachUrlSaysHowLongItWaitedAndTheSummaryNamesTheLimitThatHeldUrlsLongest() {
    TestJob run = run(spec(1, 1, 0, JobSpec.Politeness.NONE, "http://a.test/", "http://b.test/", "http://c.test/"));
    run.start(ms(0), STARTED);
    for (int i = 0; i < 3; i++) {
      assertThat(dispatchAll(run, ms(10 * i))).containsExactly(i);
      settle(run, i, answer(ok()));
    }
    JsonObject report = run.report(ms(30));
    JsonArray results = report.getJsonArray("results");
    assertThat(results.getJsonObject(0).getDouble(Results.QUEUE_MS)).isZero();
    assertThat(results.getJsonObject(0).getString(Results.QUEUED_BY)).isNull();
    assertThat(results.getJsonObject(1).getDouble(Results.QUEUE_MS)).isEqualTo(10.0);
    assertThat(results.getJsonObject(2).getDouble(Results.QUEUE_MS)).isEqualTo(20.0);
    assertThat(results.getJsonObject(2).getString(Results.QUEUED_BY)).isEqualTo("concurrency");

    JsonObject heldBack = report.getJsonObject("summary").getJsonObject("heldBackBy");
    assertThat(heldBack.getString("limit")).isEqualTo("concurrency");
    assertThat(heldBack.getDouble("ms")).isEqualTo(30.0);
    assertThat(heldBack.getInteger("urls")).isEqualTo(2);
    assertThat(heldBack.getInteger("value")).isEqualTo(1);
  }

  @Test
  void aJobNobodyHeldBackHasNoHeldBackBy() {
    TestJob run = run(spec(10, 10, 0, JobSpec.Politeness.NONE, "http://a.test/", "http://b.test/"));
    run.start(ms(0), STARTED);
    dispatchAll(run, ms(0));
    settle(run, 0, answer(ok()));
    settle(run, 1, answer(ok()));
    assertThat(run.report(ms(10)).getJsonObject("summary").containsKey("heldBackBy")).isFalse();
  }
}
