package fanfetch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The CPU time a process has used so far, user plus system, from {@code /proc/<pid>/stat}. Linux
 * counts it there in ticks of 1/100 s (USER_HZ, fixed by its ABI), so a figure is good to 10 ms:
 * enough over a run of thousands of URLs.
 */
final class ProcessCpu {

  static final long NANOS_PER_TICK = 10_000_000;

  private ProcessCpu() {
  }

  /** The process's CPU time in nanoseconds, or empty when it cannot be read (gone, or no /proc). */
  static OptionalLong nanos(long pid) {
    try {
      return OptionalLong.of(ticks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * NANOS_PER_TICK);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * utime + stime of a {@code stat} line: its fields 14 and 15, counted after the command name's
   * closing parenthesis (a name may hold spaces and parentheses of its own).
   */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (the state): utime is field 14, stime field 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
