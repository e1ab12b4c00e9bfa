package fanfetch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's open file descriptors and used heap, read once they have settled: the figures leak
 * and soak tests compare. Every wait is bounded and fails, naming what did not settle, on time-out.
 */
public final class ProcessFigures {

  /** How long the heap may take to stop falling from one explicit GC to the next. */
  private static final Duration HEAP_SETTLE_LIMIT = Duration.ofSeconds(20);
  /** Time between two GCs: lets reference processing (cleaners of direct buffers) run in between. */
  private static final Duration BETWEEN_GCS = Duration.ofMillis(100);

  private ProcessFigures() {
  }

  /** Entries of /proc/self/fd now (Linux). */
  public static long openFds() {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Open fds once the count has not changed for {@code steadyFor} (sampled every 100 ms): idle
   * pooled connections closed, closed sockets released. Fails when it does not settle within
   * {@code atMost}.
   */
  public static long settledOpenFds(Duration steadyFor, Duration atMost) {
    AtomicLong last = new AtomicLong(-1);
    AtomicLong steadySince = new AtomicLong();
    return Polling.await("open fds unchanged for " + steadyFor.toMillis() + " ms", atMost, Duration.ofMillis(100))
        .until(() -> {
          long now = System.nanoTime();
          long count = openFds();
          if (last.getAndSet(count) != count) {
            steadySince.set(now);
          }
          return new Steady(count, Duration.ofNanos(now - steadySince.get()));
        }, steady -> steady.forTime().compareTo(steadyFor) >= 0).count();
  }

  /** A count and how long it has stood still. */
  private record Steady(long count, Duration forTime) {
    @Override
    public String toString() {
      return count + " fds, unchanged for " + forTime.toMillis() + " ms";
    }
  }

  /**
   * Used heap once explicit GCs no longer lower it: GC, read, and again until a reading is not
   * below the one before (at least two GCs, bounded in time). The reading that stopped falling is
   * returned.
   */
  public static long usedHeapAfterGc() {
    AtomicLong previous = new AtomicLong(Long.MAX_VALUE);
    return Polling.await("used heap no longer falling from one GC to the next", HEAP_SETTLE_LIMIT, BETWEEN_GCS)
        .until(() -> {
          System.gc();
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          return new AfterGc(previous.getAndSet(used), used);
        }, gc -> gc.used() >= gc.before()).used();
  }

  /** The used heap after the GC before this one, and after this one. */
  private record AfterGc(long before, long used) {
    @Override
    public String toString() {
      String earlier = before == Long.MAX_VALUE ? "the first" : before + " after the one before";
      return "used " + used + " bytes after a GC, " + earlier;
    }
  }
}
