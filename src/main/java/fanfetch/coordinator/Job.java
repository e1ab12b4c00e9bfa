package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.model.JobSpec;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One job's state, owned by its coordinator: its runs ({@code compare} mode runs the job
 * sequentially, then in parallel), the current {@link Run}, and the URL chunks the run is working
 * through ({@link UrlChunks}). Every change is a method here that only updates state and returns
 * what the coordinator must do. The rule for what a finished send means is {@link SendRule}; how
 * the job closes (cancelled, or past its deadline) is {@link JobClosing}; what it adds to each
 * result is {@link JobLabels}; the URLs come a chunk at a time ({@link ChunkFeed}). Results leave
 * as {@link Recorded}s for the coordinator to store. Plain class: the caller supplies the clock.
 */
final class Job {

  enum State {
    QUEUED, RUNNING, DONE, CANCELLED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final JobSpec spec;
  private final String node;
  private final Instant createdAt;
  private final UrlChunks urls;
  private final SendRule sendRule;
  private final JobLabels labels;
  private final ChunkFeed chunks;
  private final UrlTable table;
  private final RunSequence runs = new RunSequence(this::newRun);
  private State state = State.QUEUED;
  /** Whether, why and when the job closes its open URLs (every one gets a result of that kind). */
  private final JobClosing closing;
  private boolean stopped;
  /** How often another node took the job over (or the same node, restarted). */
  private int coordinatorChanges;
  private final NodeLimits nodeLimits;
  private final QueueClock queue = new QueueClock();
  private final HostHealth health;

  /** @param urlCount how many URLs the job has (the spec's list may be empty: they are in the store) */
  Job(String id, JobSpec spec, int urlCount, String node, Instant createdAt, RetryRules rules, NodeLimits nodeLimits) {
    this.nodeLimits = nodeLimits;
    this.health = new HostHealth(spec.politeness().maxHostErrors());
    this.id = id;
    this.spec = spec;
    this.node = node;
    this.createdAt = createdAt;
    this.sendRule = new SendRule(this, rules, health, queue, node);
    this.urls = new UrlChunks(urlCount);
    this.labels = new JobLabels(spec, urls, runs, queue, nodeLimits);
    this.chunks = new ChunkFeed(this, health, node);
    this.table = new UrlTable(urlCount);
    this.closing = new JobClosing(node, runs::current);
  }

  String id() {
    return id;
  }

  JobSpec spec() {
    return spec;
  }

  State state() {
    return state;
  }

  boolean finished() {
    return state == State.DONE || state == State.CANCELLED;
  }

  /** Whether the job is closing: cancelled, or past its deadline. */
  boolean closing() {
    return closing.underway();
  }

  /** How the job closes (cancelled, or past its deadline), and the results closing gives its open URLs. */
  JobClosing closer() {
    return closing;
  }

  Instant createdAt() {
    return createdAt;
  }

  int coordinatorChanges() {
    return coordinatorChanges;
  }

  int urlCount() {
    return urls.size();
  }

  /** True while the job runs one URL at a time (sequential mode, or compare mode's first run). */
  boolean inSequentialRun() {
    return runs.sequential();
  }

  /** Changes whenever a new run starts, so answers from an earlier run can be told apart. */
  int generation() {
    return runs.generation();
  }

  /** 1 for the job's first run, 2 for compare mode's parallel run. */
  int runNumber() {
    return runs.current().number();
  }

  RunSequence runs() {
    return runs;
  }

  Run currentRun() {
    return runs.current();
  }

  UrlTable table() {
    return table;
  }

  /** The fetcher a sequential run's next task goes to (the one that answered last), or null. */
  Pin pin() {
    return sendRule.pin();
  }

  /** What the job adds to its results and its report. */
  JobLabels labels() {
    return labels;
  }

  /** Results the job made outside a send (its URLs of a host given up on): the coordinator stores them. */
  List<Recorded> takeClosed() {
    return sendRule.takeClosed();
  }

  /** The URLs as submitted (and parsed), for the fetchers. */
  UrlChunks urls() {
    return urls;
  }

