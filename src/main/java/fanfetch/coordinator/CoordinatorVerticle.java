package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.coordinator.Run.Recorded;
import fanfetch.model.Addresses;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.protocol.ProtocolCodecs;
import fanfetch.protocol.ResultBatch;
import fanfetch.store.JobRecord;
import fanfetch.store.JobStore;
import fanfetch.store.JobStores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Coordinates jobs, and only wires and carries out: a submission is checked and becomes a
 * {@link Job} whose record and URLs go to the job store ({@link Intake}, {@link JobLaunch}); the
 * {@link Dispatcher} sends its tasks and settles each send; the job decides what each settled send
 * means ({@link Job#settle}) and this verticle runs the verdict: a result is stored
 * ({@link ResultWriter}) and then published, a paused URL is woken later. {@link JobKeeper} renews
 * this node's holds on its jobs and takes over jobs whose coordinator is gone.
 */
public final class CoordinatorVerticle extends VerticleBase
    implements Dispatcher.Listener, ResultWriter.Listener, JobKeeper.Coordinator {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  /** How long fetches in flight get to report their own deadline timeout before they are closed. */
  private static final long DEADLINE_GRACE_MS = 1_000;
  /** How long a finished job's control address still answers, for requests already on their way. */
  private static final long CONTROL_LINGER_MS = 2_000;
  /** How often sends whose result is overdue (their fetcher presumed gone) are looked for. */
  private static final long SWEEP_MS = 500;

  private final Map<String, LiveJob> jobs = new HashMap<>();
  private Intake intake;
  private JobLaunch launch;
  private Dispatcher dispatcher;
  private NodeHosts nodeHosts;
  private ResultWriter writer;
  private JobKeeper keeper;
  private JobStore store;
  private JobMetrics metrics;
  private JobEvents events;
  private boolean draining;
  private long graceMs;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    String node = config().getString("node", "local");
    graceMs = settings.durability().graceMs();
    store = JobStores.of(vertx, settings.durability());
    metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    JobSpecParser parser = new JobSpecParser(settings.defaults(), settings.limits());
    RetryRules rules = RetryRules.from(settings, ThreadLocalRandom.current());
    FileBudget files = new FileBudget(FileBudget.processLimit(), settings.maxInFlight());
    nodeHosts = new NodeHosts(settings.nodePerHost(), job -> dispatcher.offer(job));
    Job.NodeLimits nodeLimits = new Job.NodeLimits(nodeHosts, files.ceiling(), settings.nodePerHost());
    intake = new Intake(parser, new Admission(settings.maxJobs(), settings.maxQueuedUrls(), settings.maxJobsPerClient()),
        metrics, rules, nodeLimits, node, settings.retryAfterSeconds(), store::roomForUrls);
    launch = new JobLaunch(store, parser, rules, nodeLimits, node, settings.durability().leaseMs());
    events = new JobEvents(vertx.eventBus(), store, metrics);
    writer = new ResultWriter(context, store, this);
    ProtocolCodecs.register(vertx);
    Members members = ClusterMembers.watch(vertx, this::onNodeLeft);
    dispatcher = new Dispatcher(new EventBusTransport(vertx, settings.replyMarginMs()), this,
        files, members,
        settings.fetcherInstances(), settings.replyMarginMs());
    keeper = new JobKeeper(vertx, store, node, settings.durability().leaseMs(), settings.jobTtlMs(),
        settings.maxStoredUrls(), owner -> vertx.isClustered() ? members.all().contains(owner) : node.equals(owner),
        this);
    String resultsAddress = Addresses.coordinatorResults(UUID.randomUUID().toString());
    dispatcher.resultsTo(resultsAddress);
    MessageConsumer<ResultBatch> results = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(resultsAddress).setMaxBufferedMessages(Integer.MAX_VALUE), m -> dispatcher.onResults(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> dispatcher.sweep(System.nanoTime()));
    vertx.setPeriodic(1_000, t -> metrics.levels(dispatcher.inFlight(), waitingUrls(), jobs.size()));
    MessageConsumer<Object> submissions = vertx.eventBus().consumer(Addresses.JOBS, this::onSubmit);
    vertx.eventBus().localConsumer(Addresses.DRAIN, m -> drain().onComplete(done -> m.reply(null)));
    return results.completion().compose(v -> submissions.completion()).onSuccess(v -> keeper.start());
  }

  @Override
  public Future<?> stop() {
    keeper.stop();
    return JobStores.close(vertx);
  }

  private void onSubmit(Message<Object> message) {
    if (draining) {
      message.fail(503, Intake.shuttingDown());
      return;
    }
    Intake.Admitted admitted = intake.admit(message, jobs::containsKey);
    if (admitted == null) {
      return;
    }
    LiveJob live = admitted.live();
    jobs.put(live.id(), live);
    launch.create(live, message, admitted.urls()).onComplete(created -> {
      if (created.failed()) {
        jobs.remove(live.id());
        intake.ended(live);
        message.fail(500, "the job could not be stored: " + created.cause().getMessage());
        return;
      }
      open(live).onComplete(registered -> {
        if (Addresses.REPLY_ACCEPTED.equals(message.headers().get(Addresses.REPLY_HEADER))) {
          message.reply(new JsonObject().put("id", live.id()).put("state", live.job.state().wireName()));
        } else {
          live.waiters.add(message);
        }
        LOG.debug("job " + live.id() + ": accepted, " + live.urls() + " URLs, mode "
            + live.job.spec().mode().wireName());
        live.job.start(System.nanoTime(), Instant.now());
        launch.started(live);
        armDeadline(live, live.job.spec().deadlineMs());
        advance(live);
      });
    });
  }

  /** The job's control address: it must exist before anyone learns the id, or a GET could miss it. */
  private Future<Void> open(LiveJob live) {
    live.control = vertx.eventBus().consumer(Addresses.control(live.id()), request -> onControl(live, request));
    return live.control.completion();
  }

  private void armDeadline(LiveJob live, long inMs) {
    if (live.job.deadlineAtNanos() != 0) {
      live.deadlineTimerId = vertx.setTimer(Math.max(1, inMs), t -> onDeadline(live));
    }
  }

  @Override
  public void takeOver(JobRecord claimed) {
    launch.resume(claimed).onComplete(resumed -> {
      if (resumed.failed() || draining) {
        LOG.warn("job " + claimed.id() + ": could not be taken over: "
            + (resumed.failed() ? resumed.cause().getMessage() : "this node is shutting down"));
        store.release(claimed.id(), launch.node(), claimed.epoch());
        return;
      }
      LiveJob live = resumed.result();
      jobs.put(live.id(), live);
      intake.resumed(live);
      open(live).onComplete(registered -> {
        armDeadline(live, (live.job.deadlineAtNanos() - System.nanoTime()) / 1_000_000);
        advance(live);
      });
    });
  }

  @Override
  public Collection<LiveJob> owned() {
    return jobs.values();
  }

  @Override
  public void lostHold(LiveJob live) {
    if (jobs.remove(live.id(), live)) {
      writer.forget(live);
      intake.ended(live);
      vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", live.id()));
      live.job.finish(Job.State.CANCELLED, System.nanoTime(), Instant.now());
      if (live.control != null) {
        live.control.unregister();
      }
      // Those waiting here are told to ask again: the job's new coordinator answers on the same address.
      live.waiters.forEach(w -> w.fail(503, "job " + live.id() + " moved to another coordinator; ask again"));
      live.waiters.clear();
    }
  }

  @Override
  public void superseded(LiveJob live) {
    lostHold(live);
  }

  private void onControl(LiveJob live, Message<JsonObject> request) {
    String op = request.body() == null ? Addresses.OP_GET : request.body().getString("op", Addresses.OP_GET);
    boolean open = !live.job.finished();
    if (open && (Addresses.OP_WAIT.equals(op) || Addresses.OP_CANCEL.equals(op) && live.job.closing())) {
      live.waiters.add(request);
      return;
    }
    if (open && Addresses.OP_CANCEL.equals(op)) {
      vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", live.id()));
      record(live, live.job.cancel(System.nanoTime()));
      LOG.debug("job " + live.id() + ": cancelled");
      live.waiters.add(request);
      advance(live);
      return;
    }
    events.answer(request, live);
  }

  /**
   * The job's deadline passed: URLs not in flight are closed as timeouts at once; fetches in
   * flight stop on their own timers (given the same deadline) and are closed by force after a
   * short grace if their answers do not come.
   */
  private void onDeadline(LiveJob live) {
    Job job = live.job;
    if (job.finished() || job.expired() || live != jobs.get(job.id())) {
      return;
    }
    record(live, job.expire(System.nanoTime()));
    LOG.debug("job " + job.id() + ": deadline passed");
    vertx.setTimer(DEADLINE_GRACE_MS, t -> {
      if (!job.finished() && !job.runComplete()) {
        vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", job.id()));
        record(live, job.expireInFlight(System.nanoTime()));
        advance(live);
      }
    });
    advance(live);
  }

  /** The job's URLs wait for a token of their host's rate, or a node-wide slot: look again then. */
  @Override
  public void mustWait(Job job) {
    LiveJob live = jobs.get(job.id());
    if (live == null || job.finished()) {
      return;
    }
    if (job.waitsForTheNode()) {
      nodeHosts.waitFor(job);
    }
    long at = job.nextTokenAt();
    if (at != Long.MAX_VALUE && live.tokenTimerId < 0) {
      long inMs = Math.max(1, (at - System.nanoTime() + 999_999) / 1_000_000);
      live.tokenTimerId = vertx.setTimer(inMs, t -> {
        live.tokenTimerId = -1;
        advance(live);
      });
    }
  }

  @Override
  public void deadlineDue(Job job) {
    LiveJob live = jobs.get(job.id());
    if (live != null) {
      onDeadline(live);
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
  private void record(LiveJob live, List<Recorded> results) {
    writer.add(live, live.job.runNumber(), results);
  }

  @Override
  public void stored(LiveJob live, List<Recorded> results) {
    for (Recorded r : results) {
      events.result(live.id(), r.result());
    }
    advance(live);
  }

  /** After a change: load the URLs the window needs, finish the job or begin its next run, else dispatch. */
  private void advance(LiveJob live) {
    Job job = live.job;
    if (job.finished() || live != jobs.get(job.id())) {
      return;
    }
    record(live, job.takeClosed());
    loadChunks(live);
    if (!job.runComplete() || !writer.idle(live)) {
      if (!job.closing()) {
        dispatcher.offer(job);
      }
      return;
    }
    long now = System.nanoTime();
    if (job.nextRun(now)) {
      launch.nextRun(live);
      advance(live);
    } else {
      finish(live, job.endState(), job.endNanos(now));
    }
  }

  private void loadChunks(LiveJob live) {
    Job job = live.job;
    int chunk = job.nextChunkToLoad();
    if (chunk < 0) {
      return;
    }
    int generation = job.generation();
    store.urls(live.id(), chunk).onComplete(loaded -> {
      if (loaded.failed()) {
        job.chunkFailed(generation);
        vertx.setTimer(1_000, t -> advance(live));
        return;
      }
      try {
        record(live, job.chunkLoaded(generation, chunk, loaded.result()));
      } catch (IllegalStateException missing) {
        // The chunk is not (wholly) in the store: lost with cluster members.
        finishLost(live, "URL chunk " + chunk + " of the job is missing from the store: " + missing.getMessage()
            + " (more cluster members left than cluster.backups covers)");
        return;
      }
      advance(live);
    });
  }

  /** Records the job's end, then publishes it, answers those waiting, and forgets the job. */
  private void finish(LiveJob live, Job.State state, long endNanos) {
    live.job.finish(state, endNanos, Instant.now());
    settle(live, live.job.head(System.nanoTime()));
  }

  private void finishLost(LiveJob live, String reason) {
    live.job.finish(Job.State.DONE, System.nanoTime(), Instant.now());
    settle(live, ReportBuilder.lost(live.job, System.nanoTime(), reason));
  }

  private void settle(LiveJob live, JsonObject head) {
    if (live.deadlineTimerId >= 0) {
      vertx.cancelTimer(live.deadlineTimerId);
    }
    intake.ended(live);
    live.job.release();
    metrics.jobEnded(head.getString("state"));
    launch.finished(live, head).onComplete(recorded -> {
      if (recorded.failed() || recorded.result() == null) {
        LOG.warn("job " + live.id() + ": its end could not be recorded"
            + (recorded.failed() ? ": " + recorded.cause().getMessage() : " (taken over)"));
      }
      LOG.debug("job " + live.id() + ": " + head.getString("state"));
      live.finishedWith(head);
      events.done(live.id(), head);
      live.waiters.forEach(waiter -> events.answer(waiter, live));
      live.waiters.clear();
      jobs.remove(live.id(), live);
      // The control address lingers a little, so a request already on its way is still answered.
      vertx.setTimer(CONTROL_LINGER_MS, t -> live.control.unregister());
    });
  }

  private void onNodeLeft(String nodeId) {
    int resent = dispatcher.onNodeLeft(nodeId);
    LOG.info("cluster node " + nodeId + " left; " + resent + " task(s) it held sent again");
    keeper.scan();
  }

  /**
   * The node is shutting down: it takes no more jobs, lets what is in flight finish (within
   * {@code shutdown.graceMs}, counted by the caller), stores what came back, then lets its jobs go
   * for another node (or itself, started again) to take over.
   */
  private Future<Void> drain() {
    draining = true;
    keeper.stop();
    jobs.values().forEach(live -> live.job.stopSending());
    // Only now do this node's fetchers stop taking tasks: nothing more is on its way to them.
    vertx.eventBus().publish(Addresses.DRAIN_FETCHERS, null);
    long started = System.currentTimeMillis();
    long until = started + graceMs;
    LOG.info("draining: " + jobs.size() + " job(s), " + dispatcher.inFlight() + " fetch(es) in flight");
    return JobLaunch.whenQuiet(vertx, () -> System.currentTimeMillis() >= until
            || dispatcher.inFlight() == 0 && jobs.values().stream().allMatch(writer::idle))
        .compose(v -> {
          LOG.info("drained in " + (System.currentTimeMillis() - started) + " ms ("
              + dispatcher.inFlight() + " fetch(es) still in flight); letting the jobs go");
          return keeper.releaseAll();
        });
  }

  private long waitingUrls() {
    long waiting = 0;
    for (LiveJob live : jobs.values()) {
      waiting += live.job.waiting();
    }
    return waiting;
  }
}
