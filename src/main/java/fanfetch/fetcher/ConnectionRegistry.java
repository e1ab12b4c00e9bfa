package fanfetch.fetcher;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of one fetcher: a stable id for each ({@code "<fetcher>-<n>"}, so a report
 * shows which URLs shared one), the address it is connected to, whether a request has used it yet
 * (a new connection's first request paid for connecting), its TLS details, and the moments its TLS
 * handler marked. Used on the fetcher's event loop; the TLS moments may arrive from any.
 */
final class ConnectionRegistry implements TimedSslHandler.Moments {

  /** What a fetch reads about its connection. */
  static final class Info {
    private final String id;
    private final String remoteAddress;
    private final PhaseClock.ConnectionMoments moments;
    private boolean used;
    private JsonObject tls;

    private Info(String id, String remoteAddress, PhaseClock.ConnectionMoments moments) {
      this.id = id;
      this.remoteAddress = remoteAddress;
      this.moments = moments;
    }

    String id() {
      return id;
    }

    String remoteAddress() {
      return remoteAddress;
    }

    /** The connecting moments when this is the connection's first request, null when it is reused. */
    PhaseClock.ConnectionMoments claim() {
      if (used) {
        return null;
      }
      used = true;
      return moments;
    }
  }

  private final String prefix;
  private long next;
  private final Map<HttpConnection, Info> live = new HashMap<>();
  private final Map<String, long[]> handshakes = new ConcurrentHashMap<>();

  ConnectionRegistry(String fetcherShortId) {
    this.prefix = fetcherShortId + "-";
  }

  /** A connection the pool just opened (from the client's connect handler). */
  void opened(HttpConnection connection) {
    infoOf(connection);
  }

  /** The connection's entry, made on first sight. */
  Info infoOf(HttpConnection connection) {
    Info info = live.get(connection);
    if (info == null) {
      String key = key(connection.localAddress(), connection.remoteAddress());
      long[] marks = key == null ? null : handshakes.remove(key);
      PhaseClock.ConnectionMoments moments = marks == null ? PhaseClock.ConnectionMoments.UNKNOWN
          : new PhaseClock.ConnectionMoments(marks[0], marks[1], marks[2]);
      info = new Info(prefix + (++next), display(connection.remoteAddress()), moments);
      live.put(connection, info);
      connection.closeHandler(v -> live.remove(connection));
    }
    return info;
  }

  /** The result's {@code tls} object for the connection (null for plain HTTP), read once per connection. */
  JsonObject tlsOf(HttpConnection connection, Info info) {
    if (info.tls == null && connection.isSsl()) {
      info.tls = TlsDetails.of(connection.sslSession());
    }
    return info.tls == null ? null : info.tls.copy();
  }

  @Override
  public void tcpConnected(String key, long tcpStartNanos, long tcpDoneNanos) {
    handshakes.put(key, new long[] {tcpStartNanos, tcpDoneNanos, 0});
  }

  @Override
  public void handshakeEnded(String key, long nanos, boolean success) {
    long[] marks = handshakes.get(key);
    if (marks != null && success) {
      marks[2] = nanos;
    }
  }

  @Override
  public void channelClosed(String key) {
    handshakes.remove(key);
  }

  /** {@code 127.0.0.1:8080}, {@code [::1]:443}: how results show the address connected to. */
  static String display(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return null;
    }
    String ip = address.hostAddress();
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.port();
  }

  /** Names a connection by its two ends, the same from Netty's channel and from Vert.x's connection. */
  static String key(java.net.SocketAddress local, java.net.SocketAddress remote) {
    if (local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r && r.getAddress() != null) {
      return l.getPort() + ">" + r.getAddress().getHostAddress() + ":" + r.getPort();
    }
    return null;
  }

  static String key(SocketAddress local, SocketAddress remote) {
    if (local == null || remote == null || remote.hostAddress() == null) {
      return null;
    }
    return local.port() + ">" + remote.hostAddress() + ":" + remote.port();
  }
}
