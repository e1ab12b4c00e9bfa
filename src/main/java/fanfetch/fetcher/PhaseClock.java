package fanfetch.fetcher;

import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

/**
 * Adds up one fetch's phase times over its redirect hops and re-sends, from moments on the
 * {@link System#nanoTime()} clock. Whatever ends the fetch (an answer, a failure, a timeout),
 * {@link #stop} closes the phase that was running, so a failed fetch keeps every phase that ran.
 *
 * <p>The time between phases is waiting for a pooled connection (or for the first request to a new
 * HTTP/2-capable origin to learn its protocol): it is in {@code totalMs} and in no phase.
 */
final class PhaseClock {

  /** When a new connection was begun, connected over TCP and done with TLS (0: not known). */
  record ConnectionMoments(long tcpStart, long tcpDone, long tlsDone) {
    static final ConnectionMoments UNKNOWN = new ConnectionMoments(0, 0, 0);
  }

  private enum Running { NOTHING, LOOKUP, ACQUIRING, WAITING, DOWNLOAD }

  private final long start;
  private Running running = Running.NOTHING;
  private long since;
  private long dns;
  private long connect;
  private long tls;
  private long ttfb;
  private long download;
  private boolean anyTls;
  private boolean tlsUnmeasured;
  private boolean reused;

  PhaseClock(long startNanos) {
    this.start = startNanos;
  }

  void lookupStarted(long now) {
    enter(Running.LOOKUP, now);
  }

  /** The hop's addresses are known; what follows is acquiring a connection. */
  void lookupDone(long now) {
    stopRunning(now);
  }

  /** A connection (pooled or new) is being asked for, from now. */
  void acquiring(long now) {
    enter(Running.ACQUIRING, now);
  }

  /** The request has a connection; {@code moments} is null for a reused one. */
  void acquired(long now, boolean ssl, ConnectionMoments moments) {
    long askedAt = since;
    long readyAt = now;
    reused = moments == null;
    if (moments != null) {
      if (moments.tcpDone() > 0) {
        connect += Math.max(0, moments.tcpDone() - Math.max(moments.tcpStart(), askedAt));
        readyAt = Math.max(moments.tcpDone(), askedAt);
        if (ssl && moments.tlsDone() > 0) {
          tls += Math.max(0, moments.tlsDone() - readyAt);
          readyAt = Math.max(moments.tlsDone(), askedAt);
        } else if (ssl) {
          tlsUnmeasured = true;
        }
      } else {
        // No moments from the connection (plain HTTP): the whole acquisition counts as connecting.
        connect += Math.max(0, now - askedAt);
        tlsUnmeasured |= ssl;
      }
    }
    anyTls |= ssl;
    running = Running.WAITING;
    since = Math.min(readyAt, now);
  }

  void headArrived(long now) {
    enter(Running.DOWNLOAD, now);
  }

  void bodyEnded(long now) {
    stopRunning(now);
  }

  /** Closes whatever phase is running at {@code now} (failure, timeout, cancel, the end). */
  void stop(long now) {
    stopRunning(now);
  }

  boolean reused() {
    return reused;
  }

  /** The timings object of the result, {@code totalMs} measured to {@code now}. */
  JsonObject toJson(long now) {
    Double tlsMs = tlsUnmeasured ? null : anyTls ? Results.millis(tls) : 0.0;
    return Results.timings(Results.millis(dns), Results.millis(connect), tlsMs, Results.millis(ttfb),
        Results.millis(download), Results.millis(now - start), reused);
  }

  private void enter(Running next, long now) {
    stopRunning(now);
    running = next;
    since = now;
  }

  private void stopRunning(long now) {
    long elapsed = Math.max(0, now - since);
    switch (running) {
      case LOOKUP -> dns += elapsed;
      case ACQUIRING -> connect += elapsed;
      case WAITING -> ttfb += elapsed;
      case DOWNLOAD -> download += elapsed;
      case NOTHING -> {
      }
    }
    running = Running.NOTHING;
    since = now;
  }
}
