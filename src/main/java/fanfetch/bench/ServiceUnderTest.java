package fanfetch.bench;

import io.vertx.core.Vertx;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The fanfetch service being measured: one the bench starts ({@code fanfetch serve} in a child
 * process, so its memory is its own), or one already running ({@code --target}).
 */
final class ServiceUnderTest implements AutoCloseable {

  private static final long READY_TIMEOUT_MS = 60_000;
  private static final long READY_POLL_MS = 100;

  /**
   * The environment of a started service. Inherited {@code FANFETCH_*} variables are dropped, and
   * it runs in the bench's scratch folder (so no {@code conf/config.json} is found there): what is
   * measured is the configuration shipped in the jar, with only these changes.
   */
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "FANFETCH_HTTP_HOST", "127.0.0.1",
      // the origin's loopback hosts, which the address guard refuses by default
      "FANFETCH_GUARD_ALLOW", "127.0.0.0/8",
      "FANFETCH_CLUSTER", "false");

  private final OptionalLong pid;
  private final JobClient client;
  private final ChildProcess child;

  private ServiceUnderTest(OptionalLong pid, JobClient client, ChildProcess child) {
    this.pid = pid;
    this.client = client;
    this.child = child;
  }

  /** A service that is already running; its memory is read only when its pid is given. */
  static ServiceUnderTest running(Vertx vertx, URI uri, OptionalLong pid) {
    return new ServiceUnderTest(pid, new JobClient(vertx, uri), null);
  }

  /** Starts {@code fanfetch serve} on a free loopback port and waits until it is ready. */
  static ServiceUnderTest start(Vertx vertx, List<String> jvmOptions, Path directory) throws Exception {
    int port = Loopback.freePort();
    ChildProcess child = ChildProcess.startJava("service", jvmOptions, List.of(fanfetch.Main.class.getName(), "serve"),
        env -> {
          env.keySet().removeIf(name -> name.startsWith("FANFETCH_"));
          env.putAll(ENVIRONMENT);
          env.put("FANFETCH_HTTP_PORT", Integer.toString(port));
        }, directory, false);
    URI uri = URI.create("http://127.0.0.1:" + port);
    ServiceUnderTest service = new ServiceUnderTest(OptionalLong.of(child.pid()), new JobClient(vertx, uri), child);
    try {
      service.awaitReady();
      return service;
    } catch (Exception e) {
      service.close();
      throw e;
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (!client.ready().await()) {
      if (!child.process().isAlive()) {
        throw new IllegalStateException(child.failure("did not start"));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(child.failure("was not ready within " + READY_TIMEOUT_MS / 1000 + " s"));
      }
      Thread.sleep(READY_POLL_MS);
    }
  }

  /** The service's process id, when known (its memory and file limit are read from /proc). */
  OptionalLong pid() {
    return pid;
  }

  JobClient client() {
    return client;
  }

  @Override
  public void close() {
    if (child != null) {
      child.close();
    }
  }
}
