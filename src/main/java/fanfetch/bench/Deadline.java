package fanfetch.bench;

import java.time.Duration;

/** The moment the whole bench must be over ({@code --time-limit}). */
record Deadline(long nanos) {

  static Deadline in(Duration limit) {
    return new Deadline(System.nanoTime() + limit.toNanos());
  }

  boolean passed() {
    return remaining().isZero();
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
  }

  /** {@code timeout}, or less if the deadline comes first. */
  Duration cap(Duration timeout) {
    Duration left = remaining();
    return left.compareTo(timeout) < 0 ? left : timeout;
  }
}
