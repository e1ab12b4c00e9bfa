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
  private JobControl control;
  private NodeDrain drain;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    String node = config().getString("node", "local");
    store = JobStores.of(vertx, settings.durability());
    JobMetrics metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    JobSpecParser parser = new JobSpecParser(settings.defaults(), settings.limits());
    RetryRules rules = RetryRules.from(settings, ThreadLocalRandom.current());
    FileBudget files = new FileBudget(FileBudget.processLimit(), settings.maxInFlight());
    NodeHosts nodeHosts = new NodeHosts(settings.nodePerHost(), job -> dispatcher.offer(job));
    NodeLimits nodeLimits = new NodeLimits(nodeHosts, files.ceiling(), settings.nodePerHost());
    intake = new Intake(parser, new Admission(settings.maxJobs(), settings.maxQueuedUrls(), settings.maxJobsPerClient()),
        metrics, rules, nodeLimits, node, settings.retryAfterSeconds(), store::roomForUrls);
    launch = new JobLaunch(store, parser, rules, nodeLimits, node, settings.durability().leaseMs());
    JobEvents events = new JobEvents(vertx.eventBus(), store, metrics);
    driver = new JobDriver(new JobDriver.Parts(vertx, context, store, launch, intake, events, metrics, nodeHosts,
        job -> dispatcher.offer(job)));
    ProtocolCodecs.register(vertx);
    Members members = ClusterMembers.watch(vertx, this::onNodeLeft);
    dispatcher = new Dispatcher(new EventBusTransport(vertx, settings.replyMarginMs()), driver, files, members,
        settings.fetcherInstances(), settings.replyMarginMs());
    keeper = new JobKeeper(vertx, store, node, settings.durability().leaseMs(), settings.jobTtlMs(),
        settings.maxStoredUrls(), owner -> vertx.isClustered() ? members.all().contains(owner) : node.equals(owner),
        this);
    control = new JobControl(vertx.eventBus(), driver, events);
    drain = new NodeDrain(vertx, keeper, driver, dispatcher, settings.durability().graceMs());
    String resultsAddress = Addresses.coordinatorResults(UUID.randomUUID().toString());
    dispatcher.resultsTo(resultsAddress);
    MessageConsumer<ResultBatch> results = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(resultsAddress).setMaxBufferedMessages(Integer.MAX_VALUE), m -> dispatcher.onResults(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> dispatcher.sweep(System.nanoTime()));
    vertx.setPeriodic(1_000, t -> metrics.levels(dispatcher.inFlight(), driver.waitingUrls(), driver.jobs().size()));
    MessageConsumer<Object> submissions = vertx.eventBus().consumer(Addresses.JOBS, this::onSubmit);
    vertx.eventBus().localConsumer(Addresses.DRAIN, m -> drain.drain().onComplete(done -> m.reply(null)));
    return results.completion().compose(v -> submissions.completion()).onSuccess(v -> keeper.start());
  }

  @Override
  public Future<?> stop() {
    keeper.stop();
    return JobStores.close(vertx);
  }

  private void onSubmit(Message<Object> message) {
    if (drain.draining()) {
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
      control.open(live).onComplete(registered -> {
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

  @Override
  public void takeOver(JobRecord claimed) {
    launch.resume(claimed).onComplete(resumed -> {
      if (resumed.failed() || drain.draining()) {
        LOG.warn("job " + claimed.id() + ": could not be taken over: "
            + (resumed.failed() ? resumed.cause().getMessage() : "this node is shutting down"));
        store.release(claimed.id(), launch.node(), claimed.epoch());
        return;
      }
      LiveJob live = resumed.result();
      driver.add(live);
      intake.resumed(live);
      control.open(live).onComplete(registered ->
          driver.begin(live, (live.job.closer().deadlineAtNanos() - System.nanoTime()) / 1_000_000));
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

  private void onNodeLeft(String nodeId) {
    int resent = dispatcher.onNodeLeft(nodeId);
    LOG.info("cluster node " + nodeId + " left; " + resent + " task(s) it held sent again");
    keeper.scan();
  }
}
