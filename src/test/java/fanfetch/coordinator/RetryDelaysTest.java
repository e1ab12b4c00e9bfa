package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDelaysTest {

  @Test
  void delaysDoubleWithEachRetryAndStayWithinHalfAndFullOfTheStep() {
    Random random = new Random(7);
    for (int retry = 1; retry <= 5; retry++) {
      long step = 100L << (retry - 1);
      for (int sample = 0; sample < 200; sample++) {
        assertThat(RetryDelays.next(retry, 100, 100_000, null, random)).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void delaysNeverExceedTheCap() {
    Random random = new Random(1);
    assertThat(RetryDelays.next(40, 250, 10_000, null, random)).isBetween(5_000L, 10_000L);
  }

  @Test
  void aServersRetryAfterIsHonouredUpToTheCap() {
    Random random = new Random(3);
    assertThat(RetryDelays.next(1, 100, 10_000, 4_000L, random)).isEqualTo(4_000L);
    assertThat(RetryDelays.next(1, 100, 10_000, 60_000L, random)).isEqualTo(10_000L);
  }

  @Test
  void aShortRetryAfterDoesNotShortenTheBackoff() {
    Random random = new Random(5);
    assertThat(RetryDelays.next(3, 1_000, 100_000, 10L, random)).isGreaterThanOrEqualTo(2_000L);
  }
}
