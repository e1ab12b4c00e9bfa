package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.model.Addresses;
import fanfetch.model.ErrorKind;
import fanfetch.model.FinishedReport;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobIds;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.model.Problems;
import fanfetch.model.Results;
import fanfetch.model.SharedCodec;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ProtocolCodecs;
import fanfetch.protocol.ResultBatch;
import fanfetch.protocol.TaskBatch;
import fanfetch.guard.TargetUrl;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns jobs: validates a JobSpec, splits it into one task per URL, keeps each job's window and the
 * node-wide in-flight cap, sends tasks to fetchers over the event bus, collects their replies
 * (re-sending a task whose fetcher vanished), publishes progress and stores the finished report.
 */
public final class CoordinatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  /** How long fetches in flight get to report their own deadline timeout before they are closed. */
  private static final long DEADLINE_GRACE_MS = 1_000;
  private static final long CONTROL_LINGER_MS = 2_000;
  private static final long DEADLINE_SLACK_NANOS = 20_000_000;
  /** How often sends whose result is overdue (their fetcher presumed gone) are looked for. */
  private static final long SWEEP_MS = 500;
  /** Pause before a URL that found no file descriptor is queued again, and how often it may wait (~30 s). */
  private static final long FILE_WAIT_MS = 50;
  private static final int MAX_FILE_WAITS = 600;

  private final Map<String, Live> jobs = new HashMap<>();
  /** Jobs that may have a task to dispatch, served round-robin. */
  private final ArrayDeque<Live> ready = new ArrayDeque<>();
  private Settings settings;
  private JobSpecParser parser;
  private AsyncMap<String, FinishedReport> reports;
  /** Clustered only: which node coordinates each live job, so the others can tell when it is lost. */
  private AsyncMap<String, JsonObject> liveJobs;
  private String node;
  private int inFlight;
  /** URLs of live jobs without a result yet, against {@code limits.maxQueuedUrls}. */
  private long openUrls;
  private final Map<String, Integer> jobsByClient = new HashMap<>();
  /** Reports this node stored, oldest first, so their total size stays under {@code jobs.maxStoredUrls}. */
  private final ArrayDeque<StoredReport> stored = new ArrayDeque<>();
  private long storedUrls;

  private record StoredReport(String id, int urls, long bytes) {
  }

  private long storedBytes;
  private long maxStoredBytes;

  private JobMetrics metrics;
  private FileBudget files;
  /** Where fetchers send this coordinator's results. */
  private String resultsAddress;
  private long nextSendId;
  /** Every task send awaiting its result, by send id: removing one settles it (its credit comes back once). */
  private final Map<Long, Send> sends = new HashMap<>();
  /** Tasks picked by the current pump, by the address they go to, sent as one batch per address. */
  private final Map<String, List<FetchTask>> outgoing = new HashMap<>();
  private final Map<String, List<TargetUrl>> outgoingParsed = new HashMap<>();
  /** While above zero, {@link #pump()} keeps the tasks it picks in {@link #outgoing}. */
  private int holdBatches;
  private DeliveryOptions batchDelivery;
  /** Cluster members that run fetchers, for node-addressed dispatch (empty when not clustered). */
  private final Members members = new Members();

  /** A live job and the event-bus ends attached to it. */
  private static final class Live {
    final JobRun run;
    MessageConsumer<JsonObject> control;
    /** Requests waiting for the final report (the submitter, or {@code wait} control calls). */
    final List<Message<JsonObject>> waiters = new ArrayList<>();
    boolean queued;
    /**
     * During a sequential run, the fetcher that answered last: its next task goes to the same
     * instance, so the run reuses one connection per host as a sequential client would.
     */
    String stickyFetcher;
    /** Who submitted it (for the per-client cap), or null. */
    String client;
    /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
    long deadlineAtNanos;
    long deadlineTimerId = -1;
    /** The report as it was finished (answered by the control address while it lingers). */
    FinishedReport finalReport;

    Live(JobRun run) {
      this.run = run;
    }
  }

  @Override
  public Future<?> start() {
    settings = Settings.from(config());
    parser = new JobSpecParser(settings.defaults(), settings.limits());
    node = config().getString("node", "local");
    metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    files = new FileBudget(maxFileDescriptors(), settings.maxInFlight());
    maxStoredBytes = storeBudget(settings.maxStoredBytes());
    vertx.setPeriodic(1_000, t -> reportLevels());
    if (vertx.isClustered()) {
      members.reset(((io.vertx.core.internal.VertxInternal) vertx).clusterManager().getNodes());
      vertx.eventBus().<String>localConsumer(Addresses.NODE_JOINED, m -> members.add(m.body()));
      vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, m -> onNodeLeft(m.body()));
    }
    ProtocolCodecs.register(vertx);
    // The acknowledgement of a batch comes at once; waiting this long means no fetcher took it.
    batchDelivery = new DeliveryOptions().setSendTimeout(Math.max(1, settings.replyMarginMs()));
    resultsAddress = Addresses.coordinatorResults(java.util.UUID.randomUUID().toString());
    MessageConsumer<ResultBatch> results = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(resultsAddress)
        .setMaxBufferedMessages(Integer.MAX_VALUE), this::onResults);
    vertx.setPeriodic(SWEEP_MS, t -> sweepOverdue());
    MessageConsumer<JsonObject> submissions = vertx.eventBus().consumer(Addresses.JOBS, this::onSubmit);
    Future<?> liveMap = vertx.isClustered()
        ? vertx.sharedData().<String, JsonObject>getAsyncMap(Addresses.LIVE_JOBS_MAP).onSuccess(map -> liveJobs = map)
        : Future.succeededFuture();
    return vertx.sharedData().<String, FinishedReport>getAsyncMap(Addresses.REPORTS_MAP)
        .onSuccess(map -> reports = map)
        .compose(map -> liveMap)
        .compose(map -> results.completion())
        .compose(map -> submissions.completion());
  }

  /** The process's open-file limit, or -1 where the JVM cannot tell. */
  private static long maxFileDescriptors() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
  }

  private EventBus bus() {
    return vertx.eventBus();
  }

  private void onSubmit(Message<JsonObject> message) {
    JobSpec spec;
    try {
      if (message.body() == null) {
        throw new InvalidJobException(400, List.of(new fanfetch.model.FieldError("body", "must be a JSON object")));
      }
      spec = parser.parse(message.body());
    } catch (InvalidJobException e) {
      message.fail(e.status(), e.toProblem().encode());
      return;
    } catch (ClassCastException e) {
      message.fail(400, new InvalidJobException(400, List.of(
          new fanfetch.model.FieldError("body", "must be a JSON object"))).toProblem().encode());
      return;
    }
    String client = message.headers().get(Addresses.CLIENT_HEADER);
    Refusal busy = admission(spec, client);
    if (busy != null) {
      metrics.jobRefused(busy.reason());
      message.fail(429, Problems.problem(429, "Busy", busy.detail() + "; retry later")
          .put("retryAfter", settings.retryAfterSeconds()).encode());
      return;
    }
    Live job = new Live(new JobRun(jobId(message), spec, node, Instant.now()));
    String id = job.run.id();
    jobs.put(id, job);
    openUrls += spec.urls().size();
    if (liveJobs != null) {
      liveJobs.put(id, new JsonObject().put("id", id).put("owner", node).put("mode", spec.mode().wireName())
          .put("createdAt", java.time.Instant.now().toString()).put("urls", spec.urls().size()));
    }
    if (client != null) {
      job.client = client;
      jobsByClient.merge(client, 1, Integer::sum);
    }
    job.control = bus().consumer(Addresses.control(id), control -> onControl(job, control));
    // The control address must exist before anyone learns the id, or a GET right after could miss it.
    job.control.completion().onComplete(registered -> {
      if (Addresses.REPLY_ACCEPTED.equals(message.headers().get(Addresses.REPLY_HEADER))) {
        message.reply(new JsonObject().put("id", id).put("state", job.run.state().wireName()));
      } else {
        job.waiters.add(message);
      }
      LOG.debug("job " + id + ": accepted, " + spec.urls().size() + " URLs, mode " + spec.mode().wireName());
      long now = System.nanoTime();
      List<JsonObject> known = job.run.start(now, Instant.now());
      known.forEach(result -> publishResult(id, result));
      if (spec.deadlineMs() > 0) {
        job.deadlineAtNanos = now + spec.deadlineMs() * 1_000_000;
        job.deadlineTimerId = vertx.setTimer(spec.deadlineMs(), t -> onDeadline(job));
      }
      advance(job);
    });
  }

  /** The id the submitter chose (a well-formed one, not in use here), else a new one. */
  private String jobId(Message<?> submission) {
    String chosen = submission.headers().get(Addresses.JOB_ID_HEADER);
    return chosen != null && JobIds.isWellFormed(chosen) && !jobs.containsKey(chosen) ? chosen : JobIds.next();
  }

  /**
   * Whether this node takes another job now: live jobs, URLs without a result and the client's
   * jobs each have a cap. Jobs already accepted are never affected by a refusal.
   *
   * @return null to accept, else why not
   */
  private Refusal admission(JobSpec spec, String client) {
    if (jobs.size() >= settings.maxJobs()) {
      return new Refusal("jobs", "this node has " + jobs.size() + " jobs in progress (limits.maxJobs)");
    }
    if (openUrls + spec.urls().size() > settings.maxQueuedUrls()) {
      return new Refusal("queued_urls", "this node has " + openUrls + " URLs in progress and takes at most "
          + settings.maxQueuedUrls() + " (limits.maxQueuedUrls)");
    }
    if (client != null && settings.maxJobsPerClient() > 0
        && jobsByClient.getOrDefault(client, 0) >= settings.maxJobsPerClient()) {
      return new Refusal("client", "this API key has " + settings.maxJobsPerClient()
          + " jobs in progress (limits.maxJobsPerClient)");
    }
    return null;
  }

  /** Why a job was refused: a short reason (a metric label) and the words for the problem answer. */
  private record Refusal(String reason, String detail) {
  }

  /**
   * The job's deadline passed: URLs not in flight are closed as timeouts at once; fetches in
   * flight stop on their own timers (given the same deadline) and are closed by force after a
   * short grace if their answers do not come.
   */
  private void onDeadline(Live job) {
    if (job.run.finished() || job.run.expired()) {
      return;
    }
    job.run.expire(System.nanoTime()).forEach(result -> publishResult(job.run.id(), result));
    LOG.debug("job " + job.run.id() + ": deadline passed");
    if (job.run.runComplete()) {
      advance(job);
      return;
    }
    vertx.setTimer(DEADLINE_GRACE_MS, t -> {
      if (!job.run.finished()) {
        bus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", job.run.id()));
        job.run.expireInFlight(System.nanoTime()).forEach(result -> publishResult(job.run.id(), result));
        advance(job);
      }
    });
  }

  private void onControl(Live job, Message<JsonObject> message) {
    String op = message.body() == null ? Addresses.OP_GET : message.body().getString("op", Addresses.OP_GET);
    if (Addresses.OP_WAIT.equals(op) && !job.run.finished()) {
      job.waiters.add(message);
      return;
    }
    if (Addresses.OP_CANCEL.equals(op) && !job.run.finished()) {
      List<JsonObject> cancelled = job.run.cancel(System.nanoTime(), Instant.now());
      bus().publish(Addresses.FETCH_CANCEL, new JsonObject().put("jobId", job.run.id()));
      cancelled.forEach(result -> publishResult(job.run.id(), result));
      LOG.debug("job " + job.run.id() + ": cancelled");
      finish(job);
    }
    if (job.finalReport != null) {
      answer(message, null, job.finalReport);
    } else {
      answer(message, job.run.report(System.nanoTime()), null);
    }
  }

  /**
   * Answers with a live report or the finished one. Fanfetch's own askers (which only read it)
   * get it as it is; any other event-bus client gets its own copy as JSON, free to change it.
   */
  private static void answer(Message<?> request, JsonObject live, FinishedReport finished) {
    if ("true".equals(request.headers().get(Addresses.SHARE_HEADER))) {
      if (finished != null) {
        request.reply(finished);
      } else {
        request.reply(live, SHARED_REPLY);
      }
    } else {
      // Vert.x's JSON codec gives a local asker its own copy.
      request.reply(live != null ? live : finished.toJson());
    }
  }

  /** Read-only once built: the same options serve every result event. */
  private static final DeliveryOptions RESULT_EVENT = new DeliveryOptions()
      .addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_RESULT);
  private static final DeliveryOptions DONE_EVENT = new DeliveryOptions()
      .setCodecName(SharedCodec.REPORT_AS_JSON).addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_DONE);
  private static final DeliveryOptions SHARED_REPLY = new DeliveryOptions().setCodecName(SharedCodec.SHARED_JSON);

  /** After a change: finish the job or move to its next run, else let it dispatch. */
  private void advance(Live job) {
    if (job.run.finished()) {
      return;
    }
    if (job.run.runComplete()) {
      List<JsonObject> known = job.run.nextRun(System.nanoTime());
      if (known == null) {
        job.run.finish(JobRun.State.DONE, System.nanoTime(), Instant.now());
        finish(job);
        return;
      }
      known.forEach(result -> publishResult(job.run.id(), result));
      if (job.run.runComplete()) {
        advance(job);
        return;
      }
    }
    if (!job.queued) {
      job.queued = true;
      ready.add(job);
    }
    pump();
  }

  /**
   * Dispatches tasks while the node has credit, one task per ready job in turn, then sends what
   * it picked as one batch per fetcher address.
   */
  private void pump() {
    while (inFlight < files.cap() && !ready.isEmpty()) {
      Live job = ready.poll();
      if (job.deadlineAtNanos != 0 && job.deadlineAtNanos - System.nanoTime() < DEADLINE_SLACK_NANOS) {
        // Its deadline timer has not run yet, but nothing may start at (or a hair before) the
        // deadline: a fetcher's own deadline timer can fire a few ms ahead of this one.
        job.queued = false;
        onDeadline(job);
        continue;
      }
      int index = job.run.nextTask();
      if (index < 0) {
        job.queued = false;
        continue;
      }
      ready.add(job);
      dispatch(job, index);
    }
    if (holdBatches == 0 && !outgoing.isEmpty()) {
      sendBatches();
    }
  }

  /** The levels the metrics show, taken on this verticle's event loop (once a second, not per URL). */
  private void reportLevels() {
    long waiting = 0;
    for (Live job : jobs.values()) {
      waiting += job.run.waiting();
    }
    metrics.levels(inFlight, waiting, jobs.size());
  }

  private void dispatch(Live job, int index) {
    JobRun run = job.run;
    JobSpec spec = run.spec();
    boolean sticky = run.inSequentialRun() && job.stickyFetcher != null;
    String targetNode = sticky ? null : members.next();
    long now = System.nanoTime();
    int token = run.dispatched(index, now, targetNode);
    inFlight++;
    long deadlineLeftMs = job.deadlineAtNanos == 0 ? 0 : Math.max(1, (job.deadlineAtNanos - now) / 1_000_000);
    long sendId = ++nextSendId;
    // A fetcher always answers within its time limit; past that plus a margin it is presumed gone.
    long limitMs = deadlineLeftMs > 0 ? Math.min(spec.timeoutMs(), deadlineLeftMs) : spec.timeoutMs();
    sends.put(sendId, new Send(job, index, run.generation(), token, targetNode,
        now + (limitMs + settings.replyMarginMs()) * 1_000_000));
    String address = sticky ? job.stickyFetcher
        : targetNode != null ? Addresses.fetchersOf(targetNode) : Addresses.FETCH;
    outgoing.computeIfAbsent(address, a -> new ArrayList<>())
        .add(FetchTask.of(sendId, run.id(), index, spec.urls().get(index), spec, deadlineLeftMs));
    outgoingParsed.computeIfAbsent(address, a -> new ArrayList<>()).add(run.takeTarget(index));
  }

  /**
   * One message per fetcher: tasks for a shared address (this node's or a member's fetchers) are
   * split into one batch per fetcher instance, which the event bus hands out in turn.
   */
  private void sendBatches() {
    int instances = Math.max(1, settings.fetcherInstances());
    outgoing.forEach((address, tasks) -> {
      boolean shared = address.equals(Addresses.FETCH) || address.startsWith(Addresses.FETCH + ".node.");
      int size = shared ? Math.max(1, (tasks.size() + instances - 1) / instances) : tasks.size();
      List<TargetUrl> parsed = outgoingParsed.get(address);
      for (int from = 0; from < tasks.size(); from += size) {
        int to = Math.min(tasks.size(), from + size);
        List<FetchTask> batch = tasks.subList(from, to);
        if (vertx.isClustered()) {
          // Across nodes, the acknowledgement tells at once when no fetcher took the batch.
          bus().request(address, new TaskBatch(resultsAddress, batch, parsed.subList(from, to)), batchDelivery)
              .onFailure(failure -> onBatchFailed(batch, failure));
        } else {
          // On one node the fetchers are always there: no acknowledgement, one message fewer per
          // batch (the overdue sweep still covers a batch that found none).
          bus().send(address, new TaskBatch(resultsAddress, batch, parsed.subList(from, to)));
        }
      }
    });
    outgoing.clear();
    outgoingParsed.clear();
  }

  /** A batch was not taken by any fetcher (none there, or gone): each of its tasks is settled as such. */
  private void onBatchFailed(List<FetchTask> batch, Throwable failure) {
    holdBatches++;
    try {
      for (FetchTask task : batch) {
        Send send = sends.remove(task.sendId());
        if (send != null) {
          onReply(send, null, null, failure);
        }
      }
    } finally {
      releaseBatches();
    }
  }

  /** Ends a stretch in which the tasks picked are kept back, then sends them as batches. */
  private void releaseBatches() {
    if (--holdBatches == 0 && !outgoing.isEmpty()) {
      sendBatches();
    }
  }

  private void onResults(Message<ResultBatch> message) {
    ResultBatch batch = message.body();
    // Tasks freed by these results go out together, as few batches as possible.
    holdBatches++;
    try {
      for (ResultBatch.Entry entry : batch.results()) {
        Send send = sends.remove(entry.sendId());
        if (send != null) {
          onReply(send, entry, batch.fetcher(), null);
        }
      }
    } finally {
      releaseBatches();
    }
  }

  /** Sends whose result is overdue: their fetcher is presumed gone (it would have answered by now). */
  private void sweepOverdue() {
    long now = System.nanoTime();
    List<Send> overdue = new ArrayList<>();
    sends.values().removeIf(send -> {
      if (now - send.replyDeadlineNanos > 0) {
        overdue.add(send);
        return true;
      }
      return false;
    });
    holdBatches++;
    try {
      overdue.forEach(send -> onReply(send, null, null, new ReplyException(ReplyFailure.TIMEOUT,
          "no result within the fetch's time limit and " + settings.replyMarginMs() + " ms")));
    } finally {
      releaseBatches();
    }
  }

  /** One send of a task, awaiting its result. */
  private record Send(Live job, int index, int generation, int token, String node, long replyDeadlineNanos) {
  }

  /**
   * A send settled: its result came ({@code fetched}, from {@code fetcher}), or it failed
   * ({@code failure}: no fetcher took the batch, or no result in time).
   */
  private void onReply(Send send, ResultBatch.Entry entry, String fetcher, Throwable failure) {
    JsonObject fetched = entry == null ? null : entry.result();
    inFlight--;
    Live job = send.job();
    int index = send.index();
    JobRun run = job.run;
    if (run.finished() || send.generation() != run.generation() || send.token() != run.token(index)) {
      // Over, or this send was superseded (its node left and the task went elsewhere).
      pump();
      return;
    }
    if (send.node() != null && failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      // A member that has joined but not deployed its fetchers yet: skip it for a moment.
      members.notReady(send.node());
      run.resendUncounted(index);
      advance(job);
      return;
    }
    if (failure == null) {
      job.stickyFetcher = run.inSequentialRun() ? fetcher : null;
    } else if (fetcherVanished(failure) && run.resends(index) < settings.maxDispatchAttempts() - 1) {
      LOG.debug("job " + run.id() + ": task " + index + " re-sent after " + failure.getMessage());
      job.stickyFetcher = null;
      run.resend(index);
      advance(job);
      return;
    } else {
      fetched = Results.failure(ErrorKind.TIMEOUT, "no fetcher answered after " + run.attempts(index)
          + " attempts: " + failure.getMessage(), null, node);
    }
    if (failure == null && entry.outOfFiles()) {
      if (run.fileWaits(index) < MAX_FILE_WAITS) {
        waitForFiles(job, index);
        return;
      }
    } else if (failure == null) {
      files.succeeded();
    }
    if (failure == null && run.shouldRetry(index, fetched)) {
      retryLater(job, index, fetched, entry.retryAfterMs());
      return;
    }
    publishResult(run.id(), run.complete(index, fetched));
    advance(job);
  }

  /**
   * A cluster member left (killed, say): every task this node had sent there goes out again at
   * once, to live members, instead of waiting out its reply timeout. Jobs that member coordinated
   * are reported lost.
   */
  private void onNodeLeft(String nodeId) {
    members.remove(nodeId);
    List<Send> lost = new ArrayList<>();
    sends.values().removeIf(send -> {
      if (nodeId.equals(send.node())) {
        lost.add(send);
        return true;
      }
      return false;
    });
    holdBatches++;
    try {
      for (Send send : lost) {
        // Its result will never come (or come too late to count): the credit is free now.
        inFlight--;
        JobRun run = send.job().run;
        if (!run.finished() && send.generation() == run.generation() && send.token() == run.token(send.index())) {
          run.resend(send.index());
          advance(send.job());
        }
      }
    } finally {
      releaseBatches();
    }
    LOG.info("cluster node " + nodeId + " left; " + lost.size() + " task(s) it held sent again");
    reportJobsLostWith(nodeId);
  }

  /**
   * The jobs a departed node coordinated cannot finish: their state lived there. Any node that
   * notices first stores a {@code lost} report for each, so no one sees them running forever.
   */
  private void reportJobsLostWith(String nodeId) {
    if (liveJobs == null) {
      return;
    }
    liveJobs.entries().onSuccess(all -> all.forEach((id, live) -> {
      if (!nodeId.equals(live.getString("owner"))) {
        return;
      }
      JsonObject lost = new JsonObject()
          .put("id", id)
          .put("state", "lost")
          .put("mode", live.getString("mode"))
          .put("createdAt", live.getString("createdAt"))
          .put("startedAt", live.getString("createdAt"))
          .put("finishedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString())
          .put("durationMs", 0.0).put("fetchTimeSumMs", 0.0).put("speedup", 0.0)
          .put("summary", new JsonObject().put("total", live.getInteger("urls", 0)).put("completed", 0)
              .put("succeeded", 0).put("failed", 0).put("bytes", 0).put("statusCounts", new JsonObject())
              .put("totalMs", new JsonObject().put("p50", 0.0).put("p90", 0.0).put("p99", 0.0).put("max", 0.0)))
          .put("lostReason", "the node coordinating this job (" + nodeId + ") left the cluster; submit it again")
          .put("results", new io.vertx.core.json.JsonArray());
      reports.putIfAbsent(id, FinishedReport.of(lost), settings.jobTtlMs())
          .onSuccess(previous -> LOG.info("job " + id + ": lost with node " + nodeId))
          .compose(previous -> liveJobs.remove(id));
    }));
  }

  /**
   * No file descriptor was left for the fetch's socket: the node runs no more fetches than were
   * in flight then, and the URL goes back to its queue after a short pause (the pause keeps a
   * node whose descriptors are all held elsewhere from spinning).
   */
  private void waitForFiles(Live job, int index) {
    if (files.exhausted(inFlight)) {
      LOG.warn("out of file descriptors with " + inFlight + " fetches in flight: fewer run at once until"
          + " fetches succeed again, and the rest wait (raise ulimit -n for more)");
    }
    job.run.waitForFiles(index);
    requeueAfter(job, index, FILE_WAIT_MS);
  }

  /** Exponential backoff with jitter before the next attempt; the URL's slot is free meanwhile. */
  private void retryLater(Live job, int index, JsonObject fetched, Long retryAfterMs) {
    JobRun run = job.run;
    run.attemptFailed(index, fetched);
    long delay = RetryDelays.next(run.retriesUsed(index), settings.retryBaseMs(), settings.retryMaxMs(),
        retryAfterMs, java.util.concurrent.ThreadLocalRandom.current());
    requeueAfter(job, index, delay);
  }

  /** Queues the URL again after the delay (unless its run is over by then); its slot is free meanwhile. */
  private void requeueAfter(Live job, int index, long delayMs) {
    JobRun run = job.run;
    int generation = run.generation();
    vertx.setTimer(delayMs, t -> {
      if (!run.finished() && generation == run.generation()) {
        run.retryNow(index);
        advance(job);
      }
    });
    advance(job);
  }

  private static boolean fetcherVanished(Throwable failure) {
    return failure instanceof ReplyException re
        && (re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS);
  }

  private void publishResult(String jobId, JsonObject result) {
    metrics.urlFinished(result);
    bus().publish(Addresses.progress(jobId), result, RESULT_EVENT);
  }

  /** Publishes and stores the final report, answers a waiting submitter, then forgets the job. */
  private void finish(Live job) {
    String id = job.run.id();
    if (job.deadlineTimerId >= 0) {
      vertx.cancelTimer(job.deadlineTimerId);
    }
    openUrls -= job.run.spec().urls().size();
    if (liveJobs != null) {
      liveJobs.remove(id);
    }
    if (job.client != null) {
      jobsByClient.computeIfPresent(job.client, (client, n) -> n > 1 ? n - 1 : null);
    }
    // Encoded as the results came in: the store keeps these bytes, and the API sends them as they are.
    FinishedReport finished = job.run.finishedReport(System.nanoTime());
    job.finalReport = finished;
    metrics.jobEnded(job.run.state().wireName());
    if (LOG.isDebugEnabled()) {
      LOG.debug("job " + id + ": " + job.run.state().wireName() + ", " + finished.size() + " bytes of report");
    }
    // Each subscriber gets the report as a JsonObject of its own, parsed only if there is one.
    bus().publish(Addresses.progress(id), finished, DONE_EVENT);
    job.waiters.forEach(waiter -> answer(waiter, null, finished));
    job.waiters.clear();
    // The stored results are no longer needed (the control address answers with the report's bytes).
    job.run.dropResults();
    // The control address answers until the stored copy is readable, so no reader ever sees a gap.
    reports.put(id, finished, settings.jobTtlMs())
        .onFailure(e -> LOG.error("job " + id + ": report not stored: " + e.getMessage()))
        .onComplete(done -> {
          jobs.remove(id);
          // The control address lingers a little after the report is stored, so a request already
          // on its way (a wait sent just as the job finished) is still answered.
          vertx.setTimer(CONTROL_LINGER_MS, t -> job.control.unregister());
          if (done.succeeded()) {
            keepStoreBounded(id, job.run.spec().urls().size(), finished.size());
          }
        });
    // The job's URLs no longer count against the node's credit: let waiting jobs use it.
    pump();
  }

  /**
   * Drops this node's oldest stored reports once their URLs add up past {@code jobs.maxStoredUrls}
   * or their bytes past {@code jobs.maxStoredBytes} (the newest report is always kept).
   */
  private void keepStoreBounded(String id, int urls, long bytes) {
    stored.add(new StoredReport(id, urls, bytes));
    storedUrls += urls;
    storedBytes += bytes;
    while ((storedUrls > settings.maxStoredUrls() || storedBytes > maxStoredBytes) && stored.size() > 1) {
      StoredReport oldest = stored.poll();
      storedUrls -= oldest.urls();
      storedBytes -= oldest.bytes();
      reports.remove(oldest.id());
    }
  }

  /** {@code jobs.maxStoredBytes}, or a quarter of the heap when it is 0. */
  private static long storeBudget(long configured) {
    return configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 4;
  }
}
