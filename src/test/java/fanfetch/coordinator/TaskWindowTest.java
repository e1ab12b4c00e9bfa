package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TaskWindowTest {

  /**
   * The window as its job drives it: the job counts its tasks in flight (its URL table) and passes
   * the count to {@link TaskWindow#next(int, long)}; here a set of dispatched indices plays that table.
   */
  private static final class Window {
    final TaskWindow window;
    final java.util.Set<Integer> flying = new java.util.HashSet<>();

    Window(String[] hosts, int[] order, int concurrency, int perHost) {
      window = new TaskWindow(i -> hosts[i], concurrency, perHost, 0, HostGate.NONE);
      for (int index : order) {
        window.append(index);
      }
    }

    int next() {
      int index = window.next(flying.size(), 0);
      if (index >= 0) {
        assertThat(flying.add(index)).isTrue();
      }
      return index;
    }

    void completed(int index) {
      assertThat(flying.remove(index)).isTrue();
      window.released(index);
    }

    void requeue(int index) {
      assertThat(flying.remove(index)).isTrue();
      window.requeue(index);
    }

    int inFlight() {
      return flying.size();
    }

    boolean nothingPending() {
      return window.pending() == 0;
    }

    List<Integer> drainPending() {
      return window.drainPending();
    }
  }

  /** Every task index in order, for a job whose URLs are all schedulable. */
  private static int[] all(String[] hosts) {
    return IntStream.range(0, hosts.length).toArray();
  }

  private static String[] hosts(String... hosts) {
    return hosts;
  }

  /** Calls next() until the window says nothing can go now. */
  private static List<Integer> dispatchable(Window window) {
    List<Integer> out = new ArrayList<>();
    for (int index = window.next(); index >= 0; index = window.next()) {
      out.add(index);
    }
    return out;
  }

  /** Runs the window to the end, completing the oldest in-flight task each step. */
  private static List<Integer> runToEnd(Window window) {
    List<Integer> dispatchOrder = new ArrayList<>();
    List<Integer> inFlight = new ArrayList<>();
    while (true) {
      List<Integer> now = dispatchable(window);
      dispatchOrder.addAll(now);
      inFlight.addAll(now);
      if (inFlight.isEmpty()) {
        return dispatchOrder;
      }
      window.completed(inFlight.remove(0));
    }
  }

  @Test
  void tasksGoOutInInputOrderUpToTheConcurrencyCap() {
    String[] hosts = hosts("a", "b", "c", "d", "e");
    Window window = new Window(hosts, all(hosts), 3, 10);

    assertThat(dispatchable(window)).containsExactly(0, 1, 2);
    assertThat(window.inFlight()).isEqualTo(3);
  }

  @Test
  void aFullWindowDispatchesNothingMore() {
    String[] hosts = hosts("a", "b", "c");
    Window window = new Window(hosts, all(hosts), 2, 10);
    dispatchable(window);

    assertThat(window.next()).isEqualTo(-1);
  }

  @Test
  void aCompletedTaskFreesOneSlotForTheNextTaskInOrder() {
    String[] hosts = hosts("a", "b", "c", "d");
    Window window = new Window(hosts, all(hosts), 2, 10);
    dispatchable(window);

    window.completed(1);

    assertThat(dispatchable(window)).containsExactly(2);
    assertThat(window.inFlight()).isEqualTo(2);
  }

  @Test
  void noMoreThanPerHostTasksOfOneHostAreInFlight() {
    String[] hosts = hosts("a", "a", "a", "a");
    Window window = new Window(hosts, all(hosts), 10, 2);

    assertThat(dispatchable(window)).containsExactly(0, 1);
  }

  @Test
  void aSaturatedHostDoesNotHoldBackOtherHosts() {
    String[] hosts = hosts("a", "a", "a", "b", "c");
    Window window = new Window(hosts, all(hosts), 10, 1);

    assertThat(dispatchable(window)).containsExactly(0, 3, 4);
  }

  @Test
  void aWaitingTaskReEntersWhenItsHostFreesASlot() {
    String[] hosts = hosts("a", "a", "b");
    Window window = new Window(hosts, all(hosts), 10, 1);
    dispatchable(window);

    window.completed(0);

    assertThat(dispatchable(window)).containsExactly(1);
  }

  @Test
  void aSlotFreedOnAnotherHostDoesNotReleaseAWaitingTask() {
    String[] hosts = hosts("a", "a", "b");
    Window window = new Window(hosts, all(hosts), 10, 1);
    dispatchable(window);

    window.completed(2);

    assertThat(dispatchable(window)).isEmpty();
  }

  @Test
  void waitingTasksOfOneHostReEnterInInputOrder() {
    String[] hosts = hosts("a", "a", "a", "a", "a");
    Window window = new Window(hosts, all(hosts), 10, 1);

    assertThat(runToEnd(window)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aReleasedWaitingTaskGoesBeforeLaterUntouchedTasks() {
    // concurrency 2: task 1 waits for host a while task 2 takes the second slot
    String[] hosts = hosts("a", "a", "b", "c", "d");
    Window window = new Window(hosts, all(hosts), 2, 1);
    assertThat(dispatchable(window)).containsExactly(0, 2);

    window.completed(0);

    assertThat(dispatchable(window)).containsExactly(1);
  }

  @Test
  void mixedHostsAreDispatchedInInputOrderWhenSlotsAllow() {
    String[] hosts = hosts("a", "b", "a", "b", "a", "b");
    Window window = new Window(hosts, all(hosts), 2, 1);

    assertThat(runToEnd(window)).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void onlyTheGivenOrderIsScheduled() {
    // indices 1 and 3 are invalid URLs and never go out
    String[] hosts = hosts("a", null, "b", null, "c");
    Window window = new Window(hosts, new int[] {0, 2, 4}, 10, 10);

    assertThat(dispatchable(window)).containsExactly(0, 2, 4);
  }

  @Test
  void aRequeuedTaskGoesBeforeUntouchedTasks() {
    String[] hosts = hosts("a", "b", "c", "d");
    Window window = new Window(hosts, all(hosts), 2, 10);
    dispatchable(window);

    window.requeue(1);

    assertThat(dispatchable(window)).containsExactly(1);
    assertThat(window.inFlight()).isEqualTo(2);
  }

  @Test
  void aRequeuedTaskKeepsItsPlaceAheadOfTasksWaitingForTheSameHost() {
    String[] hosts = hosts("a", "a", "a");
    Window window = new Window(hosts, all(hosts), 10, 1);
    assertThat(dispatchable(window)).containsExactly(0);

    window.requeue(0);
    List<Integer> order = new ArrayList<>(dispatchable(window));
    window.completed(order.get(0));
    order.addAll(dispatchable(window));
    window.completed(order.get(1));
    order.addAll(dispatchable(window));

    assertThat(order).containsExactly(0, 1, 2);
  }

  @Test
  void requeueFreesTheHostSlotSoTheTaskCanGoAgain() {
    String[] hosts = hosts("a");
    Window window = new Window(hosts, all(hosts), 1, 1);
    dispatchable(window);

    window.requeue(0);

    assertThat(window.inFlight()).isZero();
    assertThat(window.nothingPending()).isFalse();
    assertThat(dispatchable(window)).containsExactly(0);
  }

  @Test
  void nothingIsPendingOnceEveryTaskHasBeenDispatched() {
    String[] hosts = hosts("a", "b");
    Window window = new Window(hosts, all(hosts), 10, 10);
    assertThat(window.nothingPending()).isFalse();

    dispatchable(window);

    assertThat(window.nothingPending()).isTrue();
    assertThat(window.inFlight()).isEqualTo(2);
  }

  @Test
  void aTaskWaitingForItsHostIsStillPending() {
    String[] hosts = hosts("a", "a");
    Window window = new Window(hosts, all(hosts), 10, 1);

    dispatchable(window);

    assertThat(window.nothingPending()).isFalse();
  }

  @Test
  void anEmptyWindowHasNothingPendingAndNothingToDispatch() {
    Window window = new Window(new String[0], new int[0], 4, 4);

    assertThat(window.nothingPending()).isTrue();
    assertThat(window.next()).isEqualTo(-1);
  }

  @Test
  void drainPendingReturnsEveryUndispatchedTaskWaitingReadyOrUntouched() {
    String[] hosts = hosts("a", "a", "b", "c", "d", "e");
    Window window = new Window(hosts, all(hosts), 3, 1);
    assertThat(dispatchable(window)).containsExactly(0, 2, 3); // 1 waits for host a
    window.requeue(3);                                          // 3 is ready again

    List<Integer> pending = window.drainPending();

    assertThat(pending).containsExactlyInAnyOrder(1, 3, 4, 5);
  }

  @Test
  void afterDrainingNothingIsPendingOrDispatched() {
    String[] hosts = hosts("a", "a", "b", "c");
    Window window = new Window(hosts, all(hosts), 2, 1);
    dispatchable(window);

    window.drainPending();

    assertThat(window.nothingPending()).isTrue();
    window.completed(0);
    assertThat(window.next()).isEqualTo(-1);
  }

  @Test
  void drainingLeavesInFlightTasksInFlight() {
    String[] hosts = hosts("a", "b", "c");
    Window window = new Window(hosts, all(hosts), 2, 2);
    dispatchable(window);

    assertThat(window.drainPending()).containsExactly(2);
    assertThat(window.inFlight()).isEqualTo(2);
  }
}
