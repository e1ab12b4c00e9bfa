package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.model.Addresses;
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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Coordinates jobs, and only wires and carries out: a submission is checked and becomes a
 * {@link Job} whose record and URLs go to the job store ({@link Intake}, {@link JobLaunch}); the
 * {@link Dispatcher} sends its tasks and settles each send; the job decides what each settled send
 * means ({@link Job#settle}) and the {@link JobDriver} carries the verdict out. {@link JobKeeper}
 * renews this node's holds on its jobs and takes over jobs whose coordinator is gone.
 */
public final class CoordinatorVerticle extends VerticleBase implements JobKeeper.Coordinator {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  /** How often sends whose result is overdue (their fetcher presumed gone) are looked for. */
  private static final long SWEEP_MS = 500;

  private Intake intake;
  private JobLaunch launch;
  private Dispatcher dispatcher;
  private JobDriver driver;
  private JobKeeper keeper;
  private JobStore store;
  private JobEvents events;
  private boolean draining;
  private long graceMs;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    String node = config().getString("node", "local");
    graceMs = settings.durability().graceMs();
    store = JobStores.of(vertx, settings.durability());
    JobMetrics metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    JobSpecParser parser = new JobSpecParser(settings.defaults(), settings.limits());
    RetryRules rules = RetryRules.from(settings, ThreadLocalRandom.current());
    FileBudget files = new FileBudget(FileBudget.processLimit(), settings.maxInFlight());
    NodeHosts nodeHosts = new NodeHosts(settings.nodePerHost(), job -> dispatcher.offer(job));
    Job.NodeLimits nodeLimits = new Job.NodeLimits(nodeHosts, files.ceiling(), settings.nodePerHost());
    intake = new Intake(parser, new Admission(settings.maxJobs(), settings.maxQueuedUrls(), settings.maxJobsPerClient()),
        metrics, rules, nodeLimits, node, settings.retryAfterSeconds(), store::roomForUrls);
    launch = new JobLaunch(store, parser, rules, nodeLimits, node, settings.durability().leaseMs());
    events = new JobEvents(vertx.eventBus(), store, metrics);
    driver = new JobDriver(new JobDriver.Parts(vertx, context, store, launch, intake, events, metrics, nodeHosts,
        job -> dispatcher.offer(job)));
    ProtocolCodecs.register(vertx);
    Members members = ClusterMembers.watch(vertx, this::onNodeLeft);
    dispatcher = new Dispatcher(new EventBusTransport(vertx, settings.replyMarginMs()), driver, files, members,
        settings.fetcherInstances(), settings.replyMarginMs());
    keeper = new JobKeeper(vertx, store, node, settings.durability().leaseMs(), settings.jobTtlMs(),
        settings.maxStoredUrls(), owner -> vertx.isClustered() ? members.all().contains(owner) : node.equals(owner),
        this);
    String resultsAddress = Addresses.coordinatorResults(UUID.randomUUID().toString());
    dispatcher.resultsTo(resultsAddress);
    MessageConsumer<ResultBatch> results = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(resultsAddress).setMaxBufferedMessages(Integer.MAX_VALUE), m -> dispatcher.onResults(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> dispatcher.sweep(System.nanoTime()));
    vertx.setPeriodic(1_000, t -> metrics.levels(dispatcher.inFlight(), driver.waitingUrls(), driver.jobs().size()));
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
    Intake.Admitted admitted = intake.admit(message, driver::has);
    if (admitted == null) {
      return;
    }
    LiveJob live = admitted.live();
    driver.add(live);
    launch.create(live, message, admitted.urls()).onComplete(created -> {
      if (created.failed()) {
        driver.drop(live);
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
        driver.begin(live, live.job.spec().deadlineMs());
      });
    });
  }

  /** The job's control address: it must exist before anyone learns the id, or a GET could miss it. */
  private Future<Void> open(LiveJob live) {
    live.control = vertx.eventBus().consumer(Addresses.control(live.id()), request -> onControl(live, request));
    return live.control.completion();
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
      driver.add(live);
      intake.resumed(live);
      open(live).onComplete(registered ->
          driver.begin(live, (live.job.deadlineAtNanos() - System.nanoTime()) / 1_000_000));
    });
  }

  @Override
  public Collection<LiveJob> owned() {
    return driver.jobs();
  }

  @Override
  public void lostHold(LiveJob live) {
    driver.letGo(live);
  }

  private void onControl(LiveJob live, Message<JsonObject> request) {
    String op = request.body() == null ? Addresses.OP_GET : request.body().getString("op", Addresses.OP_GET);
    boolean open = !live.job.finished();
    if (open && (Addresses.OP_WAIT.equals(op) || Addresses.OP_CANCEL.equals(op))) {
      // A cancel is answered with the final report, like a wait; the first one also cancels.
      live.waiters.add(request);
      if (Addresses.OP_CANCEL.equals(op) && !live.job.closing()) {
        driver.cancel(live);
      }
      return;
    }
    events.answer(request, live);
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
