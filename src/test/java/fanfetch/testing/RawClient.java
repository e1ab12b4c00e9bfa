package fanfetch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client on a bare socket, for what polite clients never do: open a connection and say nothing,
 * send a head a byte at a time, send half a body, ask for a stream and never read it. Every read is
 * bounded in time.
 */
public final class RawClient implements AutoCloseable {

  private final Socket socket;

  private RawClient(Socket socket) {
    this.socket = socket;
  }

  /**
   * Connects to 127.0.0.1:port.
   *
   * @param receiveBuffer the socket's receive buffer in bytes (small: a reader that never reads absorbs
   *                      little in the kernel), or 0 for the system's
   */
  public static RawClient connect(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new RawClient(socket);
  }

  public RawClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawClient send(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
    return this;
  }

  /** A request head: {@code GET path} or any method, with {@code extra} header lines (each ending CRLF). */
  public static String head(String method, String path, String extra) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
  }

  /**
   * Reads until the server closes or {@code timeoutMs} passes, keeping at most {@code keep} bytes.
   *
   * @return what was read (up to {@code keep} bytes), and whether the server closed
   */
  public Read readUntilClosed(long timeoutMs, int keep) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    StringBuilder text = new StringBuilder();
    long total = 0;
    byte[] buffer = new byte[8192];
    InputStream in = socket.getInputStream();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return new Read(text.toString(), total, false);
      }
      socket.setSoTimeout((int) Math.max(1, left));
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        return new Read(text.toString(), total, false);
      } catch (IOException reset) {
        return new Read(text.toString(), total, true);
      }
      if (n < 0) {
        return new Read(text.toString(), total, true);
      }
      total += n;
      if (text.length() < keep) {
        text.append(new String(buffer, 0, Math.min(n, keep - text.length()), StandardCharsets.ISO_8859_1));
      }
    }
  }

  /** What a read saw: the text kept, the bytes read in all, and whether the server closed the connection. */
  public record Read(String text, long bytes, boolean closed) {
    public int status() {
      return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
    }
  }

  public boolean isClosedByUs() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server reset
    }
  }
}
