package fanfetch.origin;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The test origin: one HTTP server for {@code fanfetch origin}, the demo and the bench. It listens
 * on one port of one or more addresses (each address is a distinct host for per-host limits) and
 * answers GET and HEAD:
 * <ul>
 *   <li>{@code /delay/<ms>}: {@code ok} and a newline after ms (0: at once)</li>
 *   <li>{@code /bytes/<n>}: n bytes ({@code 1k}, {@code 1m}, {@code 1g} or a number) with a
 *       Content-Length, one preallocated chunk written again and again with back-pressure, so a
 *       large body costs no memory</li>
 *   <li>{@code /status/<code>}: that status (200 to 599)</li>
 *   <li>{@code /redirect/<n>}: a 302 to {@code /redirect/<n-1>}; {@code /redirect/0} answers 200</li>
 *   <li>{@code /docs/<name>}: the demo's documents ({@link SampleDocuments}) after the docs delay</li>
 *   <li>{@code /}: this list</li>
 * </ul>
 * With port 0, the first address picks a free port and the others listen on that one.
 * Bodies are deterministic, so their SHA-256 is the same on every run.
 */
public final class Origin extends VerticleBase {

  /** The body of {@code /delay/<ms>} and of the end of a redirect chain. */
  public static final String DELAY_BODY = "ok\n";
  public static final long MAX_DELAY_MS = 600_000;
  public static final int MAX_REDIRECTS = 100;
  /** 127.0.0.1 … 127.0.0.254: 127.0.0.255 and beyond are no addresses of one /24. */
  public static final int MAX_LOOPBACK_HOSTS = 254;
  static final String ROUTES = "/delay/<ms>  /bytes/<n> (1k, 1m or a number)  /status/<code>  /redirect/<n>"
      + "  /docs/<name>";
  private static final Buffer CHUNK = pattern(64 * 1024);
  private static final SampleDocuments DOCUMENTS = new SampleDocuments();

  /**
   * @param hosts       the addresses to listen on, all on the same port
   * @param port        the port; 0 picks a free one (with one instance only)
   * @param docsDelayMs how long {@code /docs/<name>} waits before it answers
   */
  public record Options(List<String> hosts, int port, long docsDelayMs) {
    public Options {
      hosts = List.copyOf(hosts);
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("no address to listen on");
      }
    }
  }

  /** A deployed origin: where it listens, and how to stop it. */
  public record Listening(Vertx vertx, String deploymentId, List<String> hosts, int port) {
    /** {@code http://<first host>:<port><path>}. */
    public String url(String path) {
      return url(0, path);
    }

    /** The URL of a path on the host at that position of {@link #hosts}. */
    public String url(int host, String path) {
      String h = hosts.get(host);
      return "http://" + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port + path;
    }

    public Future<Void> close() {
      return vertx.undeploy(deploymentId);
    }
  }

  private final Options options;
  private final List<HttpServer> servers = new ArrayList<>();

  private Origin(Options options) {
    this.options = options;
  }

  /**
   * Deploys the origin on that many event loops.
   *
   * @throws IllegalArgumentException (in the future) for port 0 with more than one instance
   */
  public static Future<Listening> deploy(Vertx vertx, Options options, int instances) {
    if (options.port() == 0 && instances != 1) {
      return Future.failedFuture(new IllegalArgumentException("port 0 needs a single instance"));
    }
    AtomicReference<Origin> first = new AtomicReference<>();
    return vertx.deployVerticle(() -> {
      Origin origin = new Origin(options);
      first.compareAndSet(null, origin);
      return origin;
    }, new DeploymentOptions().setInstances(instances))
        .map(id -> new Listening(vertx, id, options.hosts(), first.get().servers.get(0).actualPort()));
  }

  /** 127.0.0.1 … 127.0.0.n. */
  public static List<String> loopbackHosts(int n) {
    if (n < 1 || n > MAX_LOOPBACK_HOSTS) {
      throw new IllegalArgumentException("hosts must be 1 to " + MAX_LOOPBACK_HOSTS + ", got " + n);
    }
    return IntStream.rangeClosed(1, n).mapToObj(i -> "127.0.0." + i).toList();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    route(router, "/").handler(c -> c.response().putHeader("Content-Type", "text/plain")
        .end("fanfetch test origin: " + ROUTES + "\n"));
    route(router, "/delay/:ms").handler(this::delay);
    route(router, "/bytes/:n").handler(Origin::bytes);
    route(router, "/status/:code").handler(Origin::status);
    route(router, "/redirect/:n").handler(Origin::redirect);
    route(router, "/docs/:name").handler(this::document);
    // Thousands of connections arrive at once in the bench's big fan-out.
    HttpServerOptions serverOptions = new HttpServerOptions().setAcceptBacklog(4096);
    // The first address picks the port (when it is 0); the others listen on the same one.
    Future<Integer> port = Future.succeededFuture(options.port());
    for (String host : options.hosts()) {
      HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(router);
      servers.add(server);
      port = port.compose(p -> server.listen(p, host)).map(HttpServer::actualPort);
    }
    return port;
  }

  private static io.vertx.ext.web.Route route(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private void delay(RoutingContext context) {
    long ms = number(context, "ms", 0, MAX_DELAY_MS);
    if (ms >= 0) {
      later(ms, () -> context.response().putHeader("Content-Type", "text/plain").end(DELAY_BODY));
    }
  }

  private void document(RoutingContext context) {
    Buffer body = DOCUMENTS.get(context.pathParam("name"));
    if (body == null) {
      context.response().setStatusCode(404).end("no such document\n");
      return;
    }
    later(options.docsDelayMs(), () -> context.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8").end(body));
  }

  /** Runs the action after ms; at once for 0 (a Vert.x timer needs at least 1 ms). */
  private void later(long ms, Runnable action) {
    if (ms <= 0) {
      action.run();
    } else {
      vertx.setTimer(ms, timer -> action.run());
    }
  }

  private static void status(RoutingContext context) {
    long code = number(context, "code", 200, 599);
    if (code < 0) {
      return;
    }
    HttpServerResponse response = context.response().setStatusCode((int) code);
    if (code == 204 || code == 304) {
      response.end();
    } else {
      response.putHeader("Content-Type", "text/plain").end("status " + code + "\n");
    }
  }

  private static void redirect(RoutingContext context) {
    long n = number(context, "n", 0, MAX_REDIRECTS);
    if (n == 0) {
      context.response().putHeader("Content-Type", "text/plain").end(DELAY_BODY);
    } else if (n > 0) {
      context.response().setStatusCode(302).putHeader("Location", "/redirect/" + (n - 1)).end();
    }
  }

  private static void bytes(RoutingContext context) {
    long n;
    try {
      n = ByteSize.parse(context.pathParam("n"));
    } catch (IllegalArgumentException e) {
      badRequest(context, e.getMessage());
      return;
    }
    HttpServerResponse response = context.response()
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("Content-Length", Long.toString(n));
    if (context.request().method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
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

  /** A whole-number path parameter in [min, max], or -1 after answering 400. */
  private static long number(RoutingContext context, String name, long min, long max) {
    String text = context.pathParam(name);
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    badRequest(context, name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    return -1;
  }

  private static void badRequest(RoutingContext context, String why) {
    context.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end(why + "\n");
  }

  /** Deterministic bytes: the same body, and so the same SHA-256, on every run. */
  private static Buffer pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ((i * 31 + (i >>> 8) * 7) & 0xFF);
    }
    return Buffer.buffer(bytes);
  }
}
