package fanfetch.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

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

  /**
   * Asks {@code probe} until {@code passes} accepts its answer, and returns that answer, as
   * {@link #await} does; a time-out shows only the first 500 characters of the last answer (a
   * report of hundreds of URLs would fill the screen).
   */
  public static <T> T until(String what, Duration atMost, Duration every, Callable<T> probe,
                            Predicate<? super T> passes) {
    return await(what, atMost, every).until(() -> new Answer<>(probe.call()), answer -> passes.test(answer.value()))
        .value();
  }

  private record Answer<T>(T value) {
    @Override
    public String toString() {
      String text = String.valueOf(value);
      return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
  }
}
