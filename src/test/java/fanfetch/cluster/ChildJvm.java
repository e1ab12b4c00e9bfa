package fanfetch.cluster;

import fanfetch.testing.Polling;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started from the test's own classpath with the Hazelcast flags, its stdout and stderr in
 * files (under the build folder), and only the FANFETCH_* variables the test gives it.
 */
final class ChildJvm implements AutoCloseable {

  /** How often a child's log files are read while waiting for a line. */
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Pattern READY = Pattern.compile(
      Pattern.quote("fanfetch listening on http://127.0.0.1:") + "(\\d+)(?: \\(cluster node ([^)]+)\\))?");

  final String name;
  final Process process;
  final Path stdout;
  final Path stderr;
  /** Set by {@link #awaitReady}: the node's HTTP port and cluster node id. */
  int httpPort;
  String nodeId;

  private ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The folder for this test class's logs: {@code <build dir>/cluster-it/<class>-<time>}. */
  static Path logFolder(String testName) throws IOException {
    String build = System.getProperty("buildDirectory", "target");
    Path folder = Path.of(build, "cluster-it", testName + "-" + System.currentTimeMillis());
    return Files.createDirectories(folder);
  }

  static ChildJvm start(String name, Path logs, Map<String, String> env, String mainClass, List<String> args)
      throws IOException {
    List<String> javaArgs = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    javaArgs.addAll(args);
    return start(name, logs, env, List.of(), javaArgs);
  }

  /**
   * Runs the packaged jar ({@code <build dir>/fanfetch.jar}, built before the integration tests),
   * as deployed: its classes come from one file opened at start, not one file per class.
   *
   * @param launcher words put before the java command (e.g. {@code prlimit --nofile=256:256})
   */
  static ChildJvm startJar(String name, Path logs, Map<String, String> env, List<String> launcher, List<String> args)
      throws IOException {
    String build = System.getProperty("buildDirectory", "target");
    List<String> javaArgs = new ArrayList<>(List.of("-jar", Path.of(build, "fanfetch.jar").toString()));
    javaArgs.addAll(args);
    return start(name, logs, env, launcher, javaArgs);
  }

  private static ChildJvm start(String name, Path logs, Map<String, String> env, List<String> launcher,
                                List<String> javaArgs) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LoopbackCluster.JVM_FLAGS);
    command.add("-Xmx384m");
    command.add("-Dhazelcast.phone.home.enabled=false");
    // One line per log record, stamped with epoch milliseconds: the test reads when things happened.
    command.add("-Djava.util.logging.SimpleFormatter.format=%1$tQ %4$s %3$s: %5$s%6$s%n");
    command.addAll(javaArgs);
    ProcessBuilder builder = new ProcessBuilder(command)
        // the project folder: conf/cluster.xml and conf/config.json are read from there
        .directory(Path.of("").toAbsolutePath().toFile());
    // Nothing of this shell's FANFETCH_* set-up leaks into the child: it gets the test's only.
    builder.environment().keySet().removeIf(key -> key.startsWith("FANFETCH_"));
    builder.environment().putAll(env);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new ChildJvm(name, builder.start(), out, err);
  }

  /** Waits (bounded) for the node's ready line; fails with the end of its logs if it exits or is late. */
  ChildJvm awaitReady(long seconds) {
    Matcher ready;
    try {
      ready = Polling.await(name + "'s ready line", Duration.ofSeconds(seconds), POLL)
          .failFast(name + " exited before it was ready", () -> !process.isAlive())
          .until(() -> READY.matcher(read(stdout)), Matcher::find);
    } catch (TerminalFailureException e) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready\n"
          + tail(), e);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + " not ready within " + seconds + " s\n" + tail(), e);
    }
    httpPort = Integer.parseInt(ready.group(1));
    nodeId = ready.group(2);
    return this;
  }

  /** Waits (bounded) until the process ends; returns its exit status. */
  /** An address on this node's API. */
  java.net.URI uri(String path) {
    return java.net.URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /** A meter's value from this node's Prometheus text (the first series of that name). */
  double metric(java.net.http.HttpClient http, String meter) throws Exception {
    java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(uri("/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    for (String line : response.body().lines().toList()) {
      if (line.startsWith(meter + " ") || line.startsWith(meter + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + meter + " in the metrics of " + name);
  }

  int awaitExit(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still running after " + seconds + " s\n" + tail());
    }
    return process.exitValue();
  }

  /** Waits (bounded) until a line of the node's stderr (where Hazelcast logs) contains the text. */
  void awaitLog(String text, long seconds) {
    try {
      Polling.await(name + ": '" + text + "' in its log", Duration.ofSeconds(seconds), POLL)
          .until(() -> read(stderr).contains(text));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + ": no '" + text + "' in its log within " + seconds + " s\n" + tail(), e);
    }
  }

  /**
   * Waits (bounded) for a log line containing the text; returns its time (epoch milliseconds, the
   * stamp every log line starts with).
   */
  long awaitLogTime(String text, long seconds) throws IOException {
    awaitLog(text, seconds);
    for (String line : read(stderr).lines().toList()) {
      int at = line.indexOf(text);
      int space = line.indexOf(' ');
      if (at >= 0 && space > 0) {
        return Long.parseLong(line.substring(0, space));
      }
    }
    throw new IllegalStateException(name + ": no time stamp on the line with '" + text + "'");
  }

  /** SIGTERM on Linux: the node's shutdown hook drains it; waits (bounded) for it to exit. */
  int terminate(long seconds) throws Exception {
    process.destroy();
    return awaitExit(seconds);
  }

  /** SIGKILL on Linux: no shutdown hook runs, the sockets just close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String out() throws IOException {
    return read(stdout);
  }

  String err() throws IOException {
    return read(stderr);
  }

  String tail() {
    try {
      return "--- " + stdout + " ---\n" + last(read(stdout)) + "\n--- " + stderr + " ---\n" + last(read(stderr));
    } catch (IOException e) {
      return "(logs unreadable: " + e + ")";
    }
  }

  private static String last(String text) {
    return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
