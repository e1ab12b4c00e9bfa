package fanfetch.guard;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL fanfetch is willing to fetch: absolute http or https, with a host, no ambiguous IPv4
 * spelling. Userinfo is dropped (never sent, never reported). Pure: no I/O.
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
      return "http:" + text;
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
      URI base = new URI(toString());
      URI reference = new URI(location.trim());
      URI resolved;
      if (reference.getScheme() == null && reference.getRawAuthority() == null
          && (reference.getRawPath() == null || reference.getRawPath().isEmpty()) && reference.getRawQuery() != null) {
        // RFC 3986 5.2.2: "?q" keeps the base path; java.net.URI (RFC 2396) would drop its last segment.
        resolved = new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath()
            + "?" + reference.getRawQuery());
      } else {
        resolved = base.resolve(reference).normalize();
      }
      return of(dropDotSegmentsAboveRoot(resolved));
    } catch (URISyntaxException e) {
      throw new InvalidUrlException("malformed redirect Location: " + e.getReason());
    } catch (IllegalArgumentException e) {
      throw new InvalidUrlException("malformed redirect Location: " + e.getMessage());
    }
  }

  /** RFC 3986 5.2.4: ".." segments above the root are removed; java.net.URI keeps them ("/../x"). */
  private static URI dropDotSegmentsAboveRoot(URI uri) throws URISyntaxException {
    String path = uri.getRawPath();
    if (path == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
      return uri;
    }
    String p = path;
    while (p.equals("/..") || p.startsWith("/../")) {
      p = p.length() == 3 ? "/" : p.substring(3);
    }
    if (p.equals(path)) {
      return uri;
    }
    return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + p
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
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
    if (host.startsWith("[") && host.endsWith("]")) {
      String literal = host.substring(1, host.length() - 1);
      if (literal.indexOf('%') >= 0) {
        throw new InvalidUrlException("IPv6 zone ids are not supported in '" + host + "'");
      }
      try {
        // One spelling per address ([::1], [0:0::1] and [::0001] are one host for per-host limits).
        byte[] bytes = Cidr.literal(literal);
        host = bytes.length == 16 ? canonicalIpv6(bytes) : java.net.InetAddress.getByAddress(bytes).getHostAddress();
      } catch (IllegalArgumentException | java.net.UnknownHostException e) {
        throw new InvalidUrlException("bad IPv6 address '" + host + "'");
      }
    } else {
      try {
        host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new InvalidUrlException("bad host name '" + host + "'");
      }
      if (!isHostName(host)) {
        throw new InvalidUrlException("bad host name '" + host + "'");
      }
      if (Ipv4Literals.looksNumeric(host) && !Ipv4Literals.isDottedDecimal(host)) {
        String meaning = Ipv4Literals.parseLenient(host)
            .map(b -> (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255))
            .map(a -> " (read elsewhere as " + a + ")")
            .orElse("");
        throw new InvalidUrlException("ambiguous IPv4 host '" + host + "'" + meaning
            + "; write addresses in dotted decimal");
      }
    }
    host = host.toLowerCase(Locale.ROOT);
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

  /** RFC 5952 text of an IPv6 address: lower-case, no leading zeros, the longest zero run as {@code ::}. */
  static String canonicalIpv6(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
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

  /**
   * The URL as given, with any userinfo replaced so credentials never reach a report or a log.
   * Unparseable text is returned as is (it carries no usable authority).
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    return url.substring(0, authorityStart) + "***@" + url.substring(at + 1);
  }

  /** Letters, digits, {@code .}, {@code _} and {@code -} (an IDN is ASCII by now), at least one. */
  private static boolean isHostName(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
