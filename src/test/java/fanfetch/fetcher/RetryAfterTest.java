package fanfetch.fetcher;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void delaySecondsAreReadAsMilliseconds() {
    assertThat(RetryAfter.millis("120", NOW)).isEqualTo(120_000L);
    assertThat(RetryAfter.millis(" 0 ", NOW)).isZero();
  }

  @Test
  void anHttpDateIsTheTimeLeftUntilIt() {
    assertThat(RetryAfter.millis("Wed, 25 Nov 2026 10:00:30 GMT", NOW)).isEqualTo(30_000L);
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(RetryAfter.millis("Wed, 25 Nov 2026 09:00:00 GMT", NOW)).isZero();
  }

  @Test
  void absentOrUnreadableValuesAreIgnored() {
    assertThat(RetryAfter.millis(null, NOW)).isNull();
    assertThat(RetryAfter.millis("", NOW)).isNull();
    assertThat(RetryAfter.millis("soon", NOW)).isNull();
    assertThat(RetryAfter.millis("-5", NOW)).isNull();
  }

  @Test
  void anAbsurdlyLargeDelayDoesNotOverflow() {
    assertThat(RetryAfter.millis("99999999999999999999", NOW)).isEqualTo(Long.MAX_VALUE);
  }
}
