package fanfetch.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP origin for tests, on 127.0.0.1 (plain, where HTTP/2 with prior knowledge works too; TLS
 * with a self-signed certificate and HTTP/1.1 only; and TLS offering HTTP/2 by ALPN). Routes:
 * <ul>
 *   <li>{@code /delay/{ms}} – answers "ok\n" after ms; {@code /delay/{ms}/bytes/{n}} – n bytes after ms</li>
 *   <li>{@code /bytes/{n}} – n deterministic bytes with Content-Length, streamed with back-pressure</li>
 *   <li>{@code /stream/{n}} – n deterministic bytes, chunked (no Content-Length)</li>
 *   <li>{@code /status/{code}} – that status, a short body</li>
 *   <li>{@code /redirect/{n}} – a chain of n 302 hops ending at {@code /bytes/10}</li>
 *   <li>{@code /loop} – a 302 to itself; {@code /redirect-to?url=U} – a 302 to U (any scheme)</li>
 *   <li>{@code /reset} – headers promising 1 MB, 64 KiB of body, then the connection is closed</li>
 *   <li>{@code /trickle} – one byte every 100 ms, forever; {@code /hang} – never answers</li>
 *   <li>{@code /headers} – the request headers as JSON</li>
 *   <li>{@code /flaky/{n}/{status}[/{retryAfter}]} – status (with Retry-After) n times per URI, then 200</li>
 *   <li>{@code /header-bytes/{n}} – a 200 with one response header whose value is n bytes long</li>
 * </ul>
 * It keeps the headers of the last request to {@code /headers} ({@link #lastRequestHeaders}) and can
 * announce the next request to a path ({@link #expect}).
 * It counts requests per path and the most requests it ever had open at once, so tests can check
 * concurrency windows from the origin's side.
 */
public final class TestOrigin {

  /** The byte at position i of every generated body. */
  public static byte byteAt(long i) {
    return (byte) ((i * 31 + (i >>> 8) * 7) & 0xFF);
  }

  private final Vertx vertx;
  private HttpServer plain;
  private HttpServer tls;
  /** TLS with ALPN: h2 or http/1.1, as the client asks. */
  private HttpServer h2;
  private Path certificatePem;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  /** By path and query: how often each exact URL was asked for. */
  private final Map<String, AtomicInteger> uriHits = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> flakyHits = new ConcurrentHashMap<>();
  private final Map<String, MultiMap> lastHeaders = new ConcurrentHashMap<>();
  /** By path: when each request arrived ({@link System#nanoTime}), in arrival order. */
  private final Map<String, java.util.Queue<Long>> arrivals = new ConcurrentHashMap<>();
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();

  /**
   * The next request to a path, as the origin sees it: {@code arrived} completes when it comes in,
   * {@code closed} when its connection closes before the response was complete (the client gave up).
   */
  public record Expected(Promise<Void> arrivedPromise, Promise<Void> closedPromise) {
    public Future<Void> arrived() {
      return arrivedPromise.future();
    }

    public Future<Void> closed() {
      return closedPromise.future();
    }
  }

  private TestOrigin(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Future<TestOrigin> start(Vertx vertx) {
    TestOrigin origin = new TestOrigin(vertx);
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    try {
      Path pem = Files.createTempFile("fanfetch-test-origin", ".pem");
      Files.copy(Path.of(certificate.certificatePath()), pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      origin.certificatePem = pem;
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
    return vertx.createHttpServer().requestHandler(origin::handle).listen(0, "127.0.0.1")
        .compose(server -> {
          origin.plain = server;
          return vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                  .setKeyCertOptions(certificate.keyCertOptions()))
              .requestHandler(origin::handle).listen(0, "127.0.0.1");
        })
        .compose(server -> {
          origin.tls = server;
          return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setUseAlpn(true)
                  .setKeyCertOptions(certificate.keyCertOptions()))
              .requestHandler(origin::handle).listen(0, "127.0.0.1");
        })
        .map(server -> {
          origin.h2 = server;
          return origin;
        });
  }

  /** The Vert.x this origin runs on (closing it closes the origin): for further servers of a test's own. */
  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return plain.actualPort();
  }

  public int tlsPort() {
    return tls.actualPort();
  }

  /** The TLS port that offers HTTP/2 by ALPN (the plain port speaks h2c with prior knowledge too). */
  public int h2Port() {
    return h2.actualPort();
  }

  /** {@code https://localhost:h2Port} + path: HTTP/2 when the client offers it. */
  public String h2Url(String path) {
    return "https://localhost:" + h2Port() + path;
  }

  /** {@code http://127.0.0.1:port} + path. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** {@code https://localhost:tlsPort} + path (the certificate is for localhost). */
  public String tlsUrl(String path) {
    return "https://localhost:" + tlsPort() + path;
  }

  /** PEM file of the TLS server's self-signed certificate (for {@code fetchers.trustPem}). */
  public String certificatePem() {
    return certificatePem.toString();
  }

  /** How often the exact path and query ({@code /delay/10?i=3}) was asked for. */
  public int uriHits(String uri) {
    AtomicInteger n = uriHits.get(uri);
    return n == null ? 0 : n.get();
  }

  /** When each request to the path arrived ({@link System#nanoTime}), in arrival order. */
  public List<Long> arrivalNanos(String path) {
    java.util.Queue<Long> times = arrivals.get(path);
    return times == null ? List.of() : List.copyOf(times);
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Watches for the next request to this path (one watcher per path at a time). */
  public Expected expect(String path) {
    Expected next = new Expected(Promise.promise(), Promise.promise());
    expected.put(path, next);
    return next;
  }

  /** The headers of the last request to this {@code /headers...} path, or null if there was none. */
  public MultiMap lastRequestHeaders(String path) {
    return lastHeaders.get(path);
  }

  public int maxOpen() {
    return maxOpen.get();
  }

  public void resetCounters() {
    hits.clear();
    uriHits.clear();
    arrivals.clear();
    maxOpen.set(0);
  }

  public Future<Void> close() {
    return Future.all(plain.close(), tls.close(), h2.close()).mapEmpty();
  }

  /** SHA-256 (hex) of the first n generated bytes, as /bytes/n and /stream/n serve them. */
  public static String sha256Of(long n) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] block = new byte[64 * 1024];
      long done = 0;
      while (done < n) {
        int len = (int) Math.min(block.length, n - done);
        for (int i = 0; i < len; i++) {
          block[i] = byteAt(done + i);
        }
        md.update(block, 0, len);
        done += len;
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    arrivals.computeIfAbsent(path, p -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(System.nanoTime());
    uriHits.computeIfAbsent(request.uri(), p -> new AtomicInteger()).incrementAndGet();
    int now = open.incrementAndGet();
    maxOpen.accumulateAndGet(now, Math::max);
    HttpServerResponse response = request.response();
    java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
    Runnable closed = () -> {
      if (counted.getAndSet(false)) {
        open.decrementAndGet();
      }
    };
    // Counted as closed once the answer is committed (headers out), so the count never lags a
    // client that already has its response and sends the next request.
    response.headersEndHandler(v -> closed.run());
    response.closeHandler(v -> closed.run());
    response.endHandler(v -> closed.run());
    Expected watcher = expected.remove(path);
    if (watcher != null) {
      response.closeHandler(v -> {
        closed.run();
        watcher.closedPromise().tryComplete();
      });
      watcher.arrivedPromise().tryComplete();
    }
    String[] parts = path.split("/");
    try {
      route(request, response, parts);
    } catch (RuntimeException e) {
      response.setStatusCode(400).end("bad test path: " + e + "\n");
    }
  }

  private void route(HttpServerRequest request, HttpServerResponse response, String[] parts) {
    String first = parts.length > 1 ? parts[1] : "";
    switch (first) {
      case "delay" -> {
        long ms = Long.parseLong(parts[2]);
        vertx.setTimer(Math.max(1, ms), t -> {
          if (parts.length > 4 && parts[3].equals("bytes")) {
            sendBytes(response, Long.parseLong(parts[4]), true);
          } else {
            response.putHeader("Content-Type", "text/plain").end("ok\n");
          }
        });
      }
      case "bytes" -> sendBytes(response, Long.parseLong(parts[2]), true);
      case "stream" -> sendBytes(response, Long.parseLong(parts[2]), false);
      case "status" -> {
        int code = Integer.parseInt(parts[2]);
        response.setStatusCode(code);
        if (code == 204 || code == 304) {
          response.end();
        } else {
          response.putHeader("Content-Type", "text/plain").end("status " + code + "\n");
        }
      }
      case "redirect" -> {
        int n = Integer.parseInt(parts[2]);
        response.setStatusCode(302).putHeader("Location", n <= 1 ? "/bytes/10" : "/redirect/" + (n - 1)).end();
      }
      case "flaky" -> {
        // /flaky/{failures}/{status}[/{retryAfterSeconds}]: the first failures requests (per full
        // URI) answer status, later ones 200 "ok\n".
        int failures = Integer.parseInt(parts[2]);
        int seen = flakyHits.computeIfAbsent(request.uri(), u -> new AtomicInteger()).incrementAndGet();
        if (seen <= failures) {
          response.setStatusCode(Integer.parseInt(parts[3]));
          if (parts.length > 4) {
            response.putHeader("Retry-After", parts[4]);
          }
          response.end("try again\n");
        } else {
          response.putHeader("Content-Type", "text/plain").end("ok\n");
        }
      }
      case "loop" -> response.setStatusCode(302).putHeader("Location", "/loop").end();
      case "redirect-to" -> response.setStatusCode(302).putHeader("Location", request.getParam("url")).end();
      case "reset" -> {
        response.putHeader("Content-Length", "1048576");
        response.write(Buffer.buffer(new byte[64 * 1024]));
        vertx.setTimer(50, t -> request.connection().close());
      }
      case "trickle" -> {
        response.setChunked(true);
        long timer = vertx.setPeriodic(100, t -> response.write("x"));
        request.connection().closeHandler(v -> vertx.cancelTimer(timer));
      }
      case "hang" -> {
        // never answers
      }
      case "headers" -> {
        lastHeaders.put(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        JsonObject headers = new JsonObject();
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
        response.putHeader("Content-Type", "application/json").end(headers.encode());
      }
      case "header-bytes" -> response.putHeader("X-Large", "x".repeat(Integer.parseInt(parts[2])))
          .putHeader("Content-Type", "text/plain").end("ok\n");
      default -> response.setStatusCode(404).end("not found\n");
    }
  }

  /** Streams n generated bytes, pausing whenever the connection's write queue is full. */
  private void sendBytes(HttpServerResponse response, long n, boolean contentLength) {
    response.putHeader("Content-Type", "application/octet-stream");
    if (contentLength) {
      response.putHeader("Content-Length", Long.toString(n));
    } else {
      response.setChunked(true);
    }
    new Object() {
      long sent;

      void pump() {
        while (sent < n && !response.writeQueueFull()) {
          int len = (int) Math.min(64 * 1024, n - sent);
          byte[] chunk = new byte[len];
          for (int i = 0; i < len; i++) {
            chunk[i] = byteAt(sent + i);
          }
          sent += len;
          response.write(Buffer.buffer(chunk));
        }
        if (sent >= n) {
          response.end();
        } else {
          response.drainHandler(v -> pump());
        }
      }
    }.pump();
  }
}
