package fanfetch.bench;

import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peak resident memory of a process while a workload runs: {@code VmRSS} from
 * {@code /proc/<pid>/status}, read every 100 ms, off the event loop.
 */
final class RssSampler implements AutoCloseable {

  private static final long PERIOD_MS = 100;
  private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

  private final Vertx vertx;
  private final Path status;
  private final long timer;
  private final AtomicLong peakKib = new AtomicLong(-1);

  RssSampler(Vertx vertx, long pid) {
    this.vertx = vertx;
    this.status = Path.of("/proc/" + pid + "/status");
    sample();
    this.timer = vertx.setPeriodic(PERIOD_MS, id -> sample());
  }

  private void sample() {
    // Not vertx.fileSystem().readFile: it reads as many bytes as the file's size, and /proc files
    // have size 0. A process that is gone (or a system without /proc) leaves the peak as it was.
    vertx.executeBlocking(() -> Files.readString(status)).onSuccess(text -> {
      Matcher m = VM_RSS.matcher(text);
      if (m.find()) {
        peakKib.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
      }
    });
  }

  /** The highest VmRSS seen so far, in KiB, if any was read. */
  OptionalLong peakKib() {
    long peak = peakKib.get();
    return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
