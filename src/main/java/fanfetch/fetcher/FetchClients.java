package fanfetch.fetcher;

import fanfetch.config.Settings;
import fanfetch.guard.GuardedAddressResolver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.TrustOptions;

import java.util.List;

/**
 * Builds a fetcher instance's HTTP client: its options, its pool, the TLS engine that times each
 * handshake, the guarded resolver every connect goes through, and the registry of its connections.
 */
final class FetchClients {

  private FetchClients() {
  }

  static HttpClientAgent build(Vertx vertx, Settings settings, GuardedAddressResolver resolver,
                               ConnectionRegistry connections) {
    return vertx.httpClientBuilder()
        .with(clientOptions(settings))
        .with(new TimedSslEngineOptions(connections))
        // The default of 5 connections per host would silently serialize a job's fetches; HTTP/2
        // multiplexes, so it opens few (see fetchers.http2MaxConnectionsPerHost).
        .with(new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerHost())
            .setHttp2MaxSize(settings.http2MaxConnectionsPerHost()))
        .withAddressResolver(resolver)
        .withConnectHandler(connection -> onNewConnection(connections, connection))
        .build();
  }

  private static HttpClientOptions clientOptions(Settings settings) {
    HttpClientOptions options = new HttpClientOptions()
        .setName("fanfetch-fetcher")
        .setKeepAlive(true)
        .setKeepAliveTimeout(settings.keepAliveTimeoutSeconds())
        .setMaxHeaderSize(settings.maxHeaderBytes())
        // Bytes are counted as received: no transparent decompression.
        .setDecompressionSupported(false)
        .setVerifyHost(true)
        .setTrustAll(false)
        // Bounds the TCP connect itself: a connect the fetch gave up on still ends within this.
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.maxConnectTimeoutMs()))
        // Larger chunks cut per-chunk overhead on big bodies.
        .setMaxChunkSize(64 * 1024)
        // One client speaks every version a job may allow: each request names the one it wants
        // (RequestOptions.setProtocolVersion); without one, ALPN offers h2 and http/1.1. Cleartext
        // HTTP/2 is by prior knowledge, never by Upgrade.
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setHttp2ClearTextUpgrade(false)
        .setHttp2KeepAliveTimeout(settings.keepAliveTimeoutSeconds());
    if (settings.http2MaxStreamsPerConnection() > 0) {
      options.setHttp2MultiplexingLimit(settings.http2MaxStreamsPerConnection());
    }
    TrustOptions trust = TrustAnchors.withExtraPem(settings.trustPem());
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    return options;
  }

  private static void onNewConnection(ConnectionRegistry connections, HttpConnection connection) {
    // Connection failures reach the fetch that uses the connection and end up in its result;
    // without a handler Vert.x would also log each one as an unhandled exception.
    connection.exceptionHandler(failure -> { });
    connections.opened(connection);
  }
}
