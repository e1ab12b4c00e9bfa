package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.coordinator.UrlTable.UrlState;
import fanfetch.model.ErrorKind;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
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
  private final RunSequence runs = new RunSequence();
  private Run run;
  private State state = State.QUEUED;
  /** Whether, why and when the job closes its open URLs (every one gets a result of that kind). */
  private final JobClosing closing = new JobClosing();
  private boolean stopped;
  /** During a sequential run: the fetcher instance that answered last, and its node (else null). */
  private Pin pin;
  /** How often another node took the job over (or the same node, restarted). */
  private int coordinatorChanges;
  private final NodeLimits nodeLimits;
  private final QueueClock queue = new QueueClock();
  private final HostHealth health;

  /**
   * What the node adds to a job's own limits: the node-wide per-host cap (shared by all its jobs)
   * and the two node limits' values, for {@code heldBackBy}.
   */
  record NodeLimits(HostGate gate, int inFlight, int perHost) {
    static final NodeLimits NONE = new NodeLimits(HostGate.NONE, 0, 0);
  }

  /** A fetcher instance's own address and the cluster node it runs on. */
  record Pin(String fetcher, String node) {
  }

  /** @param urlCount how many URLs the job has (the spec's list may be empty: they are in the store) */
  Job(String id, JobSpec spec, int urlCount, String node, Instant createdAt, RetryRules rules) {
    this(id, spec, urlCount, node, createdAt, rules, NodeLimits.NONE);
  }

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

  boolean closing() {
    return closing.closing();
  }

  boolean expired() {
    return closing.expired();
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
    return run.number();
  }

  RunSequence runs() {
    return runs;
  }

  Run currentRun() {
    return run;
  }

  /** {@link System#nanoTime()} of the job's deadline, or 0 for none. */
  long deadlineAtNanos() {
    return closing.deadlineAtNanos();
  }

  UrlTable table() {
    return table;
  }

  /** URLs of the current run waiting to be sent (not in flight, no result yet). */
  long waiting() {
    return finished() ? 0 : table.size() - table.count(UrlState.DONE) - table.count(UrlState.IN_FLIGHT);
  }

  /** The fetcher a sequential run's next task goes to (the one that answered last), or null. */
  Pin pin() {
    return pin;
  }

  /** What the job adds to its results and its report. */
  JobLabels labels() {
    return labels;
  }

  /** Results the job made outside a send (its URLs of a host given up on): the coordinator stores them. */
  List<Recorded> takeClosed() {
    return sendRule.takeClosed();
  }

  /** When a URL held by its host's rate may go ({@link Long#MAX_VALUE}: none is). */
  long nextTokenAt() {
    return run.window().nextTokenAt();
  }

  /** Whether a URL waits for a node-wide per-host slot (another job must release one first). */
  boolean waitsForTheNode() {
    return run.window().waitsForTheNode();
  }

  /** The URLs as submitted (and parsed), for the fetchers. */
  UrlChunks urls() {
    return urls;
  }

  /** Starts the (first) run. Its URLs come as their chunks load. */
  void start(long nanos, Instant now) {
    runs.started(now, spec.mode() != JobSpec.Mode.PARALLEL);
    if (spec.deadlineMs() > 0) {
      closing.deadline(nanos, spec.deadlineMs());
    }
    beginRun(nanos);
  }

  /**
   * Goes on with a job another coordinator ran: in run {@code runNumber}, begun {@code runAgoMs}
   * ago; the URLs that have a result are marked done as {@link #alreadyDone} reports them.
   */
  void resume(long nanos, Instant startedAt, int runNumber, double runAgoMs, long deadlineInMs,
              JsonObject sequentialBlock, double sequentialMs, int changes) {
    coordinatorChanges = changes;
    runs.started(startedAt, spec.mode() != JobSpec.Mode.PARALLEL && runNumber == 1);
    if (runNumber == 2) {
      runs.begin();
      runs.sequentialEnded(sequentialMs, sequentialBlock);
    }
    if (deadlineInMs != Long.MIN_VALUE) {
      closing.deadline(nanos, deadlineInMs);
    }
    state = State.RUNNING;
    beginRun(nanos - (long) (runAgoMs * 1_000_000));
  }

  /** A result the store already has for this run. */
  void alreadyDone(fanfetch.store.StoredResult stored) {
    run.alreadyDone(stored.index(), stored);
  }

  private void beginRun(long nanos) {
    int number = runs.begin();
    boolean one = runs.sequential();
    urls.restart();
    run = new Run(number, table, new TaskWindow(urls::host, one ? 1 : spec.concurrency(), one ? 1 : spec.perHost(),
        spec.politeness().perHostRate(), nodeLimits.gate()), labels, nanos);
    queue.begin(nanos, one);
  }

  /** The next chunk of URLs to load now (it is marked as loading), or -1 when none is wanted: see {@link ChunkFeed}. */
  int nextChunkToLoad() {
    return chunks.nextToLoad();
  }

  /** A chunk of URLs loaded for run {@code generation}: see {@link ChunkFeed#loaded}. */
  List<Recorded> chunkLoaded(int generation, int chunk, List<String> chunkUrls) {
    return chunks.loaded(generation, chunk, chunkUrls);
  }

  /** A chunk could not be loaded: it is asked for again. */
  void chunkFailed(int generation) {
    chunks.failed(generation);
  }

  /** The next URL to send now, or -1. */
  int nextTask() {
    return nextTask(System.nanoTime());
  }

  int nextTask(long nowNanos) {
    return finished() || closing() || stopped ? -1 : run.next(nowNanos);
  }

  /** Nothing more is sent (the node is shutting down); what is in flight finishes. */
  void stopSending() {
    stopped = true;
  }

  /** The URL {@link #nextTask()} chose was sent. Returns the send's token. */
  int sent(int index, long nanos) {
    return sent(index, nanos, 0);
  }

  /** @param nodeFullAt when the node's in-flight credit last ran out with work waiting (0: never) */
  int sent(int index, long nanos, long nodeFullAt) {
    state = State.RUNNING;
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

  /** Whether something that starts {@code delayMs} after {@code nowNanos} starts before the job's deadline. */
  boolean beforeTheDeadline(long nowNanos, long delayMs) {
    return closing.beforeTheDeadline(nowNanos, delayMs);
  }

  void pinTo(Pin fetcher) {
    pin = fetcher;
  }

  /** The result of a URL the job closes before it started: cancelled, or past the deadline. */
  Recorded closingResult(int index) {
    return closing.cancelled()
        ? run.record(index, Results.failure(ErrorKind.CANCELLED, "job cancelled before this URL started", null, node), 0)
        : run.expiredBeforeStart(index, node);
  }

  /** Every URL of the run has its result. */
  boolean runComplete() {
    return run.complete();
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
    if (!runs.sequential() || spec.mode() != JobSpec.Mode.COMPARE) {
      return false;
    }
    double durationMs = run.sinceStart(closing.runEndNanos(run.startNanos(), nanos));
    runs.sequentialEnded(durationMs, ReportBuilder.runBlock(run.totals().totals(), durationMs));
    beginRun(nanos);
    return true;
  }

  /**
   * The job's deadline passed: nothing more is sent, and every URL not being fetched right now gets
   * a {@code timeout} result (those not loaded yet as their chunks load); URLs in flight stop by
   * themselves (their fetcher has the same deadline).
   *
   * @return the new results
   */
  List<Recorded> expire(long nanos) {
    return closing.expire(nanos) ? run.expireWaiting(node) : List.of();
  }

  /** After the deadline's grace: URLs whose fetch did not stop are closed as {@code timeout}. */
  List<Recorded> expireInFlight(long nanos) {
    return run.expireInFlight(nanos, node);
  }

  /**
   * Cancels the job: every URL without a result gets a {@code cancelled} one (those not loaded yet
   * as their chunks load; the job is finished once all have one).
   *
   * @return the new results
   */
  List<Recorded> cancel(long nanos) {
    return closing.cancel(nanos) ? run.cancelOpen(nanos, node) : List.of();
  }

  /** The state a job ends in: cancelled if it was, else done. */
  State endState() {
    return closing.cancelled() ? State.CANCELLED : State.DONE;
  }

  /** When the job's run ended: a cancelled one at the cancel, not when its last chunk was closed. */
  long endNanos(long nowNanos) {
    return closing.runEndNanos(run.startNanos(), nowNanos);
  }

  void finish(State finalState, long nanos, Instant now) {
    state = finalState;
    runs.ended(nanos, now);
  }

  /** Once finished: nothing of its URLs is kept. */
  void release() {
    run.window().releaseAll();
    urls.release();
  }

  /** The report's head (everything but the results, which the store has), as of now. */
  JsonObject head(long nowNanos) {
    double durationMs = state == State.QUEUED ? 0 : run.sinceStart(runs.measuredTo(nowNanos));
    return ReportBuilder.head(this, runs, run.totals().totals(), durationMs);
  }
}
