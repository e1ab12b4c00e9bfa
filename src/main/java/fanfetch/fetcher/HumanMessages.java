package fanfetch.fetcher;

import fanfetch.model.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Plain words for the failures people meet most (refused, unreachable, reset, closed, timed out),
 * naming the address, instead of the transport's text ({@code finishConnect(..) failed with
 * error(-111): Connection refused: 127.0.0.1/127.0.0.1:18081}). Pure.
 */
final class HumanMessages {

  private HumanMessages() {
  }

  /** The message for this failure, or null when there is no plainer one than its own. */
  static String of(Throwable t, ErrorKind kind, String remote) {
    String at = remote == null ? "the server" : remote;
    String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return switch (kind) {
      case CONNECT -> connect(t, text, at);
      case TIMEOUT -> t instanceof ConnectTimeoutException ? "TCP connect to " + at + " timed out" : null;
      case RESET -> reset(t, text, at);
      case TLS -> tls(t, at);
      default -> null;
    };
  }

  private static String connect(Throwable t, String text, String at) {
    if (text.contains("refused")) {
      return "connection refused by " + at;
    }
    if (t instanceof NoRouteToHostException || text.contains("no route")) {
      return "no route to " + at;
    }
    if (text.contains("network is unreachable") || text.contains("unreachable")) {
      return "network unreachable: " + at;
    }
    if (t instanceof PortUnreachableException) {
      return "port unreachable: " + at;
    }
    if (text.contains("timed out")) {
      return "TCP connect to " + at + " timed out";
    }
    return null;
  }

  private static String reset(Throwable t, String text, String at) {
    if (t instanceof StreamResetException reset) {
      return "stream reset by " + at + " (HTTP/2 error code " + reset.getCode() + ")";
    }
    if (text.contains("reset")) {
      return "connection reset by " + at;
    }
    if (text.contains("broken pipe")) {
      return "connection closed by " + at + " while the request was being sent";
    }
    if (t instanceof HttpClosedException || t instanceof ClosedChannelException
        || t instanceof PrematureChannelClosureException || text.contains("closed")) {
      return "connection closed by " + at + " before the response was complete";
    }
    return null;
  }

  private static String tls(Throwable t, String at) {
    String reason = null;
    for (Throwable c = t; c != null && reason == null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getCause() == null && c.getMessage() != null) {
        reason = c.getMessage();
      }
    }
    return reason == null ? null : "TLS handshake with " + at + " failed: " + reason;
  }
}
