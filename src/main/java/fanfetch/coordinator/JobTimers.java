package fanfetch.coordinator;

import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

/**
 * A live job's timers on the coordinator's event loop: its deadline and the grace after it, and
 * the look-again when a token of a rate-limited host comes. What a timer's firing means is the
 * {@link Job}'s to say; the {@link JobDriver} carries it out.
 */
final class JobTimers {

  private static final Logger LOG = LoggerFactory.getLogger(JobTimers.class);
  /** How long fetches in flight get to report their own deadline timeout before they are closed. */
  private static final long DEADLINE_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final JobDriver driver;

  JobTimers(Vertx vertx, JobDriver driver) {
    this.vertx = vertx;
    this.driver = driver;
  }

  /** The job begins: if it has a deadline, the deadline fires in {@code deadlineInMs}. */
  void arm(LiveJob live, long deadlineInMs) {
    if (live.job.closer().deadlineAtNanos() != 0) {
      live.deadlineTimerId = vertx.setTimer(Math.max(1, deadlineInMs), t -> deadlinePassed(live));
    }
  }

  /** The job ended: its deadline no longer matters. */
  void disarm(LiveJob live) {
    if (live.deadlineTimerId >= 0) {
      vertx.cancelTimer(live.deadlineTimerId);
    }
  }

  /**
   * The job's deadline passed: URLs not in flight are closed as timeouts at once; fetches in
   * flight stop on their own timers (given the same deadline) and are closed by force after a
   * short grace if their answers do not come.
   */
  void deadlinePassed(LiveJob live) {
    Job job = live.job;
    if (job.finished() || job.closing() || !driver.drives(live)) {
      // Closing already: past its deadline, or cancelled (which it stays).
      return;
    }
    driver.record(live, job.closer().expire(System.nanoTime()));
    LOG.debug("job " + job.id() + ": deadline passed");
    vertx.setTimer(DEADLINE_GRACE_MS, t -> {
      if (!job.finished() && !job.runComplete()) {
        driver.cancelFetches(live);
        driver.record(live, job.closer().expireInFlight(System.nanoTime()));
        driver.advance(live);
      }
    });
    driver.advance(live);
  }

  /** The job's URLs wait for a token of their host's rate: the job goes on when the first comes. */
  void lookAgainAtNextToken(LiveJob live) {
    long at = live.job.currentRun().window().nextTokenAt();
    if (at != Long.MAX_VALUE && live.tokenTimerId < 0) {
      long inMs = Math.max(1, (at - System.nanoTime() + 999_999) / 1_000_000);
      live.tokenTimerId = vertx.setTimer(inMs, t -> {
        live.tokenTimerId = -1;
        driver.advance(live);
      });
    }
  }
}
