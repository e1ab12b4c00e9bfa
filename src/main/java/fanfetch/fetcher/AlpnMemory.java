package fanfetch.fetcher;

import io.vertx.core.http.HttpVersion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What one fetcher learned of each https origin it offered both h2 and http/1.1 by ALPN, and the
 * wait for that answer (curl's "pipewait"). Vert.x pools such requests as HTTP/2: one connection
 * per origin, the others waiting for it; when the server then picks HTTP/1.1 those waiters share
 * that single connection one by one. So while the first request to an origin learns its answer,
 * the others to it wait here; then requests to an HTTP/1.1 origin ask for HTTP/1.1 outright (and
 * get HTTP/1.1's parallel connections) and requests to an HTTP/2 origin multiplex on its
 * connection. An answer is kept for {@link #KEEP_MS}; the least recently used are forgotten.
 */
final class AlpnMemory {

  static final long KEEP_MS = 10 * 60_000;
  private static final int MAX_ORIGINS = 4096;

  private static final class Origin {
    HttpVersion learned;
    long learnedAtMillis;
    boolean probing;
    final Deque<Runnable> waiting = new ArrayDeque<>();
  }

  private final LongSupplier clockMillis;
  /** An origin being probed stays, so its waiters are let go. */
  private final Map<String, Origin> origins = LruMaps.bounded(MAX_ORIGINS, origin -> !origin.probing);

  AlpnMemory(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /**
   * Calls {@code go} with the origin's learned version, now or once the request learning it is
   * done; with null when this request is the one to learn it (it must then report
   * {@link #learned} or {@link #probeFailed}).
   */
  void admit(String origin, Consumer<HttpVersion> go) {
    Origin state = origins.computeIfAbsent(origin, o -> new Origin());
    if (state.learned != null && clockMillis.getAsLong() - state.learnedAtMillis < KEEP_MS) {
      go.accept(state.learned);
    } else if (state.probing) {
      state.waiting.add(() -> admit(origin, go));
    } else {
      state.learned = null;
      state.probing = true;
      go.accept(null);
    }
  }

  void learned(String origin, HttpVersion version) {
    Origin state = origins.get(origin);
    if (state != null) {
      state.learned = version;
      state.learnedAtMillis = clockMillis.getAsLong();
      release(state);
    }
  }

  /** The learning request ended without a connection: the next waiter tries. */
  void probeFailed(String origin) {
    Origin state = origins.get(origin);
    if (state != null) {
      release(state);
    }
  }

  int waiting(String origin) {
    Origin state = origins.get(origin);
    return state == null ? 0 : state.waiting.size();
  }

  private static void release(Origin state) {
    state.probing = false;
    List<Runnable> waiters = new ArrayList<>(state.waiting);
    state.waiting.clear();
    waiters.forEach(Runnable::run);
  }
}
