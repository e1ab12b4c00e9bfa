package fanfetch.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A job's concurrency window: which task may be dispatched next, keeping at most {@code concurrency}
 * in flight and at most {@code perHost} per host. Tasks go out in input order; a task whose host is
 * saturated waits in that host's queue and re-enters, still in order, when the host frees a slot.
 * How many of the job's tasks are in flight is the caller's count (its {@link UrlTable}), passed to
 * {@link #next(int)}; the window counts only per host. Pure: no I/O, no clock.
 */
final class TaskWindow {

  private final String[] hostOf;
  private final int[] order;
  private final int concurrency;
  private final int perHost;
  private final Map<String, int[]> inFlightByHost = new HashMap<>();
  /** Per host, ordered by index: a task sent back here from {@link #ready} keeps its place. */
  private final Map<String, PriorityQueue<Integer>> waitingByHost = new HashMap<>();
  /** Tasks that may go before the cursor: retries and tasks released from a host queue. */
  private final PriorityQueue<Integer> ready = new PriorityQueue<>();
  private int cursor;

  /**
   * @param hostOf the host key of every task index
   * @param order  the task indices to schedule, ascending
   */
  TaskWindow(String[] hostOf, int[] order, int concurrency, int perHost) {
    this.hostOf = hostOf;
    this.order = order;
    this.concurrency = concurrency;
    this.perHost = perHost;
  }

  /**
   * The next task to dispatch (the caller sends it at once), or -1 when the window is full or
   * nothing can go now.
   *
   * @param inFlight the job's tasks in flight now
   */
  int next(int inFlight) {
    while (inFlight < concurrency) {
      boolean fromReady = !ready.isEmpty() && (cursor >= order.length || ready.peek() < order[cursor]);
      int index;
      if (fromReady) {
        index = ready.poll();
      } else if (cursor < order.length) {
        index = order[cursor++];
      } else {
        return -1;
      }
      String host = hostOf[index];
      int[] count = inFlightByHost.computeIfAbsent(host, h -> new int[1]);
      if (count[0] >= perHost) {
        waitingByHost.computeIfAbsent(host, h -> new PriorityQueue<>()).add(index);
        continue;
      }
      count[0]++;
      return index;
    }
    return -1;
  }

  /** A dispatched task left flight (finished, or paused): its host's slot is free again. */
  void released(int index) {
    String host = hostOf[index];
    int[] count = inFlightByHost.get(host);
    count[0]--;
    PriorityQueue<Integer> waiting = waitingByHost.get(host);
    if (waiting != null) {
      ready.add(waiting.poll());
      if (waiting.isEmpty()) {
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
    return cursor >= order.length && ready.isEmpty() && waitingByHost.isEmpty();
  }

  /** Removes and returns every task not yet dispatched (for cancel). */
  List<Integer> drainPending() {
    List<Integer> pending = new ArrayList<>(ready);
    ready.clear();
    waitingByHost.values().forEach(pending::addAll);
    waitingByHost.clear();
    while (cursor < order.length) {
      pending.add(order[cursor++]);
    }
    return pending;
  }
}
