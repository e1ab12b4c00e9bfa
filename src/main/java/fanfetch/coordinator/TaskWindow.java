package fanfetch.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A job's window: which task may be dispatched next, keeping at most {@code concurrency} in flight
 * (the caller's count, passed to {@link #next}) and what each host allows ({@link HostQueues}: a
 * per-host cap, a per-host rate, the node's share of a host). Tasks go out in input order; a task
 * whose host may not take it now waits in that host's queue and re-enters, still in order, when
 * the host can: a slot frees, a token comes, the node has room. Pure: the caller passes the time.
 */
final class TaskWindow {

  /** Why a task waited although the job's window had room. */
  enum Hold {
    PER_HOST("perHost"), RATE("rate"), NODE_PER_HOST("nodePerHost");

    final String wireName;

    Hold(String wireName) {
      this.wireName = wireName;
    }
  }

  private final IntFunction<String> hostOf;
  private final int concurrency;
  private final HostQueues hosts;
  /** Tasks appended and not yet looked at, in ascending index order. */
  private final ArrayDeque<Integer> untouched = new ArrayDeque<>();
  /** Tasks that may go before the untouched ones: retries and tasks released from a host queue. */
  private final PriorityQueue<Integer> ready = new PriorityQueue<>();
  private final IntConsumer toReady = ready::add;
  /** Tasks held back at some point while waiting, and why (the latest hold), until they go. */
  private final Map<Integer, Hold> held = new HashMap<>();
  /** When {@link #next} last found the job's {@code concurrency} in flight with tasks waiting (0: never). */
  private long fullAt;

  /**
   * @param hostOf the host key of a task index (asked only for tasks appended and not finished)
   * @param rate   requests a second per host, 0 for no limit
   */
  TaskWindow(IntFunction<String> hostOf, int concurrency, int perHost, double rate, HostGate gate) {
    this.hostOf = hostOf;
    this.concurrency = concurrency;
    this.hosts = new HostQueues(hostOf, perHost, rate, gate);
  }

  /** A task the window may schedule, after every task appended before it (indices ascending). */
  void append(int index) {
    untouched.add(index);
  }

  /** Tasks not dispatched yet: untouched, ready again, or waiting for their host. */
  int pending() {
    return untouched.size() + ready.size() + hosts.waiting();
  }

  /**
   * The next task to dispatch (the caller sends it at once), or -1 when none can go now.
   *
   * @param inFlight  the job's tasks in flight now
   * @param nowNanos  the time (for the rate limit)
   */
  int next(int inFlight, long nowNanos) {
    hosts.releaseHeldElsewhere(nowNanos, toReady);
    while (inFlight < concurrency) {
      boolean fromReady = !ready.isEmpty() && (untouched.isEmpty() || ready.peek() < untouched.peek());
      int index;
      if (fromReady) {
        index = ready.poll();
      } else if (!untouched.isEmpty()) {
        index = untouched.poll();
      } else {
        return -1;
      }
      Hold hold = hosts.admit(index, nowNanos);
      if (hold == null) {
        return index;
      }
      held.put(index, hold);
    }
    if (pending() > 0) {
      fullAt = nowNanos;
    }
    return -1;
  }

  /** When the job last had {@code concurrency} in flight with tasks waiting to go (0: never). */
  long fullAt() {
    return fullAt;
  }

  /** What held the task back while it waited (its latest hold), or null; asked once, when it goes. */
  Hold heldBy(int index) {
    return held.remove(index);
  }

  /**
   * When a task held by the rate limit may go, in nanoseconds ({@link Long#MAX_VALUE} if none
   * waits for a token): the caller looks again then.
   */
  long nextTokenAt() {
    return hosts.nextTokenAt();
  }

  /** Whether a task waits for a slot the node gives (a job elsewhere must release one first). */
  boolean waitsForTheNode() {
    return hosts.waitsForTheNode();
  }

  /** A dispatched task left flight (finished, or paused): its host's slot is free again. */
  void released(int index) {
    hosts.released(index, toReady);
  }

  /** The job ends with tasks in flight (taken over, say): every node-wide slot they held is given back. */
  void releaseAll() {
    hosts.releaseAll();
  }

  /** A dispatched task must run again (its fetcher vanished): it goes ahead of untouched tasks. */
  void requeue(int index) {
    released(index);
    ready.add(index);
  }

  /**
   * A task that left the window to wait (a retry's backoff) wants to run again: it queues ahead of
   * untouched tasks. Its slot was already freed by {@link #released(int)}.
   */
  void enqueue(int index) {
    ready.add(index);
  }

  /** Removes and returns every task not yet dispatched (for cancel). */
  List<Integer> drainPending() {
    List<Integer> pending = new ArrayList<>(ready);
    ready.clear();
    hosts.drainAll(pending);
    pending.addAll(untouched);
    untouched.clear();
    held.clear();
    return pending;
  }

  /** Removes and returns every task of one host not yet dispatched (the job gave up on the host). */
  List<Integer> drainHost(String name) {
    List<Integer> pending = new ArrayList<>();
    hosts.drainHost(name, pending);
    removeOfHost(name, untouched, pending);
    removeOfHost(name, ready, pending);
    pending.forEach(held::remove);
    return pending;
  }

  private void removeOfHost(String name, Collection<Integer> tasks, List<Integer> into) {
    for (var it = tasks.iterator(); it.hasNext(); ) {
      int index = it.next();
      if (name.equals(hostOf.apply(index))) {
        into.add(index);
        it.remove();
      }
    }
  }
}
