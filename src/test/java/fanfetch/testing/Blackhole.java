package fanfetch.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a TCP connect hangs instead of being refused: a listener that never
 * accepts, its accept queue filled by connections of its own, so the kernel drops further SYNs
 * (as a firewall that drops packets would). For connect timeouts without leaving loopback.
 */
public final class Blackhole implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  private Blackhole(ServerSocket listener) {
    this.listener = listener;
  }

  /** A blackhole on 127.0.0.1, any free port. */
  public static Blackhole open() throws IOException {
    return open("127.0.0.1", 0);
  }

  /** A blackhole on this loopback address and port (0: any free one). */
  public static Blackhole open(String loopbackIp, int port) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName(loopbackIp), port), 1);
    Blackhole hole = new Blackhole(listener);
    try {
      // The queue holds backlog + 1 connections; a few more make sure it is full.
      for (int i = 0; i < 3; i++) {
        Socket filler = new Socket();
        hole.fillers.add(filler);
        try {
          filler.connect(listener.getLocalSocketAddress(), 200);
        } catch (IOException e) {
          // this one already hung: the queue is full
        }
      }
    } catch (RuntimeException e) {
      hole.close();
      throw e;
    }
    return hole;
  }

  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket filler : fillers) {
      filler.close();
    }
    listener.close();
  }
}