  /** Starts the (first) run. Its URLs come as their chunks load. */
  void start(long nanos, Instant now) {
    if (spec.deadlineMs() > 0) {
      closing.deadline(nanos, spec.deadlineMs());
    }
    runs.start(now, spec.mode() != JobSpec.Mode.PARALLEL, nanos);
  }

  /**
   * Goes on with a job another coordinator ran: in run {@code runNumber}, begun {@code runAgoMs}
   * ago; the URLs that have a result are marked done as the store reports them ({@link Run#alreadyDone}).
   */
  void resume(long nanos, Instant startedAt, int runNumber, double runAgoMs, long deadlineInMs,
              JsonObject sequentialBlock, double sequentialMs, int changes) {
    coordinatorChanges = changes;
    if (deadlineInMs != Long.MIN_VALUE) {
      closing.deadline(nanos, deadlineInMs);
    }
    state = State.RUNNING;
    runs.resume(startedAt, spec.mode() != JobSpec.Mode.PARALLEL, runNumber, sequentialMs, sequentialBlock,
        nanos - (long) (runAgoMs * 1_000_000));
  }

  /** Run {@code number} over the job's URLs: one at a time when {@code one}, else within the job's limits. */
  private Run newRun(int number, boolean one, long nanos) {
    urls.restart();
    Run run = new Run(number, table, new TaskWindow(urls::host, one ? 1 : spec.concurrency(), one ? 1 : spec.perHost(),
        spec.politeness().perHostRate(), nodeLimits.gate()), labels, nanos);
    queue.begin(nanos, one);
    return run;
  }

  /** Which URL chunks load next, and what each URL becomes as it loads. */
  ChunkFeed chunks() {
    return chunks;
  }

  /** The next URL to send now, or -1. */
  int nextTask(long nowNanos) {
    return finished() || closing() || stopped ? -1 : runs.current().next(nowNanos);
  }

  /** Nothing more is sent (the node is shutting down); what is in flight finishes. */
  void stopSending() {
    stopped = true;
  }

  /**
   * The URL {@link #nextTask} chose was sent. Returns the send's token.
   *
   * @param nodeFullAt when the node's in-flight credit last ran out with work waiting (0: never) */
  int sent(int index, long nanos, long nodeFullAt) {
    state = State.RUNNING;
    Run run = runs.current();
    queue.sent(index, nanos, run.window().heldBy(index), nodeFullAt, run.window().fullAt());
    return run.send(index, nanos);
  }

  /** What a finished send means: see {@link SendRule}. */
  Verdict settle(int index, int generation, int token, SendOutcome outcome) {
    return sendRule.settle(index, generation, token, outcome);
  }

  /** A paused URL's wait is over: see {@link SendRule#wake}. */
  Verdict wake(int index, int generation) {
    return sendRule.wake(index, generation);
  }

  /** Every URL of the run has its result. */
  boolean runComplete() {
    return runs.current().complete();
  }

  /**
   * After a run completes: in compare mode the sequential run is followed by the parallel one. It
   * follows even when the job was cancelled or its deadline passed during the sequential run: then
   * each of its URLs is closed as it loads (cancelled, or timed out before it started), so the
   * report keeps its shape, top-level results being the parallel run's.
   *
   * @return false when the job is complete
   */
  boolean nextRun(long nanos) {
    return runs.next(spec.mode() == JobSpec.Mode.COMPARE, closing.runEndNanos(nanos), nanos);
  }

  void finish(State finalState, long nanos, Instant now) {
    state = finalState;
    runs.ended(nanos, now);
  }

  /** Once finished: nothing of its URLs is kept. */
  void release() {
    runs.current().window().releaseAll();
    urls.release();
  }

  /** The report's head (everything but the results, which the store has), as of now. */
  JsonObject head(long nowNanos) {
    double durationMs = state == State.QUEUED ? 0 : runs.durationMs(nowNanos);
    return ReportBuilder.head(this, runs, runs.current().totals().totals(), durationMs);
  }
}
