package fanfetch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port held without listening on it: connecting there is refused, and no other process
 * can take the port while the test holds it (bound by a client socket that never connects).
 */
public final class RefusingPort implements AutoCloseable {

  private final Socket holder;

  private RefusingPort(Socket holder) {
    this.holder = holder;
  }

  public static RefusingPort hold() {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RefusingPort(socket);
  }

  public int port() {
    return holder.getLocalPort();
  }

  /** For the guard's allow list: {@code 127.0.0.1:<port>}. */
  public String allowEntry() {
    return "127.0.0.1:" + port();
  }

  public String url(String path) {
    return "http://" + allowEntry() + path;
  }

  @Override
  public void close() throws IOException {
    holder.close();
  }
}
