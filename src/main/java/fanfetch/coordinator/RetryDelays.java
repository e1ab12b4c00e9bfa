package fanfetch.coordinator;

import java.util.Random;

/** How long to wait before retrying a URL: exponential backoff with jitter, or what the server asked. */
final class RetryDelays {

  private RetryDelays() {
  }

  /**
   * @param retry        1 for the first retry, 2 for the second, ...
   * @param retryAfterMs the server's {@code Retry-After} in ms, or null
   * @return a delay in [half, full] of {@code base × 2^(retry-1)} capped at {@code max}, but never
   *     less than the server's Retry-After (itself capped at {@code max})
   */
  static long next(int retry, long baseMs, long maxMs, Long retryAfterMs, Random random) {
    long exponential = Math.min(maxMs, baseMs << Math.min(30, Math.max(0, retry - 1)));
    long jittered = exponential / 2 + (long) (random.nextDouble() * (exponential - exponential / 2));
    long asked = retryAfterMs == null ? 0 : Math.min(maxMs, Math.max(0, retryAfterMs));
    return Math.max(1, Math.max(jittered, asked));
  }
}
