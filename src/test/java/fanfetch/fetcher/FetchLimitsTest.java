package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.protocol.FetchTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FetchLimitsTest {

  private static FetchTask task(long timeoutMs, long deadlineMs) {
    return new FetchTask(1, "job", 0, "http://example.test/", "GET", Map.of(), timeoutMs, 2_000, true, 5,
        1_000_000, false, deadlineMs, List.of("http/1.1"), 1);
  }

  @Test
  void theFetchsOwnTimeoutCountsWithoutADeadlineOrWhenItComesFirst() {
    assertThat(FetchLimits.overallMs(task(10_000, 0))).isEqualTo(10_000);
    assertThat(FetchLimits.overallMs(task(10_000, 20_000))).isEqualTo(10_000);
    assertThat(FetchLimits.overallMs(task(10_000, 10_000))).isEqualTo(10_000);
    assertThat(FetchLimits.overallPassed(task(10_000, 20_000), FetchPhase.DOWNLOAD))
        .isEqualTo("no complete response within 10000 ms (while reading the body)");
  }

  @Test
  void theJobsDeadlineCountsWhenItComesFirst() {
    assertThat(FetchLimits.overallMs(task(10_000, 300))).isEqualTo(300);
    assertThat(FetchLimits.overallPassed(task(10_000, 300), FetchPhase.WAITING))
        .isEqualTo("the job's deadline passed (while waiting for the response)");
  }

  @Test
  void aTimerIsNeverShorterThanOneMillisecond() {
    assertThat(FetchLimits.overallMs(task(0, 0))).isEqualTo(1);
  }

  @Test
  void theConnectAndSizeLimitsNameTheirSettings() throws Exception {
    assertThat(FetchLimits.noConnection(task(10_000, 0), TargetUrl.parse("https://example.test:8443/x")))
        .isEqualTo("no connection to example.test:8443 within connectTimeoutMs (2000 ms)");
    assertThat(FetchLimits.tooLarge(task(10_000, 0))).isEqualTo("body larger than maxBytes (1000000 bytes)");
  }
}
