package fanfetch.app;

import fanfetch.testing.Child;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BindFailureTest {

  private static final String PORT = "set FANFETCH_HTTP_PORT or http.port";
  private static final String HOST = "set FANFETCH_HTTP_HOST or http.host";

  @Test
  void aPortInUseNamesThePortTheAddressAndTheSetting() {
    Exception nio = new IllegalStateException("wrapped", new BindException("Address already in use"));
    assertThat(BindFailure.describe(nio, "127.0.0.1", 8080, PORT, HOST))
        .isEqualTo("port 8080 on 127.0.0.1 is in use: set FANFETCH_HTTP_PORT or http.port");
    // Netty's epoll transport, as the issue quotes it
    Exception epoll = new java.io.IOException("bind(..) failed with error(-98)");
    assertThat(BindFailure.describe(epoll, "127.0.0.1", 8080, PORT, HOST)).startsWith("port 8080 on 127.0.0.1 is in use");
  }

  @Test
  void anAddressOfAnotherMachineSaysSo() {
    Exception e = new BindException("Cannot assign requested address");
    assertThat(BindFailure.describe(e, "192.0.2.7", 8080, PORT, HOST))
        .isEqualTo("192.0.2.7 is not an address of this machine: set FANFETCH_HTTP_HOST or http.host");
  }

  @Test
  void otherFailuresAreNotDescribedAsAddressProblems() {
    assertThat(BindFailure.describe(new IllegalArgumentException("http.port: not a number"), "h", 1, PORT, HOST))
        .isNull();
  }

  /** {@code serve} on a busy port, as a user sees it: its own process, one line, exit 2. */
  @Test
  void serveOnABusyPortSaysWhichPortAndHowToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         Child serve = Child.start(Child.fanfetch("serve"),
             Map.of("FANFETCH_HTTP_PORT", String.valueOf(taken.getLocalPort())))) {
      assertThat(serve.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(serve.err().strip()).isEqualTo("fanfetch: cannot start: port " + taken.getLocalPort()
          + " on 127.0.0.1 is in use: set FANFETCH_HTTP_PORT or http.port");
    }
  }
}
