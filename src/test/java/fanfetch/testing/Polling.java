package fanfetch.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/**
 * Waiting on a condition instead of sleeping a fixed time: Awaitility, set up the way every test
 * here wants it. The condition is checked at once, then every {@code every}, for at most
 * {@code atMost}; a time-out fails with {@code what} (the alias) and the last value seen.
 */
public final class Polling {

  private Polling() {
  }

  public static ConditionFactory await(String what, Duration atMost, Duration every) {
    return Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(every);
  }
}
