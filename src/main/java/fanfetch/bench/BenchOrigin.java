package fanfetch.bench;

import fanfetch.origin.Origin;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bench's origin process ({@code java -cp fanfetch.jar fanfetch.bench.BenchOrigin HOSTS}): the
 * project's {@link Origin} in a JVM of its own, so it shares no heap or GC with the service under
 * test, on one port of 127.0.0.1 … 127.0.0.HOSTS (each address a distinct host for the service's
 * per-host limits), one instance per core. Prints the port on stdout once every address listens;
 * exits when stdin closes, so it cannot outlive a bench that was killed.
 */
public final class BenchOrigin {

  /** 127.0.0.1 … 127.0.0.254. */
  static final int MAX_HOSTS = Origin.MAX_LOOPBACK_HOSTS;
  private static final int PORT_ATTEMPTS = 10;

  private BenchOrigin() {
  }

  public static void main(String[] args) throws Exception {
    int hosts = Integer.parseInt(args[0]);
    if (hosts < 1 || hosts > MAX_HOSTS) {
      // 127.0.0.255 and beyond are not addresses: Vert.x would look them up in the DNS
      System.err.println("BenchOrigin: hosts must be 1 to " + MAX_HOSTS + ", got " + hosts);
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    try {
      System.out.println(listenOnFreePort(vertx, hosts));
      System.out.flush();
    } catch (Exception e) {
      // Exit now rather than linger on Vert.x's threads: the bench reads the reason in the log.
      e.printStackTrace();
      System.exit(1);
    }
    exitWhenClosed(System.in);
  }

  /**
   * A port that is free on every address. A port free on 127.0.0.1 may be taken on another
   * loopback address, so a failed bind is tried again elsewhere.
   */
  private static int listenOnFreePort(Vertx vertx, int hosts) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = Loopback.freePort();
      try {
        return Origin.deploy(vertx, new Origin.Options(Origin.loopbackHosts(hosts), port, 0),
            Runtime.getRuntime().availableProcessors()).await().port();
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }

  private static void exitWhenClosed(InputStream parent) throws IOException {
    while (parent.read() >= 0) {
      // nothing is sent on stdin: it only tells that the bench is still there
    }
    System.exit(0);
  }
}
