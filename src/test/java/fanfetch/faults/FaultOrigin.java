package fanfetch.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP "origin" on 127.0.0.1 for faults an HTTP server is too polite to produce: it reads one
 * request head per connection, looks up the script registered for the request path and lets it
 * write whatever bytes it likes (half a head, a lying Content-Length, a TCP reset, nothing at all).
 *
 * <p>One request per connection. When a script returns without having closed the socket, the
 * origin half-closes it (FIN, which also ends a close-delimited body), waits a bounded time for the
 * client to close its side, and closes. Unknown paths get a 404. Every wait is bounded.
 */
final class FaultOrigin implements AutoCloseable {

  /** What the origin does with one connection once the request head has been read. */
  @FunctionalInterface
  interface Script {
    void play(Exchange exchange) throws IOException, InterruptedException;
  }

  /** One connection, its request already read. */
  static final class Exchange {
    private final FaultOrigin origin;
    private final Socket socket;
    private final OutputStream out;
    private final String path;
    private final String requestHead;

    private Exchange(FaultOrigin origin, Socket socket, String path, String requestHead) throws IOException {
      this.origin = origin;
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.path = path;
      this.requestHead = requestHead;
    }

    String path() {
      return path;
    }

    String requestHead() {
      return requestHead;
    }

    /** Writes text (ISO-8859-1, as HTTP heads are) and flushes. */
    Exchange send(String text) throws IOException {
      return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Exchange send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      return this;
    }

    Exchange pause(long ms) throws InterruptedException {
      Thread.sleep(ms);
      return this;
    }

    /**
     * Waits (at most {@code maxMs}) for the client to send another request on this same
     * connection, as it may after a response without {@code Connection: close}; returns that
     * request's path (also counted as a hit), or null if none came or the client closed.
     */
    String nextRequest(long maxMs) throws IOException {
      socket.setSoTimeout((int) Math.max(1, maxMs));
      try {
        String head = readHead(socket.getInputStream());
        if (head == null) {
          return null;
        }
        origin.heads.add(head);
        String next = pathOf(head);
        origin.hits.computeIfAbsent(next, p -> new AtomicInteger()).incrementAndGet();
        return next;
      } catch (SocketTimeoutException e) {
        return null;
      } finally {
        socket.setSoTimeout(READ_TIMEOUT_MS);
      }
    }

    /** Orderly close (FIN) now. */
    void close() throws IOException {
      socket.close();
    }

    /** Abortive close: SO_LINGER 0 makes close() send a TCP RST instead of a FIN. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /**
     * Keeps the connection open without answering until the client closes it or {@code maxMs}
     * pass, whichever comes first.
     */
    void holdOpen(long maxMs) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[1024];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        try {
          if (in.read(sink) < 0) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // still open: keep waiting until the deadline
        }
      }
    }
  }

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int READ_TIMEOUT_MS = 10_000;
  /** How long the origin waits for the client to close after the script is done. */
  private static final int LINGER_FOR_CLIENT_MS = 5_000;

  private final ServerSocket server;
  private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "fault-origin-connection");
    thread.setDaemon(true);
    return thread;
  });
  private final Thread acceptor;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final java.util.Queue<String> heads = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private FaultOrigin(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "fault-origin-accept-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  static FaultOrigin start() throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1024);
    FaultOrigin origin = new FaultOrigin(server);
    origin.acceptor.start();
    return origin;
  }

  /** Registers the script for requests whose path (query excluded) is exactly {@code path}. */
  FaultOrigin on(String path, Script script) {
    scripts.put(path, script);
    return this;
  }

  /**
   * Registers the script for every path starting with {@code prefix} + "/" (for jobs of many
   * distinct URLs); exact paths win.
   */
  FaultOrigin onPrefix(String prefix, Script script) {
    scripts.put(prefix + "/*", script);
    return this;
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Requests whose head arrived for this exact path. */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Every request head received so far (request line and headers), in arrival order. */
  java.util.List<String> requestHeads() {
    return java.util.List.copyOf(heads);
  }

  /** TCP connections accepted so far, whatever they sent. */
  int accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    connections.shutdownNow();
    try {
      acceptor.join(5_000);
      connections.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      try {
        connections.execute(() -> serve(socket));
      } catch (RuntimeException e) { // rejected after close
        quietlyClose(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      String head = readHead(socket.getInputStream());
      if (head == null) {
        return;
      }
      heads.add(head);
      String path = pathOf(head);
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Exchange exchange = new Exchange(this, socket, path, head);
      scriptFor(path).play(exchange);
      if (!socket.isClosed()) {
        socket.shutdownOutput();
        exchange.holdOpen(LINGER_FOR_CLIENT_MS);
      }
    } catch (SocketException | SocketTimeoutException e) {
      // the client went away mid-script (it gave up, or it reset us): that is its right
    } catch (IOException e) {
      // same
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Script scriptFor(String path) {
    Script exact = scripts.get(path);
    if (exact != null) {
      return exact;
    }
    int slash = path.lastIndexOf('/');
    while (slash > 0) {
      Script prefixed = scripts.get(path.substring(0, slash) + "/*");
      if (prefixed != null) {
        return prefixed;
      }
      slash = path.lastIndexOf('/', slash - 1);
    }
    return exchange -> exchange.send("HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nnot found\n");
  }

  /** The request head up to and including the blank line, or null if the client sent none. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (head.size() < MAX_HEAD_BYTES) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static String pathOf(String head) {
    String requestLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
    String[] parts = requestLine.split(" ");
    String target = parts.length > 1 ? parts[1] : "/";
    int query = target.indexOf('?');
    return query >= 0 ? target.substring(0, query) : target;
  }

  private static void quietlyClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
