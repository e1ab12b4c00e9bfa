package fanfetch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the numbers were measured on: cores, CPU, memory, OS and Java. */
final class Machine {

  private static final Pattern CPU_MODEL = Pattern.compile("^model name\\s*:\\s*(.+)$", Pattern.MULTILINE);
  private static final Pattern MEM_TOTAL = Pattern.compile("^MemTotal:\\s+(\\d+) kB", Pattern.MULTILINE);

  private Machine() {
  }

  /** {@code 2 cores (AMD EPYC 7B13), 23.5 GiB, Linux 6.1.0; Java 17.0.15 (OpenJDK 64-Bit Server VM)}. */
  static String describe() {
    String cpu = first(CPU_MODEL, "/proc/cpuinfo");
    String memory = first(MEM_TOTAL, "/proc/meminfo");
    return Runtime.getRuntime().availableProcessors() + " cores"
        + (cpu == null ? "" : " (" + cpu.strip() + ")")
        + (memory == null ? "" : String.format(Locale.ROOT, ", %.1f GiB", Long.parseLong(memory) / 1048576.0))
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + "; Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
  }

  private static String first(Pattern pattern, String file) {
    try {
      Matcher m = pattern.matcher(Files.readString(Path.of(file)));
      return m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
