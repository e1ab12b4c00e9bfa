package fanfetch.coordinator;

/**
 * One host's request rate for one job: {@code rate} tokens a second, at most {@code burst} saved
 * up, the bucket full at its first use. Pure: the caller passes the time.
 */
final class TokenBucket {

  private final double rate;
  private final double burst;
  private double tokens;
  private long refilledAt;
  private boolean fresh = true;

  /** @param rate tokens a second, above 0 */
  TokenBucket(double rate, double burst) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Whether a token is there at {@code nowNanos} (it is not taken). */
  boolean hasToken(long nowNanos) {
    if (fresh) {
      fresh = false;
      tokens = burst;
      refilledAt = nowNanos;
    } else if (nowNanos > refilledAt) {
      tokens = Math.min(burst, tokens + rate * (nowNanos - refilledAt) / 1e9);
      refilledAt = nowNanos;
    }
    return tokens >= 1;
  }

  void take() {
    tokens -= 1;
  }

  /** When the next token is there, in nanoseconds: rounded up, so that it is, not a rounding error short of it. */
  long nextTokenAt() {
    return refilledAt + (long) Math.ceil(Math.max(0, 1 - tokens) / rate * 1e9);
  }
}
