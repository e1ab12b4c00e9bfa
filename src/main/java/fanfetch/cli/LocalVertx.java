package fanfetch.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxBootstrap;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x of a command-line run ({@code fetch}, {@code submit}): only what a job needs. Vert.x
 * normally finds its service providers on the class path, and the jar carries two, Hazelcast's
 * cluster manager and Micrometer's metrics factory, which it would instantiate at every start.
 * The command line uses neither, so it is built with none (through Vert.x's internal bootstrap,
 * the one place that lets the list be given).
 */
final class LocalVertx {

  private LocalVertx() {
  }

  /** What a command does with its Vert.x; the exit status it returns. */
  interface Body {
    int run(Vertx vertx) throws Exception;
  }

  /**
   * Runs a command's {@code body} on a Vert.x of its own, closed afterwards (within 10 s): a
   * failure nothing else caught is said on {@code err} as {@code fanfetch <command>: …}, a usage error.
   */
  static int run(String command, PrintWriter err, Body body) {
    Vertx vertx = create();
    try {
      return body.run(vertx);
    } catch (Exception e) {
      err.println("fanfetch " + command + ": " + JobOptions.describe(e));
      return ExitCodes.USAGE;
    } finally {
      err.flush();
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }
  }

  static Vertx create() {
    return VertxBootstrap.create()
        .options(new VertxOptions())
        .serviceProviders(List.of())
        .init()
        .vertx();
  }
}
