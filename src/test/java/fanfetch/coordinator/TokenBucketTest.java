package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenBucket}: full at its first use, refilled at its rate, never past its burst. */
class TokenBucketTest {

  private static final long S = 1_000_000_000L;

  @Test
  void aFreshBucketHoldsItsBurstThenRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(2, 3);

    for (int i = 0; i < 3; i++) {
      assertThat(bucket.hasToken(10 * S)).isTrue();
      bucket.take();
    }
    assertThat(bucket.hasToken(10 * S)).isFalse();
    assertThat(bucket.nextTokenAt()).isEqualTo(10 * S + S / 2);
    assertThat(bucket.hasToken(10 * S + S / 2 - 1)).isFalse();
    assertThat(bucket.hasToken(10 * S + S / 2)).isTrue();
  }

  @Test
  void savedTokensNeverExceedTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 2);
    bucket.hasToken(0);
    bucket.take();
    bucket.take();

    assertThat(bucket.hasToken(60 * S)).isTrue();
    bucket.take();
    bucket.take();
    assertThat(bucket.hasToken(60 * S)).as("two saved, not six hundred").isFalse();
  }

  @Test
  void aTimeBeforeTheLastRefillAddsNothing() {
    TokenBucket bucket = new TokenBucket(1, 1);
    bucket.hasToken(5 * S);
    bucket.take();

    assertThat(bucket.hasToken(4 * S)).isFalse();
    assertThat(bucket.nextTokenAt()).isEqualTo(6 * S);
  }
}
