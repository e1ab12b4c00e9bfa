package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.model.Addresses;
import fanfetch.model.FinishedReport;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.protocol.ProtocolCodecs;
import fanfetch.protocol.ResultBatch;
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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Owns jobs, and only wires and carries out: a submission is checked and becomes a {@link Job}
 * ({@link Intake}); the {@link Dispatcher} sends its tasks and settles
 * each send; the job decides what each settled send means ({@link Job#settle}) and this verticle
 * runs the verdict (publish a result, wake a paused URL later), answers control requests and stores
 * the finished report ({@link ReportStore}).
 */
public final class CoordinatorVerticle extends VerticleBase implements Dispatcher.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  /** How long fetches in flight get to report their own deadline timeout before they are closed. */
  private static final long DEADLINE_GRACE_MS = 1_000;
  /** How long a finished job's control address still answers, for requests already on their way. */
  private static final long CONTROL_LINGER_MS = 2_000;
  /** How often sends whose result is overdue (their fetcher presumed gone) are looked for. */
  private static final long SWEEP_MS = 500;

  private final Map<String, LiveJob> jobs = new HashMap<>();
  private Intake intake;
  private Dispatcher dispatcher;
  private ReportStore store;
  private JobMetrics metrics;
  private JobEvents events;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    String node = config().getString("node", "local");
    metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    intake = new Intake(new JobSpecParser(settings.defaults(), settings.limits()),
        new Admission(settings.maxJobs(), settings.maxQueuedUrls(), settings.maxJobsPerClient()), metrics,
        RetryRules.from(settings, ThreadLocalRandom.current()), node, settings.retryAfterSeconds());
    events = new JobEvents(vertx.eventBus(), metrics);
    store = new ReportStore(vertx, node, settings.jobTtlMs(), settings.maxStoredUrls(), settings.maxStoredBytes());
    ProtocolCodecs.register(vertx);
    dispatcher = new Dispatcher(new EventBusTransport(vertx, settings.replyMarginMs()), this,
        new FileBudget(FileBudget.processLimit(), settings.maxInFlight()), ClusterMembers.watch(vertx, this::onNodeLeft),
        settings.fetcherInstances(), settings.replyMarginMs());
    String resultsAddress = Addresses.coordinatorResults(UUID.randomUUID().toString());
    dispatcher.resultsTo(resultsAddress);
    MessageConsumer<ResultBatch> results = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(resultsAddress).setMaxBufferedMessages(Integer.MAX_VALUE), m -> dispatcher.onResults(m.body()));
    vertx.setPeriodic(SWEEP_MS, t -> dispatcher.sweep(System.nanoTime()));
    vertx.setPeriodic(1_000, t -> metrics.levels(dispatcher.inFlight(), waitingUrls(), jobs.size()));
    MessageConsumer<Object> submissions = vertx.eventBus().consumer(Addresses.JOBS, this::onSubmit);
    return store.open().compose(v -> results.completion()).compose(v -> submissions.completion());
  }

  private void onSubmit(Message<Object> message) {
    LiveJob live = intake.admit(message, jobs::containsKey);
    if (live == null) {
      return;
    }
    JobSpec spec = live.job.spec();
    jobs.put(live.id(), live);
    store.started(live.id(), spec.mode().wireName(), live.urls());
    live.control = vertx.eventBus().consumer(Addresses.control(live.id()), request -> onControl(live, request));
    // The control address must exist before anyone learns the id, or a GET right after could miss it.
    live.control.completion().onComplete(registered -> {
      if (Addresses.REPLY_ACCEPTED.equals(message.headers().get(Addresses.REPLY_HEADER))) {
        message.reply(new JsonObject().put("id", live.id()).put("state", live.job.state().wireName()));
      } else {
        live.waiters.add(message);
      }
      LOG.debug("job " + live.id() + ": accepted, " + live.urls() + " URLs, mode " + spec.mode().wireName());
      events.results(live.id(), live.job.start(System.nanoTime(), Instant.now()));
      if (spec.deadlineMs() > 0) {
        live.deadlineTimerId = vertx.setTimer(spec.deadlineMs(), t -> onDeadline(live));
      }
      advance(live);
    });
  }

  private void onControl(LiveJob live, Message<JsonObject> request) {
    String op = request.body() == null ? Addresses.OP_GET : request.body().getString("op", Addresses.OP_GET);
    if (Addresses.OP_WAIT.equals(op) && !live.job.finished()) {
      live.waiters.add(request);
      return;
    }
    if (Addresses.OP_CANCEL.equals(op) && !live.job.finished()) {
      vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", live.id()));
      events.results(live.id(), live.job.cancel(System.nanoTime(), Instant.now()));
      LOG.debug("job " + live.id() + ": cancelled");
      finish(live);
    }
    live.answer(request);
  }

  /**
   * The job's deadline passed: URLs not in flight are closed as timeouts at once; fetches in
   * flight stop on their own timers (given the same deadline) and are closed by force after a
   * short grace if their answers do not come.
   */
  private void onDeadline(LiveJob live) {
    Job job = live.job;
    if (job.finished() || job.expired()) {
      return;
    }
    events.results(job.id(), job.expire(System.nanoTime()));
    LOG.debug("job " + job.id() + ": deadline passed");
    if (!job.runComplete()) {
      vertx.setTimer(DEADLINE_GRACE_MS, t -> {
        if (!job.finished()) {
          vertx.eventBus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", job.id()));
          events.results(job.id(), job.expireInFlight(System.nanoTime()));
          advance(live);
        }
      });
    }
    advance(live);
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
    Verdict verdict = send.job().settle(send.index(), send.generation(), send.token(), outcome);
    LiveJob live = jobs.get(send.job().id());
    if (verdict == Verdict.STALE || live == null) {
      return;
    }
    if (verdict instanceof Verdict.Completed completed) {
      events.result(live.id(), completed.result());
    } else if (verdict instanceof Verdict.Pause pause) {
      int generation = send.generation();
      vertx.setTimer(pause.delayMs(), t -> {
        if (live.job.wake(pause.index(), generation)) {
          advance(live);
        }
      });
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("job " + live.id() + ": task " + send.index() + " sent again (" + outcome.kind() + ")");
    }
    advance(live);
  }

  /** After a change: finish the job or move to its next run, else let it dispatch. */
  private void advance(LiveJob live) {
    Job job = live.job;
    while (!job.finished() && job.runComplete()) {
      var known = job.nextRun(System.nanoTime());
      if (known == null) {
        job.finish(Job.State.DONE, System.nanoTime(), Instant.now());
        finish(live);
        return;
      }
      events.results(job.id(), known);
    }
    if (!job.finished()) {
      dispatcher.offer(job);
    }
  }

  /** Publishes and stores the final report, answers those waiting, then forgets the job. */
  private void finish(LiveJob live) {
    if (live.deadlineTimerId >= 0) {
      vertx.cancelTimer(live.deadlineTimerId);
    }
    intake.ended(live);
    // Encoded as the results came in: the store keeps these bytes, and the API sends them as they are.
    FinishedReport report = live.job.finishedReport(System.nanoTime());
    metrics.jobEnded(live.job.state().wireName());
    LOG.debug("job " + live.id() + ": " + live.job.state().wireName() + ", " + report.size() + " bytes of report");
    events.done(live.id(), report);
    live.finishedWith(report);
    live.job.release();
    // The control address answers until the stored copy is readable, and lingers a little after,
    // so a request already on its way (a wait sent just as the job finished) is still answered.
    store.finished(live.id(), live.urls(), report).onComplete(stored -> {
      jobs.remove(live.id());
      vertx.setTimer(CONTROL_LINGER_MS, t -> live.control.unregister());
    });
  }

  private void onNodeLeft(String nodeId) {
    int resent = dispatcher.onNodeLeft(nodeId);
    LOG.info("cluster node " + nodeId + " left; " + resent + " task(s) it held sent again");
    store.reportJobsLostWith(nodeId);
  }

  private long waitingUrls() {
    long waiting = 0;
    for (LiveJob live : jobs.values()) {
      waiting += live.job.waiting();
    }
    return waiting;
  }
}
