package fanfetch.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxBootstrap;

import java.util.List;

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

  static Vertx create() {
    return VertxBootstrap.create()
        .options(new VertxOptions())
        .serviceProviders(List.of())
        .init()
        .vertx();
  }
}
