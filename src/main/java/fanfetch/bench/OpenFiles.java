package fanfetch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a process may open enough files for a workload. Every connection is a file descriptor,
 * on the service and on the origin alike; a limit that is too low shows up as scattered
 * {@code connect} errors or refused accepts, so the bench says so before it starts instead.
 */
final class OpenFiles {

  /** Descriptors a process holds besides the workload's connections: jars, the API, epoll, logs. */
  static final int HEADROOM = 1_000;
  private static final Pattern SOFT_LIMIT = Pattern.compile("^Max open files\\s+(\\d+|unlimited)\\s", Pattern.MULTILINE);

  private OpenFiles() {
  }

  /** The soft limit of open files of a process, if /proc tells it. */
  static OptionalLong limit(long pid) {
    try {
      Matcher m = SOFT_LIMIT.matcher(Files.readString(Path.of("/proc/" + pid + "/limits")));
      if (!m.find()) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(m.group(1).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(m.group(1)));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Why {@code who} cannot hold {@code connections} connections with a limit of {@code limit} open
   * files, or null when it can.
   */
  static String shortfall(String who, long limit, int connections) {
    long needed = (long) connections + HEADROOM;
    if (limit >= needed) {
      return null;
    }
    return String.format(Locale.ROOT, "it holds %,d connections at once and the %s may open only %,d files "
        + "(about %,d needed): raise the limit with `ulimit -n 20000` in the shell that starts the bench "
        + "(with --target, the one that starts the service)", connections, who, limit, needed);
  }
}
