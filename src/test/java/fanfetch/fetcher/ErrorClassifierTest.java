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
    assertThat(c.message()).isEqualTo("bad certificate (while resolving and connecting)");
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
    assertThat(ErrorClassifier.classify(new ClosedChannelException(), FetchPhase.DOWNLOAD).message())
        .isEqualTo("ClosedChannelException (while reading the body)");
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
