package fanfetch.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bench's HTTP origin, run as its own process ({@code java -cp fanfetch.jar
 * fanfetch.bench.BenchOrigin HOSTS}) so it does not share a JVM, a heap or a GC with the service
 * under test. It listens on the same port of 127.0.0.1 … 127.0.0.HOSTS: each address is a distinct
 * host for the service's per-host limits. Routes:
 * <ul>
 *   <li>{@code /delay/{ms}}: a short body after ms</li>
 *   <li>{@code /bytes/{n}}: n bytes with Content-Length, one preallocated chunk written again and
 *       again with back-pressure, so a 256 MiB body costs no memory</li>
 * </ul>
 * Prints the port on stdout once every address listens; exits when stdin closes, so it cannot
 * outlive a bench that was killed.
 */
public final class BenchOrigin extends VerticleBase {

  /** The body of {@code /delay/{ms}}. */
  static final String DELAY_BODY = "ok\n";
  /** 127.0.0.1 … 127.0.0.254. */
  static final int MAX_HOSTS = 254;
  private static final Buffer CHUNK = randomChunk(64 * 1024);
  private static final int PORT_ATTEMPTS = 10;

  private final int hosts;
  private final int port;

  BenchOrigin(int hosts, int port) {
    this.hosts = hosts;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int hosts = Integer.parseInt(args[0]);
    if (hosts < 1 || hosts > MAX_HOSTS) {
      // 127.0.0.255 and beyond are not addresses: Vert.x would look them up in the DNS
      System.err.println("BenchOrigin: hosts must be 1 to " + MAX_HOSTS + ", got " + hosts);
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    try {
      System.out.println(listenOnFreePort(vertx, hosts));
      System.out.flush();
    } catch (Exception e) {
      // Exit now rather than linger on Vert.x's threads: the bench reads the reason in the log.
      e.printStackTrace();
      System.exit(1);
    }
    exitWhenClosed(System.in);
  }

  /**
   * Deploys one instance per core on a port that is free on every address. A port free on
   * 127.0.0.1 may be taken on another loopback address, so a failed bind is tried again elsewhere.
   */
  private static int listenOnFreePort(Vertx vertx, int hosts) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = Loopback.freePort();
      try {
        vertx.deployVerticle(() -> new BenchOrigin(hosts, port),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())).await();
        return port;
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }

  private static void exitWhenClosed(InputStream parent) throws IOException {
    while (parent.read() >= 0) {
      // nothing is sent on stdin: it only tells that the bench is still there
    }
    System.exit(0);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/delay/:ms").handler(this::delay);
    router.get("/bytes/:n").handler(BenchOrigin::bytes);
    // Thousands of connections arrive at once in the big fan-out.
    HttpServerOptions options = new HttpServerOptions().setAcceptBacklog(4096);
    List<Future<?>> listening = new ArrayList<>();
    for (int host = 1; host <= hosts; host++) {
      listening.add(vertx.createHttpServer(options).requestHandler(router).listen(port, "127.0.0." + host));
    }
    return Future.all(listening);
  }

  private void delay(RoutingContext context) {
    long ms = Long.parseLong(context.pathParam("ms"));
    vertx.setTimer(Math.max(1, ms), timer -> context.response().putHeader("Content-Type", "text/plain").end(DELAY_BODY));
  }

  private static void bytes(RoutingContext context) {
    long n = Long.parseLong(context.pathParam("n"));
    HttpServerResponse response = context.response()
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("Content-Length", Long.toString(n));
    new Object() {
      long left = n;

      void pump() {
        while (left > 0 && !response.writeQueueFull() && !response.closed()) {
          int length = (int) Math.min(CHUNK.length(), left);
          response.write(length == CHUNK.length() ? CHUNK : CHUNK.slice(0, length));
          left -= length;
        }
        if (left == 0) {
          response.end();
        } else if (!response.closed()) {
          response.drainHandler(drained -> pump());
        }
      }
    }.pump();
  }

  private static Buffer randomChunk(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Buffer.buffer(bytes);
  }
}
