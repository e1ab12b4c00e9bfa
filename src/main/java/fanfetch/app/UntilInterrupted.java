package fanfetch.app;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** For a command that serves until it is stopped ({@code serve}, {@code origin}). */
public final class UntilInterrupted {

  private UntilInterrupted() {
  }

  /** Blocks the calling thread for good; Ctrl-C or SIGTERM closes Vert.x (its servers) on the way out. */
  public static void serve(Vertx vertx) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    Thread.currentThread().join();
  }
}
