package fanfetch.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fanfetch node in a JVM of its own with a small heap, as operated ({@code -XX:+UseParallelGC
 * -XX:+ExitOnOutOfMemoryError}): a client that could exhaust its memory kills it, and the test sees
 * the process gone. Its configuration is the shipped one plus the test's changes, written to a file
 * under the build folder; its job store on disk there too. Every wait is bounded; {@link #close}
 * kills what is left.
 */
public final class NodeProcess implements AutoCloseable {

  /** The node binds 127.0.0.1 (set above): a line naming any other address is not this node ready. */
  private static final Pattern READY = Pattern.compile(Pattern.quote("fanfetch listening on http://127.0.0.1:") + "(\\d+)");

  private final Child child;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private NodeProcess(Child child, int port) {
    this.child = child;
    this.port = port;
  }

  /**
   * Starts {@code fanfetch.Main} with {@code -Xmx<heapMb>m} and {@code config} (merged over the shipped
   * defaults; the HTTP port is 0 and the job store a fresh folder) and waits for it to listen.
   */
  public static NodeProcess start(String name, int heapMb, JsonObject config) throws Exception {
    Path folder = Files.createDirectories(Path.of(System.getProperty("buildDirectory", "target"), "node-process",
        name + "-" + System.nanoTime()));
    JsonObject merged = config.copy();
    merged.put("http", merged.getJsonObject("http", new JsonObject()).copy().put("host", "127.0.0.1").put("port", 0));
    merged.put("jobs", merged.getJsonObject("jobs", new JsonObject()).copy()
        .put("store", "disk").put("dataDir", folder.resolve("data").toString()));
    Path conf = folder.resolve("config.json");
    Files.writeString(conf, merged.encodePrettily());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heapMb + "m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), "fanfetch.Main", "--conf", conf.toString()));
    Child child = Child.start(command, Map.of());
    try {
      String out = child.awaitOut(text -> READY.matcher(text).find(), Duration.ofSeconds(60));
      Matcher ready = READY.matcher(out);
      ready.find();
      return new NodeProcess(child, Integer.parseInt(ready.group(1)));
    } catch (RuntimeException | Error e) {
      child.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return child.process().pid();
  }

  public boolean alive() {
    return child.process().isAlive();
  }

  /** What the node wrote (its log on stderr, and stdout, where the JVM says why it exited), for failure messages. */
  public String log() {
    String err = child.err() + child.out()
        + (child.process().isAlive() ? "" : "\n(exited with " + child.process().exitValue() + ")");
    return err.length() <= 4000 ? err : "…" + err.substring(err.length() - 4000);
  }

  /** The node's open file descriptors (Linux). */
  public long openFds() throws IOException {
    if (!alive()) {
      awaitExit();
      throw new AssertionError("the node is gone; its log:\n" + log());
    }
    try (var fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
      return fds.count();
    } catch (java.nio.file.NoSuchFileException gone) {
      awaitExit();
      throw new AssertionError("the node is gone; its log:\n" + log(), gone);
    }
  }

  private void awaitExit() {
    try {
      child.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request to the node's API with the JDK's client: status and body. */
  public HttpResponse<String> send(String method, String path, String body, Duration timeout) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET whose body is read as it streams in (chunked encoding decoded). */
  public HttpResponse<java.io.InputStream> stream(String path, Duration timeout) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /** POST /jobs?wait=false: the new job's id. */
  public String accept(JsonObject spec) throws Exception {
    HttpResponse<String> answer = send("POST", "/jobs?wait=false", spec.encode(), Duration.ofSeconds(60));
    if (answer.statusCode() != 202) {
      throw new AssertionError("POST /jobs?wait=false answered " + answer.statusCode() + ": " + answer.body());
    }
    return new JsonObject(answer.body()).getString("id");
  }

  /** GET /jobs/{id}: the report (so far). */
  public JsonObject report(String id) throws Exception {
    return new JsonObject(send("GET", "/jobs/" + id, null, Duration.ofSeconds(60)).body());
  }

  @Override
  public void close() throws IOException {
    child.close();
  }
}
