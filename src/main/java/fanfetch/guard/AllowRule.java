package fanfetch.guard;

import java.net.InetAddress;

/**
 * One {@code guard.allow} entry: a CIDR, optionally limited to one port.
 * Forms: {@code 10.0.0.0/8}, {@code 127.0.0.1:18080}, {@code 127.0.0.0/8:8080}, {@code [::1]:8080},
 * {@code [::1]/128:8080}, {@code fd00::/8}.
 */
public record AllowRule(Cidr range, int port) {

  /** Port value meaning "any port". */
  public static final int ANY_PORT = -1;

  public static AllowRule parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty rule");
    }
    String rangePart = s;
    int port = ANY_PORT;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '[' in '" + text + "'");
      }
      String rest = s.substring(close + 1);
      String prefix = "";
      int colon = rest.lastIndexOf(':');
      if (colon >= 0) {
        port = port(rest.substring(colon + 1), text);
        rest = rest.substring(0, colon);
      }
      if (rest.startsWith("/")) {
        prefix = rest;
      } else if (!rest.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + rest + "' in '" + text + "'");
      }
      rangePart = s.substring(1, close) + prefix;
    } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
      // exactly one colon: IPv4 with a port (IPv6 has at least two colons)
      int colon = s.indexOf(':');
      port = port(s.substring(colon + 1), text);
      rangePart = s.substring(0, colon);
    }
    return new AllowRule(Cidr.parse(rangePart), port);
  }

  private static int port(String text, String rule) {
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port '" + text + "' in '" + rule + "'");
    }
  }

  public boolean matches(InetAddress address, int destinationPort) {
    return (port == ANY_PORT || port == destinationPort) && range.contains(address);
  }

  @Override
  public String toString() {
    return port == ANY_PORT ? range.toString() : range + ":" + port;
  }
}
