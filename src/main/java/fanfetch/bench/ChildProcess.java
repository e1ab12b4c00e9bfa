package fanfetch.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JVM the bench starts from its own classpath, with the same java executable, and always ends:
 * on {@link #close()}, and from a shutdown hook if the bench is interrupted first. Its stderr (and
 * stdout, unless the caller reads it) goes to a log file whose tail explains a failed start.
 */
final class ChildProcess implements AutoCloseable {

  private static final long STOP_GRACE_SECONDS = 10;

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread killer;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.killer = new Thread(process::destroyForcibly, "fanfetch-bench-kill-" + name);
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts {@code java <jvmOptions> -cp <this classpath> <mainAndArgs>} in {@code directory}.
   *
   * @param environment adjusts the environment the child inherits
   * @param readStdout whether the caller reads the child's stdout ({@link #process()}); if not, it
   *                   goes to the log too
   */
  static ChildProcess startJava(String name, List<String> jvmOptions, List<String> mainAndArgs,
                                Consumer<Map<String, String>> environment, Path directory, boolean readStdout) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.addAll(mainAndArgs);
    Path log = directory.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (!readStdout) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    environment.accept(builder.environment());
    return new ChildProcess(name, builder.start(), log);
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /** Why the child is not usable, with the last lines of its log. */
  String failure(String what) {
    String state = process.isAlive() ? "still running" : "exited with status " + process.exitValue();
    return name + " " + what + " (" + state + "); last lines of " + log + ":\n" + logTail(20);
  }

  private String logTail(int lines) {
    try (Stream<String> all = Files.lines(log)) {
      List<String> kept = all.collect(Collectors.toList());
      return kept.subList(Math.max(0, kept.size() - lines), kept.size()).stream()
          .map(line -> "  " + line).collect(Collectors.joining("\n"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "  (no log: " + e.getMessage() + ")";
    }
  }

  /** Asks the child to stop (SIGTERM: the service closes Vert.x), then kills it if it lingers. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing left to undo
    }
  }

  /** The java that runs the bench, so the children run on the same JDK. */
  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's classpath with absolute entries ({@code java -jar target/fanfetch.jar} makes it the
   * relative path of the jar, and children run in another directory).
   */
  private static String classpath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
