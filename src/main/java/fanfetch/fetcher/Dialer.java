package fanfetch.fetcher;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gets one request a connection by trying a host's vetted addresses in {@link AddressOrder}: when a
 * connect fails the next address is tried at once, and where the host has both IPv4 and IPv6
 * addresses the next attempt also starts when the current one has not connected within
 * {@link AddressOrder#ATTEMPT_DELAY_MS} (RFC 8305). The first connected attempt wins; a later one
 * is reset (its connection closed). Runs on the fetcher's event loop.
 */
final class Dialer {

  /** The request that got a connection, and the address it went to. */
  record Dialed(HttpClientRequest request, InetAddress address) {
  }

  /** One address tried and why it failed. */
  record Tried(InetAddress address, int port, Throwable cause) {
    String display() {
      String ip = address.getHostAddress();
      return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
  }

  /** No address connected; every one tried is listed, in order. */
  static final class DialFailure extends Exception {
    private final transient List<Tried> tried;

    DialFailure(List<Tried> tried) {
      super("no address connected", null, false, false);
      this.tried = List.copyOf(tried);
    }

    List<Tried> tried() {
      return tried;
    }
  }

  private final Vertx vertx;
  private final AddressOrder order;
  private final List<InetAddress> addresses;
  private final int port;
  private final Function<InetAddress, Future<HttpClientRequest>> attempt;
  private final boolean closeLosers;
  private final boolean overlap;
  private final Promise<Dialed> result = Promise.promise();
  private final List<Tried> tried = new ArrayList<>();
  private int next;
  private int pending;
  private boolean done;
  private long delayTimer = -1;

  /**
   * @param attempt     opens a request to one address
   * @param closeLosers whether a losing attempt's connection is closed as well as its request
   *                    reset (a connection of its own, outside the pool)
   */
  Dialer(Vertx vertx, AddressOrder order, List<InetAddress> ordered, int port,
         Function<InetAddress, Future<HttpClientRequest>> attempt, boolean closeLosers) {
    this.vertx = vertx;
    this.order = order;
    this.addresses = ordered;
    this.port = port;
    this.attempt = attempt;
    this.closeLosers = closeLosers;
    this.overlap = AddressOrder.bothFamilies(ordered);
  }

  Future<Dialed> dial() {
    startNext();
    return result.future();
  }

  /** Gives up (the fetch ended): attempts still under way are dropped when they finish. */
  void cancel() {
    done = true;
    cancelDelay();
  }

  private void startNext() {
    cancelDelay();
    if (done || next >= addresses.size()) {
      return;
    }
    InetAddress address = addresses.get(next++);
    pending++;
    Future<HttpClientRequest> opened;
    try {
      opened = attempt.apply(address);
    } catch (RuntimeException e) {
      opened = Future.failedFuture(e);
    }
    opened.onComplete(ar -> finished(address, ar));
    if (overlap && next < addresses.size()) {
      delayTimer = vertx.setTimer(AddressOrder.ATTEMPT_DELAY_MS, id -> {
        delayTimer = -1;
        startNext();
      });
    }
  }

  private void finished(InetAddress address, AsyncResult<HttpClientRequest> ar) {
    pending--;
    if (done) {
      if (ar.succeeded()) {
        abandon(ar.result());
      }
      return;
    }
    if (ar.succeeded()) {
      done = true;
      cancelDelay();
      order.succeeded(address);
      result.complete(new Dialed(ar.result(), address));
      return;
    }
    tried.add(new Tried(address, port, ar.cause()));
    boolean connectFailed = ErrorClassifier.isConnectFailure(ar.cause());
    if (connectFailed) {
      order.failed(address, System.currentTimeMillis());
    }
    if (connectFailed && next < addresses.size()) {
      startNext();
    } else if (pending == 0) {
      done = true;
      cancelDelay();
      result.fail(new DialFailure(tried));
    }
  }

  private void abandon(HttpClientRequest request) {
    // Without a handler Vert.x would log the reset made on purpose as unhandled.
    request.exceptionHandler(failure -> { });
    request.reset();
    if (closeLosers) {
      request.connection().close();
    }
  }

  private void cancelDelay() {
    if (delayTimer >= 0) {
      vertx.cancelTimer(delayTimer);
      delayTimer = -1;
    }
  }
}
