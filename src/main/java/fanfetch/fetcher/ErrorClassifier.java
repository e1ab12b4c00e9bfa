package fanfetch.fetcher;

import fanfetch.guard.BlockedAddressException;
import fanfetch.model.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Maps whatever a failed fetch threw to one of the report's error kinds. Pure: no I/O. */
final class ErrorClassifier {

  record Classified(ErrorKind kind, String message) {
  }

  private ErrorClassifier() {
  }

  static Classified classify(Throwable failure, FetchPhase phase) {
    return classify(failure, phase, null);
  }

  /**
   * @param remote the address the fetch was connecting or connected to ({@code 127.0.0.1:8080}),
   *               named in the message; null when it is not known
   */
  static Classified classify(Throwable failure, FetchPhase phase, String remote) {
    if (failure instanceof Dialer.DialFailure dial) {
      return ofDial(dial, phase);
    }
    Throwable t = unwrap(failure);
    ErrorKind kind = kindOf(t, phase);
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (kind == ErrorKind.TLS) {
      // Vert.x reports every failed handshake as "Failed to create SSL connection"; the reason
      // (untrusted certificate, wrong host name, not TLS at all) is only in the cause.
      String reason = deepestMessage(t);
      if (reason != null && !detail.contains(reason)) {
        detail = detail + ": " + reason;
      }
    }
    String human = HumanMessages.of(t, kind, remote);
    return new Classified(kind, describe(kind, human != null ? human : detail, phase));
  }

  /** Whether the failure is a TCP connect that did not succeed (so another address may be tried). */
  static boolean isConnectFailure(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof ConnectException || t instanceof NoRouteToHostException
        || t instanceof PortUnreachableException;
  }

  /** Every address failed: the kind is the last one's, the message names each address and why. */
  private static Classified ofDial(Dialer.DialFailure dial, FetchPhase phase) {
    List<Dialer.Tried> tried = dial.tried();
    Dialer.Tried last = tried.get(tried.size() - 1);
    if (tried.size() == 1) {
      return classify(last.cause(), phase, last.display());
    }
    List<String> reasons = new ArrayList<>();
    for (Dialer.Tried attempt : tried) {
      Throwable t = unwrap(attempt.cause());
      String human = HumanMessages.of(t, kindOf(t, phase), attempt.display());
      reasons.add(human != null ? human : attempt.display() + ": " + t.getClass().getSimpleName());
    }
    ErrorKind kind = kindOf(unwrap(last.cause()), phase);
    return new Classified(kind, describe(kind, tried.size() + " addresses tried: " + String.join("; ", reasons), phase));
  }

  /**
   * True when the process ran out of file descriptors (EMFILE, ENFILE): nothing is wrong with the
   * URL, the fetch could not even open its socket, and should wait for one.
   */
  static boolean outOfFiles(Throwable failure) {
    if (failure instanceof Dialer.DialFailure dial) {
      return dial.tried().stream().anyMatch(tried -> outOfFiles(tried.cause()));
    }
    Throwable current = failure;
    for (int i = 0; i < 10 && current != null; i++) {
      if (current.getMessage() != null && current.getMessage().contains("Too many open files")) {
        return true;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return false;
  }

  /** The message of the innermost cause that has one, or null. */
  private static String deepestMessage(Throwable t) {
    String message = null;
    Throwable current = t.getCause();
    for (int i = 0; i < 10 && current != null; i++) {
      if (current.getMessage() != null && !current.getMessage().isBlank()) {
        message = current.getMessage();
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return message;
  }

  static ErrorKind kindOf(Throwable t, FetchPhase phase) {
    if (t instanceof BlockedAddressException) {
      return ErrorKind.BLOCKED;
    }
    if (t instanceof UnknownHostException) {
      return ErrorKind.DNS;
    }
    if (t instanceof ConnectTimeoutException || t instanceof TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
      return ErrorKind.CONNECT;
    }
    if (t instanceof SSLException || hasCause(t, SSLException.class)) {
      return ErrorKind.TLS;
    }
    if (t instanceof TooLongFrameException || t instanceof DecoderException || hasCause(t, DecoderException.class)
        || t instanceof IllegalArgumentException) {
      return ErrorKind.PROTOCOL;
    }
    if (t instanceof HttpClosedException || t instanceof StreamResetException || t instanceof ClosedChannelException
        || t instanceof PrematureChannelClosureException) {
      return ErrorKind.RESET;
    }
    if (t instanceof IOException) {
      String m = String.valueOf(t.getMessage()).toLowerCase();
      if (m.contains("reset") || m.contains("broken pipe") || m.contains("closed")) {
        return ErrorKind.RESET;
      }
      return phase == FetchPhase.CONNECT ? ErrorKind.CONNECT : ErrorKind.RESET;
    }
    if (t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("closed")) {
      return ErrorKind.RESET;
    }
    return phase == FetchPhase.CONNECT ? ErrorKind.CONNECT : ErrorKind.PROTOCOL;
  }

  private static String describe(ErrorKind kind, String detail, FetchPhase phase) {
    return switch (kind) {
      case BLOCKED, DNS -> detail;
      default -> detail + " (while " + phase.description() + ")";
    };
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    for (int i = 0; i < 5 && current.getCause() != null
        && (current instanceof DecoderException || current.getClass() == VertxException.class
        || current.getClass() == RuntimeException.class); i++) {
      if (current instanceof DecoderException && current.getCause() instanceof SSLException) {
        return current.getCause();
      }
      if (current instanceof DecoderException) {
        break;
      }
      current = current.getCause();
    }
    return current;
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
