package fanfetch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process the test starts: {@code fanfetch.Main} in a JVM on the test's own class path (or any
 * command), its stdout and stderr in files, only the {@code FANFETCH_*} variables the test gives it.
 * Every wait is bounded; {@link #close} kills what is left.
 */
public final class Child implements AutoCloseable {

  private final Process process;
  private final Path out;
  private final Path err;

  private Child(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** {@code java -cp <test class path> fanfetch.Main args…}. */
  public static List<String> fanfetch(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "fanfetch.Main"));
    command.addAll(List.of(args));
    return command;
  }

  /** Starts the command with stdin from /dev/null. */
  public static Child start(List<String> command, Map<String, String> env) throws IOException {
    Path out = Files.createTempFile("fanfetch-child", ".out");
    Path err = Files.createTempFile("fanfetch-child", ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("FANFETCH_"));
    builder.environment().putAll(env);
    return new Child(builder.start(), out, err);
  }

  public Process process() {
    return process;
  }

  public String out() {
    return read(out);
  }

  public String err() {
    return read(err);
  }

  /** Waits until stdout satisfies the condition; fails with both outputs when the process ends or time runs out. */
  public String awaitOut(Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      String text = out();
      if (condition.test(text)) {
        return text;
      }
      if (!process.isAlive()) {
        throw new AssertionError("exited with " + process.exitValue() + "\nstdout:\n" + text + "\nstderr:\n" + err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not seen within " + timeout + "\nstdout:\n" + out() + "\nstderr:\n" + err());
  }

  /** Waits for the end; returns the exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "\nstdout:\n" + out() + "\nstderr:\n" + err());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
