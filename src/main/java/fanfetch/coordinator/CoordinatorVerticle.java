package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.model.Addresses;
import fanfetch.model.ErrorKind;
import fanfetch.model.FetchTask;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobIds;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.model.Results;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

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

  private final Map<String, Live> jobs = new HashMap<>();
  /** Jobs that may have a task to dispatch, served round-robin. */
  private final ArrayDeque<Live> ready = new ArrayDeque<>();
  private Settings settings;
  private JobSpecParser parser;
  private AsyncMap<String, JsonObject> reports;
  private String node;
  private int inFlight;

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

    Live(JobRun run) {
      this.run = run;
    }
  }

  @Override
  public Future<?> start() {
    settings = Settings.from(config());
    parser = new JobSpecParser(settings.defaults(), settings.limits());
    node = config().getString("node", "local");
    MessageConsumer<JsonObject> submissions = vertx.eventBus().consumer(Addresses.JOBS, this::onSubmit);
    return vertx.sharedData().<String, JsonObject>getAsyncMap(Addresses.REPORTS_MAP)
        .onSuccess(map -> reports = map)
        .compose(map -> submissions.completion());
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
    Live job = new Live(new JobRun(JobIds.next(), spec, node, Instant.now()));
    String id = job.run.id();
    jobs.put(id, job);
    job.control = bus().consumer(Addresses.control(id), control -> onControl(job, control));
    // The control address must exist before anyone learns the id, or a GET right after could miss it.
    job.control.completion().onComplete(registered -> {
      if (Addresses.REPLY_ACCEPTED.equals(message.headers().get(Addresses.REPLY_HEADER))) {
        message.reply(new JsonObject().put("id", id).put("state", job.run.state().wireName()));
      } else {
        job.waiters.add(message);
      }
      LOG.debug("job " + id + ": accepted, " + spec.urls().size() + " URLs, mode " + spec.mode().wireName());
      List<JsonObject> known = job.run.start(System.nanoTime(), Instant.now());
      known.forEach(result -> publishResult(id, result));
      advance(job);
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
    message.reply(job.run.report(System.nanoTime()));
  }

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

  /** Dispatches tasks while the node has credit, one task per ready job in turn. */
  private void pump() {
    while (inFlight < settings.limits().maxInFlight() && !ready.isEmpty()) {
      Live job = ready.poll();
      int index = job.run.nextTask();
      if (index < 0) {
        job.queued = false;
        continue;
      }
      ready.add(job);
      dispatch(job, index);
    }
  }

  private void dispatch(Live job, int index) {
    JobRun run = job.run;
    JobSpec spec = run.spec();
    run.dispatched(index, System.nanoTime());
    inFlight++;
    int generation = run.generation();
    FetchTask task = FetchTask.of(run.id(), index, spec.urls().get(index), spec);
    // A fetcher always answers within timeoutMs; past that plus a margin it is presumed gone.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(spec.timeoutMs() + settings.replyMarginMs());
    String address = run.inSequentialRun() && job.stickyFetcher != null ? job.stickyFetcher : Addresses.FETCH;
    bus().<JsonObject>request(address, task.toJson(), options)
        .onComplete(reply -> onReply(job, index, generation, reply));
  }

  private void onReply(Live job, int index, int generation, AsyncResult<Message<JsonObject>> reply) {
    inFlight--;
    JobRun run = job.run;
    if (run.finished() || generation != run.generation()) {
      pump();
      return;
    }
    JsonObject fetched;
    if (reply.succeeded()) {
      fetched = reply.result().body();
      job.stickyFetcher = run.inSequentialRun() ? reply.result().headers().get(Addresses.FETCHER_HEADER) : null;
    } else if (fetcherVanished(reply.cause()) && run.attempts(index) < settings.maxDispatchAttempts()) {
      LOG.debug("job " + run.id() + ": task " + index + " re-sent after " + reply.cause().getMessage());
      job.stickyFetcher = null;
      run.retry(index);
      advance(job);
      return;
    } else {
      fetched = Results.failure(ErrorKind.TIMEOUT, "no fetcher answered after " + run.attempts(index)
          + " attempts: " + reply.cause().getMessage(), null, node);
    }
    if (reply.succeeded() && run.shouldRetry(index, fetched)) {
      retryLater(job, index, fetched);
      return;
    }
    publishResult(run.id(), run.complete(index, fetched));
    advance(job);
  }

  /** Exponential backoff with jitter before the next attempt; the URL's slot is free meanwhile. */
  private void retryLater(Live job, int index, JsonObject fetched) {
    JobRun run = job.run;
    run.attemptFailed(index, fetched);
    long delay = RetryDelays.next(run.retriesUsed(index), settings.retryBaseMs(), settings.retryMaxMs(),
        fetched.getLong(Results.RETRY_AFTER_MS), java.util.concurrent.ThreadLocalRandom.current());
    int generation = run.generation();
    vertx.setTimer(delay, t -> {
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
    bus().publish(Addresses.progress(jobId), result,
        new DeliveryOptions().addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_RESULT));
  }

  /** Publishes and stores the final report, answers a waiting submitter, then forgets the job. */
  private void finish(Live job) {
    String id = job.run.id();
    JsonObject report = job.run.report(System.nanoTime());
    LOG.debug("job " + id + ": " + report.getString("state") + " in " + report.getValue("durationMs") + " ms");
    bus().publish(Addresses.progress(id), report,
        new DeliveryOptions().addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_DONE));
    job.waiters.forEach(waiter -> waiter.reply(report));
    job.waiters.clear();
    // The control address answers until the stored copy is readable, so no reader ever sees a gap.
    reports.put(id, report, settings.jobTtlMs())
        .onFailure(e -> LOG.error("job " + id + ": report not stored: " + e.getMessage()))
        .onComplete(stored -> {
          job.control.unregister();
          jobs.remove(id);
        });
  }
}
