package fanfetch.fetcher;

import io.vertx.core.http.HttpVersion;

import java.util.Collection;

/**
 * Which HTTP version a request asks for, from a job's {@code httpVersions} ({@code h2},
 * {@code http/1.1}, {@code h2c}) and the URL's scheme. Pure.
 *
 * <ul>
 *   <li>https: {@code h2} and {@code http/1.1} both allowed: ALPN offers both, the server picks;
 *   only {@code h2}: ALPN offers h2 alone; only {@code http/1.1}: no ALPN. {@code h2c} counts as
 *   {@code h2} for https, as curl's {@code --http2-prior-knowledge} does.</li>
 *   <li>http: {@code h2c} allowed: HTTP/2 with prior knowledge (no Upgrade round trip); else
 *   HTTP/1.1 (h2 needs TLS; fanfetch never sends the h2c Upgrade header).</li>
 * </ul>
 */
record HttpVersions(HttpVersion version, boolean negotiated) {

  static final String H2 = "h2";
  static final String HTTP_1_1 = "http/1.1";
  static final String H2C = "h2c";

  /** @param allowed a job's httpVersions */
  static HttpVersions plan(Collection<String> allowed, boolean ssl) {
    if (!ssl) {
      return new HttpVersions(allowed.contains(H2C) ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1, false);
    }
    boolean h2 = allowed.contains(H2) || allowed.contains(H2C);
    boolean h1 = allowed.contains(HTTP_1_1) || !h2;
    if (h2 && h1) {
      return new HttpVersions(null, true);
    }
    return new HttpVersions(h2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1, false);
  }

  /**
   * The version to ask for once the origin's ALPN choice is known ({@code learned}, null while it is
   * not): a negotiating request to an origin known to pick HTTP/1.1 asks for HTTP/1.1 outright, so
   * it is pooled with HTTP/1.1's many connections instead of HTTP/2's one.
   */
  HttpVersion versionFor(HttpVersion learned) {
    if (negotiated && learned != null && learned != HttpVersion.HTTP_2) {
      return HttpVersion.HTTP_1_1;
    }
    return version;
  }

  /** How results name a version: {@code HTTP/1.1}, {@code HTTP/2}, {@code HTTP/1.0}. */
  static String wireName(HttpVersion version) {
    if (version == null) {
      return null;
    }
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
      case HTTP_3 -> "HTTP/3";
    };
  }
}
