package fanfetch.coordinator;

import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.store.StoredResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

class AggregatesTest {

  private static JsonObject ok(int status, long bytes, double totalMs) {
    return new JsonObject()
        .put(Results.OK, status >= 200 && status < 300)
        .put(Results.STATUS, status)
        .put(Results.BYTES, bytes)
        .put(Results.TIMINGS, Results.timings(0, 0, null, 0, 0, totalMs, false));
  }

  private static JsonObject failed(double totalMs) {
    JsonObject r = Results.failure(ErrorKind.CONNECT, "refused", null, "n1");
    r.getJsonObject(Results.TIMINGS).put(Results.TOTAL_MS, totalMs);
    return r;
  }

  /** Results whose only difference is their total time. */
  private static List<JsonObject> timed(double... totals) {
    List<JsonObject> out = new ArrayList<>();
    for (double t : totals) {
      out.add(ok(200, 0, t));
    }
    return out;
  }

  /** The figures of the given results, as a job keeps them (nulls for unfinished URLs). */
  private static Aggregates.Totals totals(int total, List<JsonObject> results) {
    return Aggregates.over(total, results.stream()
        .map(r -> r == null ? null : StoredResult.of(0, r, fanfetch.model.FastJson.encode(r))).toList());
  }

  @Test
  void countsCompletedSucceededAndFailedResults() {
    Aggregates.Totals totals = totals(5, List.of(ok(200, 1, 1), ok(404, 1, 1), failed(1)));

    assertThat(totals.total()).isEqualTo(5);
    assertThat(totals.completed()).isEqualTo(3);
    assertThat(totals.succeeded()).isEqualTo(1);
    assertThat(totals.summaryJson().getInteger("failed")).isEqualTo(2);
  }

  @Test
  void unfinishedUrlsGivenAsNullAreSkipped() {
    Aggregates.Totals totals = totals(3, Arrays.asList(null, ok(200, 10, 5), null));

    assertThat(totals.completed()).isEqualTo(1);
    assertThat(totals.bytes()).isEqualTo(10);
  }

  @Test
  void bytesAreAddedUpOverAllResultsIncludingFailures() {
    JsonObject partial = failed(1).put(Results.BYTES, 65_536L);

    Aggregates.Totals totals = totals(3, List.of(ok(200, 100, 1), ok(500, 23, 1), partial));

    assertThat(totals.bytes()).isEqualTo(100 + 23 + 65_536);
  }

  @Test
  void bytesBeyondTwoGibibytesDoNotOverflow() {
    long big = 3L << 30;

    assertThat(totals(2, List.of(ok(200, big, 1), ok(200, big, 1))).bytes()).isEqualTo(2 * big);
  }

  @Test
  void statusCountsCountEachStatusAndLeaveOutResultsWithoutOne() {
    Aggregates.Totals totals = totals(5,
        List.of(ok(200, 0, 1), ok(404, 0, 1), ok(200, 0, 1), ok(503, 0, 1), failed(1)));

    assertThat(totals.statusCounts()).containsExactly(entry("200", 2), entry("404", 1), entry("503", 1));
  }

  @Test
  void fetchTimeSumAddsEveryTotalTime() {
    assertThat(totals(3, timed(1.5, 2.25, 10)).fetchTimeSumMs()).isCloseTo(13.75, within(1e-9));
  }

  @Test
  void percentilesUseTheNearestRankOfTheSortedTimes() {
    // 1..10 ms in shuffled order: p50 = 5th value, p90 = 9th, p99 = 10th
    Aggregates.Totals totals = totals(10, timed(7, 3, 10, 1, 9, 2, 8, 4, 6, 5));

    assertThat(totals.p50()).isEqualTo(5);
    assertThat(totals.p90()).isEqualTo(9);
    assertThat(totals.p99()).isEqualTo(10);
    assertThat(totals.max()).isEqualTo(10);
  }

  @Test
  void p99OfAHundredTimesIsTheNinetyNinthValue() {
    double[] times = new double[100];
    for (int i = 0; i < 100; i++) {
      times[i] = 100 - i; // 100 down to 1
    }

    Aggregates.Totals totals = totals(100, timed(times));

    assertThat(totals.p50()).isEqualTo(50);
    assertThat(totals.p90()).isEqualTo(90);
    assertThat(totals.p99()).isEqualTo(99);
    assertThat(totals.max()).isEqualTo(100);
  }

  @Test
  void withOneResultEveryPercentileIsThatResult() {
    Aggregates.Totals totals = totals(1, timed(42.5));

    assertThat(List.of(totals.p50(), totals.p90(), totals.p99(), totals.max())).containsOnly(42.5);
  }

  @Test
  void moreThanSixteenResultsAreAllCounted() {
    double[] times = new double[40];
    Arrays.setAll(times, i -> i + 1);

    Aggregates.Totals totals = totals(40, timed(times));

    assertThat(totals.completed()).isEqualTo(40);
    assertThat(totals.max()).isEqualTo(40);
    assertThat(totals.p50()).isEqualTo(20);
  }

  @Test
  void aResultWithoutTimingsCountsAsZeroMilliseconds() {
    JsonObject untimed = new JsonObject().put(Results.OK, true).put(Results.STATUS, 200);

    Aggregates.Totals totals = totals(2, List.of(untimed, ok(200, 0, 8)));

    assertThat(totals.fetchTimeSumMs()).isEqualTo(8);
    assertThat(totals.p50()).isZero();
  }

  @Test
  void noResultsGiveZeroesEverywhere() {
    Aggregates.Totals totals = totals(4, List.of());

    assertThat(totals.total()).isEqualTo(4);
    assertThat(totals.completed()).isZero();
    assertThat(totals.succeeded()).isZero();
    assertThat(totals.bytes()).isZero();
    assertThat(totals.statusCounts()).isEmpty();
    assertThat(totals.fetchTimeSumMs()).isZero();
    assertThat(List.of(totals.p50(), totals.p90(), totals.p99(), totals.max())).containsOnly(0.0);
  }

  @Test
  void percentileOfNothingIsZero() {
    assertThat(Aggregates.percentile(new double[0], 0.5)).isZero();
  }

  @Test
  void percentileOfZeroIsTheSmallestValue() {
    assertThat(Aggregates.percentile(new double[] {3, 4, 5}, 0)).isEqualTo(3);
  }

  @Test
  void theSummaryJsonHasCountsBytesStatusesAndRoundedTimes() {
    Aggregates.Totals totals = totals(3, List.of(ok(200, 10, 1.23456789), ok(404, 5, 2.5)));

    assertThat(totals.summaryJson()).isEqualTo(new JsonObject()
        .put("total", 3)
        .put("completed", 2)
        .put("succeeded", 1)
        .put("failed", 1)
        .put("bytes", 15L)
        .put("statusCounts", new JsonObject().put("200", 1).put("404", 1))
        .put("totalMs", new JsonObject().put("p50", 1.235).put("p90", 2.5).put("p99", 2.5).put("max", 2.5)));
  }

  @Test
  void speedupIsFetchTimeOverWallTimeRoundedToHundredths() {
    assertThat(Aggregates.speedup(1000, 300)).isEqualTo(3.33);
  }

  @Test
  void speedupIsZeroWhenNothingWasTimed() {
    assertThat(Aggregates.speedup(500, 0)).isZero();
    assertThat(Aggregates.speedup(500, -1)).isZero();
  }

  @Test
  void speedupBelowOneMeansSlowerThanTheSumOfFetches() {
    assertThat(Aggregates.speedup(50, 200)).isEqualTo(0.25);
  }
}
