package fanfetch.fetcher;

import fanfetch.guard.BlockedAddressException;
import fanfetch.guard.TargetUrl;
import fanfetch.protocol.FetchTask;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.Map;

/** Opens one hop's request to one vetted address: from the pool, or on a connection of its own. */
final class HopRequests {

  private HopRequests() {
  }

  /**
   * @param version  the HTTP version to ask for, null to let ALPN choose
   * @param unpooled whether the request gets a new connection of its own (closed after it), not a pooled one
   */
  static Future<HttpClientRequest> open(FetcherParts parts, FetchTask task, TargetUrl target,
                                        Map<String, String> headers, HttpVersion version, InetAddress address,
                                        boolean unpooled) {
    // The server is the vetted IP; host and port stay the authority (Host header, SNI, certificate check).
    SocketAddress server = SocketAddress.inetSocketAddress(target.port(), address.getHostAddress());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(task.method()))
        .setServer(server)
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.requestUri())
        // No RequestOptions connect timeout: the fetch's connect timer covers it, and Vert.x's own
        // would keep a timer (and the request state it holds) alive for its full length.
        .setFollowRedirects(false);
    if (version != null) {
      options.setProtocolVersion(version);
    }
    headers.forEach(options::putHeader);
    if (!unpooled) {
      return parts.client().request(options);
    }
    // A connection of its own does not pass the client's resolver, so the guard is asked here.
    if (!parts.resolver().check(address, target.port()).allowed()) {
      return Future.failedFuture(new BlockedAddressException(address.getHostAddress() + ":" + target.port()
          + " refused by the address guard"));
    }
    HttpConnectOptions connect = new HttpConnectOptions().setServer(server).setHost(target.host())
        .setPort(target.port()).setSsl(target.ssl());
    if (version != null) {
      connect.setProtocolVersion(version);
    }
    return parts.client().connect(connect).compose(connection -> {
      // As for pooled connections: failures reach the fetch through its request; without a
      // handler Vert.x would also log each one as unhandled.
      connection.exceptionHandler(failure -> { });
      return connection.request(options.setServer(null)).onFailure(failure -> connection.close());
    });
  }
}
