package fanfetch.fetcher;

import fanfetch.guard.BlockedAddressException;
import fanfetch.model.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

  private static ErrorKind kind(Throwable t, FetchPhase phase) {
    return ErrorClassifier.classify(t, phase).kind();
  }

  @Test
  void runningOutOfFileDescriptorsIsToldApartWhereverItSitsInTheCauses() {
    assertThat(ErrorClassifier.outOfFiles(new java.net.SocketException("Too many open files"))).isTrue();
    assertThat(ErrorClassifier.outOfFiles(new VertxException(new IOException("newSocketStream(..) failed: "
        + "Too many open files")))).isTrue();
    assertThat(ErrorClassifier.outOfFiles(new ConnectException("Connection refused"))).isFalse();
    assertThat(ErrorClassifier.outOfFiles(new VertxException((String) null))).isFalse();
    // As the dialer reports it, the address it was trying beside the cause.
    assertThat(ErrorClassifier.outOfFiles(new Dialer.DialFailure(java.util.List.of(new Dialer.Tried(
        java.net.InetAddress.getLoopbackAddress(), 80, new IOException("newSocketStream(..) failed with error(-24): "
        + "Too many open files")))))).isTrue();
  }

  @Test
  void anUnknownHostIsADnsFailure() {
    assertThat(kind(new UnknownHostException("nx.example"), FetchPhase.CONNECT)).isEqualTo(ErrorKind.DNS);
  }

  @Test
  void aDnsFailureMessageIsJustTheDetail() {
    assertThat(ErrorClassifier.classify(new UnknownHostException("nx.example"), FetchPhase.CONNECT).message())
        .isEqualTo("nx.example");
  }

  @Test
  void aRefusedConnectionIsAConnectFailure() {
    assertThat(kind(new ConnectException("Connection refused"), FetchPhase.CONNECT)).isEqualTo(ErrorKind.CONNECT);
  }

  @Test
  void noRouteToHostIsAConnectFailure() {
    assertThat(kind(new NoRouteToHostException("no route"), FetchPhase.CONNECT)).isEqualTo(ErrorKind.CONNECT);
  }

  @Test
  void nettysConnectTimeoutIsATimeoutEvenThoughItIsAConnectException() {
    ConnectTimeoutException timeout = new ConnectTimeoutException("connection timed out: /192.0.2.1:80");

    assertThat(timeout).isInstanceOf(ConnectException.class);
    assertThat(kind(timeout, FetchPhase.CONNECT)).isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void aTimeoutExceptionIsATimeout() {
    assertThat(kind(new TimeoutException("idle"), FetchPhase.DOWNLOAD)).isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void aFailedTlsHandshakeIsATlsFailure() {
    assertThat(kind(new SSLHandshakeException("PKIX path building failed"), FetchPhase.CONNECT))
        .isEqualTo(ErrorKind.TLS);
  }

  @Test
  void aTlsFailureWrappedInADecoderExceptionIsStillTls() {
    DecoderException wrapped = new DecoderException(new SSLHandshakeException("bad certificate"));

    ErrorClassifier.Classified c = ErrorClassifier.classify(wrapped, FetchPhase.CONNECT);

    assertThat(c.kind()).isEqualTo(ErrorKind.TLS);
    assertThat(c.message()).isEqualTo("TLS handshake with the server failed: bad certificate"
        + " (while resolving and connecting)");
  }

  @Test
  void aClosedHttpConnectionIsAReset() {
    assertThat(kind(new HttpClosedException("Connection was closed"), FetchPhase.DOWNLOAD)).isEqualTo(ErrorKind.RESET);
  }

  @Test
  void aClosedChannelIsAReset() {
    assertThat(kind(new ClosedChannelException(), FetchPhase.WAITING)).isEqualTo(ErrorKind.RESET);
  }

  @Test
  void aConnectionResetByPeerIsAReset() {
    assertThat(kind(new IOException("Connection reset by peer"), FetchPhase.DOWNLOAD)).isEqualTo(ErrorKind.RESET);
  }

  @Test
  void aTooLongFrameIsAProtocolFailure() {
    assertThat(kind(new TooLongFrameException("HTTP header is larger than 16384 bytes."), FetchPhase.WAITING))
        .isEqualTo(ErrorKind.PROTOCOL);
  }

  @Test
  void aDecoderFailureIsAProtocolFailure() {
    assertThat(kind(new DecoderException("invalid chunk size"), FetchPhase.DOWNLOAD)).isEqualTo(ErrorKind.PROTOCOL);
  }

  @Test
  void aBlockedAddressIsBlockedWithTheGuardsMessage() {
    ErrorClassifier.Classified c = ErrorClassifier.classify(
        new BlockedAddressException("127.0.0.1:80 refused by the address guard"), FetchPhase.CONNECT);

    assertThat(c.kind()).isEqualTo(ErrorKind.BLOCKED);
    assertThat(c.message()).isEqualTo("127.0.0.1:80 refused by the address guard");
  }

  @Test
  void aFailureWrappedInAPlainVertxExceptionIsClassifiedByItsCause() {
    VertxException wrapped = new VertxException(new UnknownHostException("nx.example"));

    assertThat(kind(wrapped, FetchPhase.CONNECT)).isEqualTo(ErrorKind.DNS);
  }

  @Test
  void aFailureWrappedInAPlainRuntimeExceptionIsClassifiedByItsCause() {
    RuntimeException wrapped = new RuntimeException(new ConnectException("Connection refused"));

    assertThat(kind(wrapped, FetchPhase.CONNECT)).isEqualTo(ErrorKind.CONNECT);
  }

  @Test
  void aNonDnsMessageSaysWhatTheFetchWasDoing() {
    assertThat(ErrorClassifier.classify(new TimeoutException("idle"), FetchPhase.WAITING).message())
        .isEqualTo("idle (while waiting for the response)");
  }

  @Test
  void anExceptionWithoutAMessageIsDescribedByItsType() {
    assertThat(ErrorClassifier.classify(new IllegalStateException(), FetchPhase.DOWNLOAD).message())
        .isEqualTo("IllegalStateException (while reading the body)");
  }

  @Test
  void aRefusedConnectionIsToldInPlainWordsNamingTheAddress() {
    // What Netty's epoll transport says: the errno, the call and the address twice.
    ConnectException refused = new ConnectException(
        "finishConnect(..) failed with error(-111): Connection refused: 127.0.0.1/127.0.0.1:18081");

    assertThat(ErrorClassifier.classify(refused, FetchPhase.CONNECT, "127.0.0.1:18081").message())
        .isEqualTo("connection refused by 127.0.0.1:18081 (while resolving and connecting)");
  }

  @Test
  void anUnreachableNetworkIsToldInPlainWords() {
    assertThat(ErrorClassifier.classify(new NoRouteToHostException("No route to host"), FetchPhase.CONNECT,
        "[2001:db8::1]:443").message()).isEqualTo("no route to [2001:db8::1]:443 (while resolving and connecting)");
    assertThat(ErrorClassifier.classify(new ConnectException("connect(..) failed: Network is unreachable"),
        FetchPhase.CONNECT, "10.9.9.9:80").message()).startsWith("network unreachable: 10.9.9.9:80");
  }

  @Test
  void aResetOrClosedConnectionIsToldInPlainWords() {
    assertThat(ErrorClassifier.classify(new IOException("recvAddress(..) failed with error(-104): Connection reset by"
        + " peer"), FetchPhase.DOWNLOAD, "127.0.0.1:8080").message())
        .isEqualTo("connection reset by 127.0.0.1:8080 (while reading the body)");
    assertThat(ErrorClassifier.classify(new HttpClosedException("Connection was closed"), FetchPhase.WAITING,
        "127.0.0.1:8080").message())
        .isEqualTo("connection closed by 127.0.0.1:8080 before the response was complete (while waiting for the response)");
    assertThat(ErrorClassifier.classify(new ClosedChannelException(), FetchPhase.DOWNLOAD, null).message())
        .isEqualTo("connection closed by the server before the response was complete (while reading the body)");
  }

  @Test
  void aTcpConnectTimeoutIsToldInPlainWords() {
    assertThat(ErrorClassifier.classify(new ConnectTimeoutException("connection timed out after 30000 ms:"
        + " /192.0.2.1:80"), FetchPhase.CONNECT, "192.0.2.1:80").message())
        .isEqualTo("TCP connect to 192.0.2.1:80 timed out (while resolving and connecting)");
  }

  @Test
  void whenEveryAddressFailedEachIsNamed() {
    Dialer.DialFailure failure = new Dialer.DialFailure(java.util.List.of(
        new Dialer.Tried(address("127.0.0.2"), 8080, new ConnectException("Connection refused")),
        new Dialer.Tried(address("::1"), 8080, new ConnectException("Connection refused"))));

    ErrorClassifier.Classified c = ErrorClassifier.classify(failure, FetchPhase.CONNECT);

    assertThat(c.kind()).isEqualTo(ErrorKind.CONNECT);
    assertThat(c.message()).isEqualTo("2 addresses tried: connection refused by 127.0.0.2:8080; connection refused"
        + " by [0:0:0:0:0:0:0:1]:8080 (while resolving and connecting)");
  }

  @Test
  void aConnectFailureIsToldApartFromOtherFailures() {
    assertThat(ErrorClassifier.isConnectFailure(new ConnectException("Connection refused"))).isTrue();
    assertThat(ErrorClassifier.isConnectFailure(new ConnectTimeoutException("timed out"))).isTrue();
    assertThat(ErrorClassifier.isConnectFailure(new RuntimeException(new NoRouteToHostException()))).isTrue();
    assertThat(ErrorClassifier.isConnectFailure(new SSLHandshakeException("bad certificate"))).isFalse();
    assertThat(ErrorClassifier.isConnectFailure(new HttpClosedException("Connection was closed"))).isFalse();
  }

  private static java.net.InetAddress address(String literal) {
    try {
      return java.net.InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anUnrecognisedFailureWhileConnectingIsAConnectFailure() {
    assertThat(kind(new IllegalStateException("odd"), FetchPhase.CONNECT)).isEqualTo(ErrorKind.CONNECT);
  }

  @Test
  void anUnrecognisedFailureAfterConnectingIsAProtocolFailure() {
    assertThat(kind(new IllegalStateException("odd"), FetchPhase.WAITING)).isEqualTo(ErrorKind.PROTOCOL);
  }

  @Test
  void anUnrecognisedIoFailureWhileConnectingIsAConnectFailure() {
    assertThat(kind(new IOException("strange"), FetchPhase.CONNECT)).isEqualTo(ErrorKind.CONNECT);
  }
}
