package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.Results;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends the jobs' tasks to fetchers and tracks every send until it is settled. It holds the node's
 * credit (fetches in flight on this node, all jobs together, under the {@link FileBudget}'s cap),
 * serves the jobs that have tasks round-robin, one task each in turn, and sends what one pump picked
 * as one batch per fetcher ({@link Outbox}). A send is settled exactly once: its result came, its batch
 * found no fetcher, it is overdue (its fetcher is presumed gone), or its node left the cluster; the
 * {@link Listener} then decides what that means for the job. Plain class: the event bus is behind
 * {@link Transport}.
 */
final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** Nothing starts within this of a job's deadline: a fetcher's deadline timer may fire a little early. */
  private static final long DEADLINE_SLACK_NANOS = 20_000_000;

  /** How batches leave. {@code onFailure} runs if no fetcher took the batch (known only across nodes). */
  interface Transport {
    void send(String address, fanfetch.protocol.TaskBatch batch, Consumer<Throwable> onFailure);
  }

  /** The coordinator's side: what a settled send means, a job whose deadline is due, one that must wait. */
  interface Listener {
    void settled(Send send, SendOutcome outcome);

    void deadlineDue(Job job);

    /** The job has nothing it may send now, though it has URLs left (they wait for a token or the node). */
    void mustWait(Job job);
  }

  /** One send of a task, awaiting its result; {@code node} is where it went (null: any fetcher of this node). */
  record Send(Job job, int index, int generation, int token, String node, long replyDeadlineNanos) {
  }

  private final Transport transport;
  private final Listener listener;
  private final FileBudget files;
  private final Members members;
  private final long replyMarginMs;
  /** Every send awaiting its result, by send id: removing one settles it, so its credit comes back once. */
  private final Map<Long, Send> sends = new HashMap<>();
  private final ArrayDeque<Job> ready = new ArrayDeque<>();
  private final Set<Job> queued = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Outbox outbox;
  /** While above zero, tasks picked are kept in the {@link Outbox} and sent when the stretch ends. */
  private int held;
  private long nextSendId;
  private String resultsAddress;
  /** When the node's in-flight credit last ran out while jobs had tasks waiting (0: never). */
  private long nodeFullAt;

  Dispatcher(Transport transport, Listener listener, FileBudget files, Members members, int fetcherInstances,
             long replyMarginMs) {
    this.transport = transport;
    this.listener = listener;
    this.files = files;
    this.members = members;
    this.outbox = new Outbox(fetcherInstances);
    this.replyMarginMs = replyMarginMs;
  }

  /** Where the fetchers are to send results. */
  void resultsTo(String address) {
    resultsAddress = address;
  }

  /** Fetches in flight on this node: the sends not settled yet. */
  int inFlight() {
    return sends.size();
  }

  Members members() {
    return members;
  }

  /** The job may have tasks to send: it joins the round-robin (once) and gets its turn. */
  void offer(Job job) {
    if (queued.add(job)) {
      ready.add(job);
    }
    if (held == 0) {
      pump();
    }
  }

  /** Runs {@code work} (which may settle many sends), then sends the tasks it freed as few batches as possible. */
  void held(Runnable work) {
    held++;
    try {
      work.run();
    } finally {
      if (--held == 0) {
        pump();
      }
    }
  }

  private void pump() {
    held++;
    try {
      long now = System.nanoTime();
      while (!ready.isEmpty()) {
        if (sends.size() >= files.cap()) {
          nodeFullAt = now;
          break;
        }
        Job job = ready.poll();
        long deadline = job.closer().deadlineAtNanos();
        if (deadline != 0 && deadline - now < DEADLINE_SLACK_NANOS) {
          queued.remove(job);
          listener.deadlineDue(job);
          continue;
        }
        int index = job.nextTask(now);
        if (index < 0) {
          queued.remove(job);
          listener.mustWait(job);
          continue;
        }
        ready.add(job);
        dispatch(job, index, now);
      }
    } finally {
      held--;
    }
    if (held == 0 && !outbox.isEmpty()) {
      for (Outbox.Batch out : outbox.drain(resultsAddress)) {
        transport.send(out.address(), out.batch(), failure -> batchFailed(out.batch().tasks(), failure));
      }
    }
  }

  private void dispatch(Job job, int index, long now) {
    // A sequential run stays on the fetcher that answered last, so it reuses one connection per host.
    Pin pin = job.inSequentialRun() ? job.pin() : null;
    String node = pin != null ? pin.node() : members.next();
    int token = job.sent(index, now, nodeFullAt);
    long deadline = job.closer().deadlineAtNanos();
    long deadlineLeftMs = deadline == 0 ? 0 : Math.max(1, (deadline - now) / 1_000_000);
    long timeoutMs = job.spec().timeoutMs();
    // A fetcher always answers within its time limit; past that plus a margin it is presumed gone.
    long limitMs = deadlineLeftMs > 0 ? Math.min(timeoutMs, deadlineLeftMs) : timeoutMs;
    long sendId = ++nextSendId;
    sends.put(sendId, new Send(job, index, job.generation(), token, node,
        now + (limitMs + replyMarginMs) * 1_000_000));
    String address = pin != null ? pin.fetcher() : node != null ? Addresses.fetchersOf(node) : Addresses.FETCH;
    outbox.add(address, FetchTask.of(sendId, job.id(), index, job.urls().url(index), job.spec(), deadlineLeftMs,
            job.table().attempts(index)),
        job.urls().takeParsed(index));
  }

  /** A fetcher's results: each settles its send (unless it was settled already, and so counts no more). */
  void onResults(ResultBatch batch) {
    held(() -> {
      for (ResultBatch.Entry entry : batch.results()) {
        Send send = sends.remove(entry.sendId());
        if (send != null) {
          noteFiles(entry);
          listener.settled(send, SendOutcome.fetched(entry, batch.fetcher(), entry.result().getString(Results.NODE)));
        }
      }
    });
  }

  /** What a result says about the node's file descriptors: the budget shrinks when out, grows when not. */
  private void noteFiles(ResultBatch.Entry entry) {
    if (!entry.outOfFiles()) {
      files.succeeded();
    } else if (files.exhausted(sends.size())) {
      LOG.warn("out of file descriptors with " + sends.size() + " fetches in flight: fewer run at once until"
          + " fetches succeed again, and the rest wait (raise ulimit -n for more)");
    }
  }

  /** A batch was not taken by any fetcher (none there, or gone): each of its tasks is settled as such. */
  private void batchFailed(List<FetchTask> tasks, Throwable failure) {
    held(() -> {
      for (FetchTask task : tasks) {
        Send send = sends.remove(task.sendId());
        if (send != null) {
          SendOutcome outcome = SendOutcome.undelivered(failure, send.node() != null);
          if (outcome.kind() == SendOutcome.Kind.NOT_READY) {
            members.notReady(send.node());
          }
          listener.settled(send, outcome);
        }
      }
    });
  }

  /** Sends whose result is overdue: their fetcher is presumed gone (it would have answered by now). */
  void sweep(long nowNanos) {
    List<Send> overdue = settleWhere(send -> nowNanos - send.replyDeadlineNanos() > 0);
    String why = "no result within the fetch's time limit and " + replyMarginMs + " ms";
    held(() -> overdue.forEach(send -> listener.settled(send, SendOutcome.failed(SendOutcome.Kind.VANISHED, why))));
  }

  /**
   * A cluster member left (killed, say): every task sent there goes out again at once, to live
   * members, instead of waiting to be overdue.
   *
   * @return how many sends it held
   */
  int onNodeLeft(String nodeId) {
    members.remove(nodeId);
    List<Send> lost = settleWhere(send -> nodeId.equals(send.node()));
    held(() -> lost.forEach(send -> listener.settled(send, SendOutcome.failed(SendOutcome.Kind.NODE_LEFT,
        "cluster node " + nodeId + " left"))));
    return lost.size();
  }

  private List<Send> settleWhere(java.util.function.Predicate<Send> which) {
    List<Send> matched = new ArrayList<>();
    sends.values().removeIf(send -> {
      if (which.test(send)) {
        matched.add(send);
        return true;
      }
      return false;
    });
    return matched;
  }
}
