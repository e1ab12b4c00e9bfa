package fanfetch.bench;

import fanfetch.guard.Cidr;
import fanfetch.guard.Ipv4Literals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Locale;

/** The bench's traffic stays on 127.0.0.0/8: what it may talk to, and free ports there. */
final class Loopback {

  static final Cidr RANGE = Cidr.parse("127.0.0.0/8");

  private Loopback() {
  }

  /**
   * {@code --target} as a URI, refused unless it is plain http on {@code localhost} or a
   * 127.0.0.0/8 address (a benchmark sends tens of thousands of requests: never to another machine).
   */
  static URI target(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--target: not a URL: '" + text + "'");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost")
        || Ipv4Literals.isDottedDecimal(host) && RANGE.contains(Cidr.parse(host).network());
    if (!"http".equalsIgnoreCase(uri.getScheme()) || !loopback) {
      throw new IllegalArgumentException("--target must be http://localhost:PORT or http://127.x.y.z:PORT "
          + "(the bench only talks to loopback), got '" + text + "'");
    }
    return uri;
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
