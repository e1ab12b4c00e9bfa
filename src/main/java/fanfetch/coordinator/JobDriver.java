package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.model.Addresses;
import fanfetch.store.JobStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out what this node's live jobs' changes call for, on the coordinator's event loop: a
 * settled send's {@link Verdict} (a result is stored by the {@link ResultWriter}, then published;
 * a paused URL is woken by a timer), the URL chunks the window needs, the deadline and its grace,
 * a cancel, the next run, and the job's end. The {@link Job} decides; this class only acts.
 */
final class JobDriver implements Dispatcher.Listener, ResultWriter.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(JobDriver.class);
  /** How long a finished job's control address still answers, for requests already on their way. */
  private static final long CONTROL_LINGER_MS = 2_000;

  /** What the driver needs of the node: its stores, its job's record keeping, its events and metrics. */
  record Parts(Vertx vertx, Context context, JobStore store, JobLaunch launch, Intake intake, JobEvents events,
               JobMetrics metrics, NodeHosts nodeHosts, Consumer<Job> dispatch) {
  }

  private final Parts parts;
  private final Vertx vertx;
  private final ResultWriter writer;
  private final JobTimers timers;
  private final ChunkLoader chunks;
  private final Map<String, LiveJob> jobs = new HashMap<>();

  JobDriver(Parts parts) {
    this.parts = parts;
    this.vertx = parts.vertx();
    this.writer = new ResultWriter(parts.context(), parts.store(), this);
    this.timers = new JobTimers(vertx, this);
    this.chunks = new ChunkLoader(vertx, parts.store(), this);
  }

  Collection<LiveJob> jobs() {
    return jobs.values();
  }

  boolean has(String id) {
    return jobs.containsKey(id);
  }

  /** Whether every result the job made is stored. */
  boolean idle(LiveJob live) {
    return writer.idle(live);
  }

  /** Takes charge of a job (new, or taken over), before its control address opens. */
  void add(LiveJob live) {
    jobs.put(live.id(), live);
  }

  /** A job that could not be stored: forgotten before it began. */
  void drop(LiveJob live) {
    jobs.remove(live.id());
  }

  /** The job runs (its control address is open): its deadline is armed, and its first URLs go. */
  void begin(LiveJob live, long deadlineInMs) {
    timers.arm(live, deadlineInMs);
    advance(live);
  }

  /** The job's submitter, or someone with its id, cancels it: every open URL gets its result. */
  void cancel(LiveJob live) {
    cancelFetches(live);
    record(live, live.job.closer().cancel(System.nanoTime()));
    LOG.debug("job " + live.id() + ": cancelled");
    advance(live);
  }

  /** Another node holds the job now: this node forgets it, and those waiting here ask again. */
  void letGo(LiveJob live) {
    if (!jobs.remove(live.id(), live)) {
      return;
    }
    writer.forget(live);
    parts.intake().ended(live);
    cancelFetches(live);
    live.job.finish(Job.State.CANCELLED, System.nanoTime(), Instant.now());
    if (live.control != null) {
      live.control.unregister();
    }
    // Those waiting here are told to ask again: the job's new coordinator answers on the same address.
    live.waiters.forEach(w -> w.fail(503, "job " + live.id() + " moved to another coordinator; ask again"));
    live.waiters.clear();
  }

  @Override
  public void superseded(LiveJob live) {
    letGo(live);
  }

  /** The job's URLs wait for a token of their host's rate, or a node-wide slot: look again then. */
  @Override
  public void mustWait(Job job) {
    LiveJob live = jobs.get(job.id());
    if (live == null || job.finished()) {
      return;
    }
    if (job.currentRun().window().waitsForTheNode()) {
      parts.nodeHosts().waitFor(job);
    }
    timers.lookAgainAtNextToken(live);
  }

  @Override
  public void deadlineDue(Job job) {
    LiveJob live = jobs.get(job.id());
    if (live != null) {
      timers.deadlinePassed(live);
    }
  }

  @Override
  public void settled(Dispatcher.Send send, SendOutcome outcome) {
    LiveJob live = jobs.get(send.job().id());
    if (live == null || live.job != send.job()) {
      return;
    }
    carryOut(live, send.job().settle(send.index(), send.generation(), send.token(), outcome), send.generation());
  }

  private void carryOut(LiveJob live, Verdict verdict, int generation) {
    if (verdict == Verdict.STALE) {
      return;
    }
    if (verdict instanceof Verdict.Completed completed) {
      record(live, List.of(completed.recorded()));
    } else if (verdict instanceof Verdict.Pause pause) {
      vertx.setTimer(pause.delayMs(), t -> carryOut(live, live.job.wake(pause.index(), generation), generation));
    }
    advance(live);
  }

  /** Results of the job's current run, to be stored; they are published once they are. */
  void record(LiveJob live, List<Recorded> results) {
    writer.add(live, live.job.runNumber(), results);
  }

  @Override
  public void stored(LiveJob live, List<Recorded> results) {
    for (Recorded r : results) {
      parts.events().result(live.id(), r.result());
    }
    advance(live);
  }

  /** After a change: load the URLs the window needs, finish the job or begin its next run, else dispatch. */
  void advance(LiveJob live) {
    Job job = live.job;
    if (job.finished() || !drives(live)) {
      return;
    }
    record(live, job.takeClosed());
    chunks.loadWanted(live);
    if (!job.runComplete() || !writer.idle(live)) {
      if (!job.closing()) {
        parts.dispatch().accept(job);
      }
      return;
    }
    long now = System.nanoTime();
    if (job.nextRun(now)) {
      parts.launch().nextRun(live);
      advance(live);
    } else {
      job.finish(job.closer().endState(), job.closer().runEndNanos(now), Instant.now());
      end(live, job.head(System.nanoTime()));
    }
  }

  /** Whether this node still drives the job (it was not taken over, nor has it ended). */
  boolean drives(LiveJob live) {
    return live == jobs.get(live.id());
  }

  /** A chunk of the job's URLs is lost with cluster members: the job ends, its report saying so. */
  void endLost(LiveJob live, String reason) {
    live.job.finish(Job.State.DONE, System.nanoTime(), Instant.now());
    end(live, ReportBuilder.lost(live.job, System.nanoTime(), reason));
  }

  /** Records the finished job's end, then publishes it, answers those waiting, and forgets the job. */
  private void end(LiveJob live, JsonObject head) {
    timers.disarm(live);
    parts.intake().ended(live);
    live.job.release();
    parts.metrics().jobEnded(head.getString("state"));
    parts.launch().finished(live, head).onComplete(recorded -> {
      if (recorded.failed() || recorded.result() == null) {
        LOG.warn("job " + live.id() + ": its end could not be recorded"
            + (recorded.failed() ? ": " + recorded.cause().getMessage() : " (taken over)"));
      }
      LOG.debug("job " + live.id() + ": " + head.getString("state"));
      live.finishedWith(head);
      parts.events().done(live.id(), head);
      live.waiters.forEach(waiter -> parts.events().answer(waiter, live));
      live.waiters.clear();
      jobs.remove(live.id(), live);
      // The control address lingers a little, so a request already on its way is still answered.
      vertx.setTimer(CONTROL_LINGER_MS, t -> live.control.unregister());
    });
  }

  /** The job's fetches in flight, on every node, stop. */
  void cancelFetches(LiveJob live) {
    vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", live.id()));
  }

  /** URLs of this node's jobs waiting to be sent. */
  long waitingUrls() {
    long waiting = 0;
    for (LiveJob live : jobs.values()) {
      waiting += live.job.finished() ? 0 : live.job.table().waiting();
    }
    return waiting;
  }
}
