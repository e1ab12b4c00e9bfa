package fanfetch.coordinator;

import fanfetch.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

/**
 * The coordinator's part of a node shutting down: it takes no more jobs, lets what is in flight
 * finish (within {@code shutdown.graceMs}), stores what came back, then lets its jobs go for
 * another node (or itself, started again) to take over.
 */
final class NodeDrain {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrain.class);

  private final Vertx vertx;
  private final JobKeeper keeper;
  private final JobDriver driver;
  private final Dispatcher dispatcher;
  private final long graceMs;
  private boolean draining;

  NodeDrain(Vertx vertx, JobKeeper keeper, JobDriver driver, Dispatcher dispatcher, long graceMs) {
    this.vertx = vertx;
    this.keeper = keeper;
    this.driver = driver;
    this.dispatcher = dispatcher;
    this.graceMs = graceMs;
  }

  /** Whether the node is shutting down (it takes no new jobs, nor takes any over). */
  boolean draining() {
    return draining;
  }

  /** Completes once the jobs are let go (after the grace at the latest). */
  Future<Void> drain() {
    draining = true;
    keeper.stop();
    driver.jobs().forEach(live -> live.job.stopSending());
    // Only now do this node's fetchers stop taking tasks: nothing more is on its way to them.
    vertx.eventBus().publish(Addresses.DRAIN_FETCHERS, null);
    long started = System.currentTimeMillis();
    long until = started + graceMs;
    LOG.info("draining: " + driver.jobs().size() + " job(s), " + dispatcher.inFlight() + " fetch(es) in flight");
    return JobLaunch.whenQuiet(vertx, () -> System.currentTimeMillis() >= until
            || dispatcher.inFlight() == 0 && driver.jobs().stream().allMatch(driver::idle))
        .compose(v -> {
          LOG.info("drained in " + (System.currentTimeMillis() - started) + " ms ("
              + dispatcher.inFlight() + " fetch(es) still in flight); letting the jobs go");
          return keeper.releaseAll();
        });
  }
}
