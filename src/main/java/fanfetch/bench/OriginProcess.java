package fanfetch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The bench's side of {@link BenchOrigin}: starts it as a child process and knows its URLs. */
final class OriginProcess implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 30;
  /** Its own small heap and the throughput collector: it keeps no state, only sockets. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseParallelGC");

  private final ChildProcess child;
  private final int hosts;
  private final int port;

  private OriginProcess(ChildProcess child, int hosts, int port) {
    this.child = child;
    this.hosts = hosts;
    this.port = port;
  }

  static OriginProcess start(int hosts, Path directory) throws Exception {
    ChildProcess child = ChildProcess.startJava("origin", JVM_OPTIONS,
        List.of(BenchOrigin.class.getName(), Integer.toString(hosts)), env -> { }, directory, true);
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(child.process().getInputStream(),
          StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(stdout))
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || !line.strip().matches("\\d+")) {
        throw new IllegalStateException(child.failure("did not start"));
      }
      return new OriginProcess(child, hosts, Integer.parseInt(line.strip()));
    } catch (java.util.concurrent.TimeoutException e) {
      child.close();
      throw new IllegalStateException(child.failure("did not print its port within " + START_TIMEOUT_SECONDS + " s"));
    } catch (Exception e) {
      child.close();
      throw e;
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  int hosts() {
    return hosts;
  }

  int port() {
    return port;
  }

  long pid() {
    return child.pid();
  }

  /** {@code http://127.0.0.<host>:<port><path>}, host counted from 1. */
  String url(int host, String path) {
    return "http://127.0.0." + host + ":" + port + path;
  }

  @Override
  public void close() {
    child.close();
  }
}
