package fanfetch.guard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL fanfetch is willing to fetch: absolute http or https, with a host, no ambiguous IPv4
 * spelling. Userinfo is dropped (never sent, never reported). Pure: no I/O. How a host may be
 * written is {@link HostSpelling}'s rule; the URL text as given is quoted through {@link UrlRedaction}.
 *
 * @param host lower-case host name or IP literal (IPv6 without brackets)
 * @param requestUri path and query as sent on the request line ({@code /} when empty)
 */
public record TargetUrl(boolean ssl, String host, int port, String requestUri) {

  /** A URL that cannot be fetched, with the reason in words. */
  public static final class InvalidUrlException extends Exception {
    private final boolean unsupportedScheme;

    public InvalidUrlException(String message) {
      this(message, false);
    }

    InvalidUrlException(String message, boolean unsupportedScheme) {
      super(message, null, false, false);
      this.unsupportedScheme = unsupportedScheme;
    }

    /** True when the URL is well formed but not http or https ({@code file:}, {@code ftp:}, ...). */
    public boolean unsupportedScheme() {
      return unsupportedScheme;
    }
  }

  private static final String NO_SCHEME = "not an absolute URL (no scheme)";
  /**
   * Text that reads as a host (name, IPv4 or bracketed IPv6), maybe a port, maybe a path, and
   * nothing else: {@code example.org}, {@code localhost:18080/x}, {@code 127.0.0.1:18080/x}. No
   * {@code @}, so a hint never repeats credentials.
   */
  private static final java.util.regex.Pattern HOST_FIRST =
      java.util.regex.Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~-]+)(:[0-9]{1,5})?([/?#].*)?");

  /**
   * The URL with {@code http://} in front, when the text is one without its scheme. Written so,
   * {@code localhost:18080/x} would read as scheme {@code localhost} and {@code 127.0.0.1:18080/x}
   * as a syntax error; all of them deserve the same answer.
   */
  static String withScheme(String text) {
    if (text.startsWith("//")) {
      // Held to the same shape as the rest, so credentials in "//user:pw@host" are never echoed.
      return HOST_FIRST.matcher(text.substring(2)).matches() ? "http:" + text : null;
    }
    if (text.contains("://") || !HOST_FIRST.matcher(text).matches()) {
      return null;
    }
    return "http://" + text;
  }

  public static TargetUrl parse(String text) throws InvalidUrlException {
    if (text == null || text.isBlank()) {
      throw new InvalidUrlException("empty URL");
    }
    if (text.length() > 8192) {
      throw new InvalidUrlException("URL longer than 8192 characters");
    }
    String hint = withScheme(text.trim());
    if (hint != null) {
      throw new InvalidUrlException(NO_SCHEME + ": write " + hint);
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new InvalidUrlException("malformed URL: " + e.getReason() + " at index " + e.getIndex());
    }
    return of(uri);
  }

  /** Resolves a redirect {@code Location} against the URL it came from. */
  public TargetUrl resolve(String location) throws InvalidUrlException {
    if (location == null || location.isBlank()) {
      throw new InvalidUrlException("redirect without a Location");
    }
    try {
      return of(Rfc3986Resolver.resolve(new URI(toString()), new URI(location.trim())));
    } catch (URISyntaxException e) {
      throw new InvalidUrlException("malformed redirect Location: " + e.getReason());
    } catch (IllegalArgumentException e) {
      throw new InvalidUrlException("malformed redirect Location: " + e.getMessage());
    }
  }

  private static TargetUrl of(URI uri) throws InvalidUrlException {
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new InvalidUrlException(NO_SCHEME);
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidUrlException("scheme '" + scheme + "' is not http or https", true);
    }
    boolean ssl = scheme.equals("https");
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null) {
      // java.net.URI treats hosts with characters outside RFC 2396 (underscores, say) as a
      // registry authority; read host and port from the raw authority instead.
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isEmpty()) {
        throw new InvalidUrlException("URL has no host");
      }
      int at = authority.lastIndexOf('@');
      String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0 && !hostPort.startsWith("[")) {
        try {
          port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new InvalidUrlException("bad port in '" + hostPort + "'");
        }
        hostPort = hostPort.substring(0, colon);
      }
      host = hostPort;
    }
    if (host.isEmpty()) {
      throw new InvalidUrlException("URL has no host");
    }
    host = HostSpelling.canonical(host);
    if (port == -1) {
      port = ssl ? 443 : 80;
    }
    if (port < 1 || port > 65535) {
      throw new InvalidUrlException("port " + port + " out of range");
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    String query = uri.getRawQuery();
    return new TargetUrl(ssl, host, port, query == null ? path : path + "?" + query);
  }

  /** {@code host:port}, the key per-host limits count by. */
  public String hostKey() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The URL as fanfetch requests it: no userinfo, no fragment, default port left out. */
  @Override
  public String toString() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    boolean defaultPort = port == (ssl ? 443 : 80);
    return (ssl ? "https://" : "http://") + h + (defaultPort ? "" : ":" + port) + requestUri;
  }
}
