package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.coordinator.UrlTable.UrlState;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a finished send means for its URL, the one rule of a URL's life ({@link UrlTable.UrlState}),
 * in order: an answer to a superseded send, or after the run, counts for nothing; a node without
 * fetchers yet gets the task again (not counted); a fetcher that vanished gets it again until
 * {@code maxDispatchAttempts} sends were used up, then the URL fails as {@code timeout}; a fetch
 * that found no file descriptor waits and goes again (not counted); a transient failure with
 * retries left backs off and goes again (unless it could not start before the deadline); anything
 * else is the URL's result. A URL queued again while the job closes gets its closing result, and
 * one of a host the job gave up on ({@code maxHostErrors}) gets {@code host_errors}, as do the
 * host's other URLs not sent yet. Each transition only updates the job's state and returns the
 * {@link Verdict} for the coordinator to carry out. Plain class, one per job.
 */
final class SendRule {

  private final Job job;
  private final RetryRules rules;
  private final HostHealth health;
  private final QueueClock queue;
  private final String node;
  /** URLs closed outside a send (their host given up on), for the coordinator to store: see {@link #takeClosed}. */
  private final List<Recorded> closed = new ArrayList<>();
  /** During a sequential run: the fetcher instance that answered last, and its node (else null). */
  private Pin pin;

  SendRule(Job job, RetryRules rules, HostHealth health, QueueClock queue, String node) {
    this.job = job;
    this.rules = rules;
    this.health = health;
    this.queue = queue;
    this.node = node;
  }

  /** Where a sequential run's next task goes: the fetcher that answered last (it keeps its connection), or null. */
  Pin pin() {
    return pin;
  }

  /** See the class comment; {@code generation} and {@code token} name the send that ended. */
  Verdict settle(int index, int generation, int token, SendOutcome outcome) {
    UrlTable table = job.table();
    if (job.finished() || generation != job.generation() || token != table.token(index)
        || table.state(index) != UrlState.IN_FLIGHT) {
      return Verdict.STALE;
    }
    Run run = job.currentRun();
    SendOutcome.Kind kind = outcome.kind();
    if (kind != SendOutcome.Kind.FETCHED || !job.inSequentialRun()) {
      pin = null;
    }
    switch (kind) {
      case NOT_READY, NODE_LEFT -> {
        run.resend(index, kind == SendOutcome.Kind.NODE_LEFT);
        return requeued(index);
      }
      case VANISHED, FAILED -> {
        if (kind == SendOutcome.Kind.VANISHED && table.resends(index) < rules.maxDispatchAttempts() - 1) {
          run.resend(index, true);
          return requeued(index);
        }
        return new Verdict.Completed(run.complete(index, Results.failure(ErrorKind.TIMEOUT,
            "no fetcher answered after " + table.attempts(index) + " attempts: " + outcome.detail(), null, node)));
      }
      default -> {
        return fetched(index, outcome);
      }
    }
  }

  /**
   * A paused URL's wait is over: it may be sent again ({@link Verdict#QUEUED_AGAIN}), or, once the
   * job closes, it gets its closing result; {@link Verdict#STALE} if its run ended meanwhile.
   */
  Verdict wake(int index, int generation) {
    if (job.finished() || generation != job.generation() || !job.currentRun().wake(index)) {
      return Verdict.STALE;
    }
    return requeued(index);
  }

  /** Results made outside a send (the URLs of a host given up on): the coordinator stores them. */
  List<Recorded> takeClosed() {
    if (closed.isEmpty()) {
      return List.of();
    }
    List<Recorded> taken = new ArrayList<>(closed);
    closed.clear();
    return taken;
  }

  private Verdict fetched(int index, SendOutcome outcome) {
    UrlTable table = job.table();
    Run run = job.currentRun();
    if (job.inSequentialRun()) {
      pin = new Pin(outcome.fetcher(), outcome.fetcherNode());
    }
    JsonObject result = outcome.fetched().result();
    if (!job.closing() && outcome.fetched().outOfFiles() && table.fileWaits(index) < rules.maxFileWaits()) {
      run.waitForFiles(index);
      return new Verdict.Pause(index, rules.fileWaitMs());
    }
    noteHost(index, result);
    int retries = job.spec().retries();
    boolean mayRetry = retries > 0 && table.retriesUsed(index) < retries && RetryRules.retriable(result);
    if (mayRetry && !job.closing() && !health.givenUp(job.urls().host(index))) {
      long delayMs = rules.backoffMs(table.retriesUsed(index) + 1, outcome.fetched().retryAfterMs());
      // One that could not start before the deadline keeps this attempt's result: the fetcher's
      // deadline timer can fire a moment before the coordinator's, and its timeout, retried, would
      // become "deadline passed before it could be retried".
      if (job.closer().beforeTheDeadline(System.nanoTime(), delayMs)) {
        run.backOff(index, RetryRules.attemptOf(table.attempts(index), result), result.getJsonArray(Results.HISTORY));
        return new Verdict.Pause(index, delayMs);
      }
    }
    return new Verdict.Completed(run.complete(index, result));
  }

  /**
   * A URL queued again (resend, retry) waits from now; while the job closes it gets its closing
   * result instead, and one of a host given up on gets {@code host_errors}.
   */
  private Verdict requeued(int index) {
    if (job.closing()) {
      job.currentRun().window().drainPending();
      return new Verdict.Completed(job.closer().resultBeforeStart(index));
    }
    String host = job.urls().host(index);
    if (health.givenUp(host)) {
      // The URL is back in the window (with any other of its host's): all are closed, it among them.
      return new Verdict.Completed(closeHost(host, index));
    }
    queue.ready(index, System.nanoTime());
    return Verdict.QUEUED_AGAIN;
  }

  /** A failed attempt may make the job give up on its host: its URLs not sent yet are closed. */
  private void noteHost(int index, JsonObject result) {
    String host = job.urls().host(index);
    if (health.ended(host, result)) {
      closeHost(host, -1);
    }
  }

  /**
   * The host's URLs not sent yet get their {@code host_errors} results: {@code requeued}'s is
   * returned (null if it was not among them), the others are left for {@link #takeClosed}.
   */
  private Recorded closeHost(String host, int requeued) {
    Run run = job.currentRun();
    Recorded own = null;
    for (int index : run.window().drainHost(host)) {
      Recorded recorded = run.record(index, health.notTried(host, node), 0);
      if (index == requeued) {
        own = recorded;
      } else {
        closed.add(recorded);
      }
    }
    return own;
  }
}
