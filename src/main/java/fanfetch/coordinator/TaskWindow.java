package fanfetch.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntFunction;

/**
 * A job's concurrency window: which task may be dispatched next, keeping at most {@code concurrency}
 * in flight and at most {@code perHost} per host. Tasks go out in input order; a task whose host is
 * saturated waits in that host's queue and re-enters, still in order, when the host frees a slot.
 * How many of the job's tasks are in flight is the caller's count (its {@link UrlTable}), passed to
 * {@link #next(int)}; the window counts only per host. Pure: no I/O, no clock.
 */
final class TaskWindow {

  private final IntFunction<String> hostOf;
  /** Tasks appended and not yet looked at, in ascending index order. */
  private final ArrayDeque<Integer> untouched = new ArrayDeque<>();
  private final int concurrency;
  private final int perHost;
  private final Map<String, int[]> inFlightByHost = new HashMap<>();
  /** Per host, ordered by index: a task sent back here from {@link #ready} keeps its place. */
  private final Map<String, PriorityQueue<Integer>> waitingByHost = new HashMap<>();
  /** Tasks that may go before the cursor: retries and tasks released from a host queue. */
  private final PriorityQueue<Integer> ready = new PriorityQueue<>();
  private int waiting;

  /**
   * @param hostOf the host key of a task index (asked only for tasks appended and not finished)
   */
  TaskWindow(IntFunction<String> hostOf, int concurrency, int perHost) {
    this.hostOf = hostOf;
    this.concurrency = concurrency;
    this.perHost = perHost;
  }

  /** A window over the given tasks, all known at once. */
  TaskWindow(String[] hostOf, int[] order, int concurrency, int perHost) {
    this(i -> hostOf[i], concurrency, perHost);
    for (int index : order) {
      append(index);
    }
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
   * The next task to dispatch (the caller sends it at once), or -1 when the window is full or
   * nothing can go now.
   *
   * @param inFlight the job's tasks in flight now
   */
  int next(int inFlight) {
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
      String host = hostOf.apply(index);
      int[] count = inFlightByHost.computeIfAbsent(host, h -> new int[1]);
      if (count[0] >= perHost) {
        waitingByHost.computeIfAbsent(host, h -> new PriorityQueue<>()).add(index);
        waiting++;
        continue;
      }
      count[0]++;
      return index;
    }
    return -1;
  }

  /** A dispatched task left flight (finished, or paused): its host's slot is free again. */
  void released(int index) {
    String host = hostOf.apply(index);
    int[] count = inFlightByHost.get(host);
    if (--count[0] == 0) {
      inFlightByHost.remove(host);
    }
    PriorityQueue<Integer> queue = waitingByHost.get(host);
    if (queue != null) {
      ready.add(queue.poll());
      waiting--;
      if (queue.isEmpty()) {
        waitingByHost.remove(host);
      }
    }
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

  /** True when no task is waiting to be dispatched (some may still be in flight). */
  boolean nothingPending() {
    return pending() == 0;
  }

  /** Removes and returns every task not yet dispatched (for cancel). */
  List<Integer> drainPending() {
    List<Integer> pending = new ArrayList<>(ready);
    ready.clear();
    waitingByHost.values().forEach(pending::addAll);
    waitingByHost.clear();
    waiting = 0;
    pending.addAll(untouched);
    untouched.clear();
    return pending;
  }
}
