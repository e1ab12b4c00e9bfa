package fanfetch.coordinator;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The hosts' side of a job's {@link TaskWindow}: for each host, its tasks in flight (at most
 * {@code perHost}), its rate (a token bucket with a small burst, or none), its share of the node's
 * per-host cap ({@link HostGate}), and the tasks waiting for it, by index, with why the first one
 * waits. A waiting task is handed back to the window (still in index order) when its host can take
 * it. Pure: the caller passes the time.
 */
final class HostQueues {

  /** One host as this job sees it. */
  private static final class Host {
    int inFlight;
    /** Tasks waiting for this host, by index: one sent back here keeps its place. */
    final PriorityQueue<Integer> waiting = new PriorityQueue<>();
    /** Why the head of {@link #waiting} waits (null while none does). */
    TaskWindow.Hold hold;
    /** Its rate for this job (null: no rate limit). */
    TokenBucket rate;
  }

  private final IntFunction<String> hostOf;
  private final int perHost;
  /** Tokens a second per host (0: no rate limit), and how many may gather. */
  private final double rate;
  private final double burst;
  private final HostGate gate;
  private final Map<String, Host> hosts = new HashMap<>();
  /** Hosts whose waiting tasks wait for time (a token) or the node (a slot), not for this job's own slot. */
  private final Set<String> heldElsewhere = new HashSet<>();
  private int waiting;

  /**
   * @param hostOf the host key of a task index (asked only for tasks appended and not finished)
   * @param rate   requests a second per host, 0 for no limit
   */
  HostQueues(IntFunction<String> hostOf, int perHost, double rate, HostGate gate) {
    this.hostOf = hostOf;
    this.perHost = perHost;
    this.rate = rate;
    this.burst = rate <= 0 ? 0 : Math.max(1, Math.min(rate, 5));
    this.gate = gate;
  }

  /** Tasks waiting for their host. */
  int waiting() {
    return waiting;
  }

  /**
   * Task {@code index} would go now: its host takes it (a slot, a token, the node's room), and null
   * is returned, or it waits in its host's queue, and what holds it is returned.
   */
  TaskWindow.Hold admit(int index, long nowNanos) {
    String name = hostOf.apply(index);
    Host host = hosts.computeIfAbsent(name, h -> newHost());
    TaskWindow.Hold hold = host.inFlight >= perHost ? TaskWindow.Hold.PER_HOST
        : !hasToken(host, nowNanos) ? TaskWindow.Hold.RATE
        : !gate.tryTake(name) ? TaskWindow.Hold.NODE_PER_HOST : null;
    if (hold != null) {
      host.waiting.add(index);
      host.hold = hold;
      waiting++;
      if (hold != TaskWindow.Hold.PER_HOST) {
        heldElsewhere.add(name);
      }
      return hold;
    }
    host.inFlight++;
    if (host.rate != null) {
      host.rate.take();
    }
    return null;
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
   * Hosts held by time or by the node whose head may go now: the head goes to {@code ready} to be
   * looked at again (it waits again if another took the room first). A host stays listed while
   * tasks wait behind.
   */
  void releaseHeldElsewhere(long nowNanos, IntConsumer ready) {
    if (heldElsewhere.isEmpty()) {
      return;
    }
    for (var it = heldElsewhere.iterator(); it.hasNext(); ) {
      String name = it.next();
      Host host = hosts.get(name);
      if (!host.waiting.isEmpty() && headMayGo(name, host, nowNanos)) {
        ready.accept(host.waiting.poll());
        waiting--;
      }
      if (host.waiting.isEmpty()) {
        host.hold = null;
        it.remove();
      }
    }
  }

  private boolean headMayGo(String name, Host host, long nowNanos) {
    return host.inFlight < perHost && (host.hold != TaskWindow.Hold.RATE || hasToken(host, nowNanos))
        && (host.hold != TaskWindow.Hold.NODE_PER_HOST || gate.hasRoom(name));
  }

  /** When a task held by the rate limit may go ({@link Long#MAX_VALUE} if none waits for a token). */
  long nextTokenAt() {
    long at = Long.MAX_VALUE;
    for (String name : heldElsewhere) {
      Host host = hosts.get(name);
      if (host.hold == TaskWindow.Hold.RATE && !host.waiting.isEmpty()) {
        at = Math.min(at, host.rate.nextTokenAt());
      }
    }
    return at;
  }

  /** Whether a task waits for a slot the node gives (a job elsewhere must release one first). */
  boolean waitsForTheNode() {
    for (String name : heldElsewhere) {
      if (hosts.get(name).hold == TaskWindow.Hold.NODE_PER_HOST) {
        return true;
      }
    }
    return false;
  }

  /**
   * A task left flight: its host's slot (and the node's) is free again, and the task waiting for
   * that slot, if any, goes to {@code ready}.
   */
  void released(int index, IntConsumer ready) {
    String name = hostOf.apply(index);
    Host host = hosts.get(name);
    host.inFlight--;
    gate.give(name);
    if (!host.waiting.isEmpty() && host.hold == TaskWindow.Hold.PER_HOST) {
      ready.accept(host.waiting.poll());
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

  /** Moves every waiting task, of every host, into {@code into}. */
  void drainAll(Collection<Integer> into) {
    hosts.values().forEach(host -> drain(host, into));
    heldElsewhere.clear();
  }

  /** Moves every task waiting for host {@code name} into {@code into}. */
  void drainHost(String name, List<Integer> into) {
    Host host = hosts.get(name);
    if (host != null) {
      drain(host, into);
    }
    heldElsewhere.remove(name);
  }

  private void drain(Host host, Collection<Integer> into) {
    waiting -= host.waiting.size();
    into.addAll(host.waiting);
    host.waiting.clear();
    host.hold = null;
  }
}
