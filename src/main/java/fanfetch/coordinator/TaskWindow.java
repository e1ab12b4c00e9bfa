package fanfetch.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A job's window: which task may be dispatched next, keeping at most {@code concurrency} in flight
 * (the caller's count, passed to {@link #next}), at most {@code perHost} per host, at most
 * {@code perHostRate} requests a second per host (a token bucket with a small burst), and no more
 * than the node allows one host across all jobs ({@link HostGate}). Tasks go out in input order; a
 * task whose host may not take it now waits in that host's queue and re-enters, still in order,
 * when the host can: a slot frees, a token comes, the node has room. Pure: the caller passes the time.
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

  /** One host as this job sees it. */
  private static final class Host {
    int inFlight;
    /** Tasks waiting for this host, by index: one sent back here keeps its place. */
    final PriorityQueue<Integer> waiting = new PriorityQueue<>();
    /** Why the head of {@link #waiting} waits (null while none does). */
    Hold hold;
    /** Its rate for this job (null: no rate limit). */
    TokenBucket rate;
  }

  private final IntFunction<String> hostOf;
  private final int concurrency;
  private final int perHost;
  /** Tokens a second per host (0: no rate limit), and how many may gather. */
  private final double rate;
  private final double burst;
  private final HostGate gate;
  private final Map<String, Host> hosts = new HashMap<>();
  /** Hosts whose waiting tasks wait for time (a token) or the node (a slot), not for this job's own slot. */
  private final Set<String> heldElsewhere = new HashSet<>();
  /** Tasks appended and not yet looked at, in ascending index order. */
  private final ArrayDeque<Integer> untouched = new ArrayDeque<>();
  /** Tasks that may go before the untouched ones: retries and tasks released from a host queue. */
  private final PriorityQueue<Integer> ready = new PriorityQueue<>();
  /** Tasks held back at some point while waiting, and why (the latest hold), until they go. */
  private final Map<Integer, Hold> held = new HashMap<>();
  private int waiting;
  /** When {@link #next} last found the job's {@code concurrency} in flight with tasks waiting (0: never). */
  private long fullAt;

  /**
   * @param hostOf the host key of a task index (asked only for tasks appended and not finished)
   * @param rate   requests a second per host, 0 for no limit
   */
  TaskWindow(IntFunction<String> hostOf, int concurrency, int perHost, double rate, HostGate gate) {
    this.hostOf = hostOf;
    this.concurrency = concurrency;
    this.perHost = perHost;
    this.rate = rate;
    this.burst = rate <= 0 ? 0 : Math.max(1, Math.min(rate, 5));
    this.gate = gate;
  }

  /** A task the window may schedule, after every task appended before it (indices ascending). */
  void append(int index) {
    untouched.add(index);
  }

  /** Tasks not dispatched yet: untouched, ready again, or waiting for their host. */
  int pending() {
    return untouched.size() + ready.size() + waiting;
  }

  /**
   * The next task to dispatch (the caller sends it at once), or -1 when none can go now.
   *
   * @param inFlight  the job's tasks in flight now
   * @param nowNanos  the time (for the rate limit)
   */
  int next(int inFlight, long nowNanos) {
    releaseHeldElsewhere(nowNanos);
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
      String name = hostOf.apply(index);
      Host host = hosts.computeIfAbsent(name, h -> newHost());
      Hold hold = host.inFlight >= perHost ? Hold.PER_HOST
          : !hasToken(host, nowNanos) ? Hold.RATE
          : !gate.tryTake(name) ? Hold.NODE_PER_HOST : null;
      if (hold != null) {
        park(name, host, index, hold);
        continue;
      }
      host.inFlight++;
      if (host.rate != null) {
        host.rate.take();
      }
      return index;
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

  private void park(String name, Host host, int index, Hold hold) {
    host.waiting.add(index);
    host.hold = hold;
    held.put(index, hold);
    waiting++;
    if (hold != Hold.PER_HOST) {
      heldElsewhere.add(name);
    }
  }

  /** What held the task back while it waited (its latest hold), or null; asked once, when it goes. */
  Hold heldBy(int index) {
    return held.remove(index);
  }

  private Host newHost() {
    Host host = new Host();
    host.rate = rate > 0 ? new TokenBucket(rate, burst) : null;
    return host;
  }

  private static boolean hasToken(Host host, long nowNanos) {
    return host.rate == null || host.rate.hasToken(nowNanos);
  }

  /**
   * Hosts held by time or by the node whose head may go now: the head comes back to be looked at
   * (it parks again if another took the room first). A host stays listed while tasks wait behind.
   */
  private void releaseHeldElsewhere(long nowNanos) {
    if (heldElsewhere.isEmpty()) {
      return;
    }
    for (var it = heldElsewhere.iterator(); it.hasNext(); ) {
      String name = it.next();
      Host host = hosts.get(name);
      if (!host.waiting.isEmpty() && headMayGo(name, host, nowNanos)) {
        ready.add(host.waiting.poll());
        waiting--;
      }
      if (host.waiting.isEmpty()) {
        host.hold = null;
        it.remove();
      }
    }
  }

  private boolean headMayGo(String name, Host host, long nowNanos) {
    return host.inFlight < perHost && (host.hold != Hold.RATE || hasToken(host, nowNanos))
        && (host.hold != Hold.NODE_PER_HOST || gate.hasRoom(name));
  }

  /**
   * When a task held by the rate limit may go, in nanoseconds ({@link Long#MAX_VALUE} if none
   * waits for a token): the caller looks again then.
   */
  long nextTokenAt() {
    long at = Long.MAX_VALUE;
    for (String name : heldElsewhere) {
      Host host = hosts.get(name);
      if (host.hold == Hold.RATE && !host.waiting.isEmpty()) {
        at = Math.min(at, host.rate.nextTokenAt());
      }
    }
    return at;
  }

  /** Whether a task waits for a slot the node gives (a job elsewhere must release one first). */
  boolean waitsForTheNode() {
    for (String name : heldElsewhere) {
      if (hosts.get(name).hold == Hold.NODE_PER_HOST) {
        return true;
      }
    }
    return false;
  }

  /** A dispatched task left flight (finished, or paused): its host's slot is free again. */
  void released(int index) {
    String name = hostOf.apply(index);
    Host host = hosts.get(name);
    host.inFlight--;
    gate.give(name);
    if (!host.waiting.isEmpty() && host.hold == Hold.PER_HOST) {
      ready.add(host.waiting.poll());
      waiting--;
      if (host.waiting.isEmpty()) {
        host.hold = null;
      }
    }
  }

  /** The job ends with tasks in flight (taken over, say): every node-wide slot they held is given back. */
  void releaseAll() {
    hosts.forEach((name, host) -> {
      for (; host.inFlight > 0; host.inFlight--) {
        gate.give(name);
      }
    });
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
    hosts.values().forEach(h -> {
      pending.addAll(h.waiting);
      h.waiting.clear();
      h.hold = null;
    });
    heldElsewhere.clear();
    waiting = 0;
    pending.addAll(untouched);
    untouched.clear();
    held.clear();
    return pending;
  }

  /** Removes and returns every task of one host not yet dispatched (the job gave up on the host). */
  List<Integer> drainHost(String name) {
    List<Integer> pending = new ArrayList<>();
    Host host = hosts.get(name);
    if (host != null) {
      waiting -= host.waiting.size();
      pending.addAll(host.waiting);
      host.waiting.clear();
      host.hold = null;
    }
    heldElsewhere.remove(name);
    for (var it = untouched.iterator(); it.hasNext(); ) {
      int index = it.next();
      if (name.equals(hostOf.apply(index))) {
        pending.add(index);
        it.remove();
      }
    }
    for (var it = ready.iterator(); it.hasNext(); ) {
      int index = it.next();
      if (name.equals(hostOf.apply(index))) {
        pending.add(index);
        it.remove();
      }
    }
    pending.forEach(held::remove);
    return pending;
  }
}
