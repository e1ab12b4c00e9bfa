package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's politeness: a per-host rate (token bucket), the node-wide per-host gate, giving up a host. */
class TaskWindowPolitenessTest {

  private static final long SECOND = 1_000_000_000L;

  /** A window over {@code n} tasks, with its in-flight set played here. */
  private static final class Driven {
    final TaskWindow window;
    final Set<Integer> flying = new HashSet<>();

    Driven(String[] hosts, int concurrency, int perHost, double rate, HostGate gate) {
      window = new TaskWindow(i -> hosts[i], concurrency, perHost, rate, gate);
      for (int i = 0; i < hosts.length; i++) {
        window.append(i);
      }
    }

    /** Every task that may go at this moment. */
    List<Integer> dispatch(long nanos) {
      List<Integer> out = new ArrayList<>();
      for (int i = window.next(flying.size(), nanos); i >= 0; i = window.next(flying.size(), nanos)) {
        assertThat(flying.add(i)).isTrue();
        out.add(i);
      }
      return out;
    }

    void done(int index) {
      assertThat(flying.remove(index)).isTrue();
      window.released(index);
    }
  }

  private static String[] oneHost(int n) {
    String[] hosts = new String[n];
    java.util.Arrays.fill(hosts, "a");
    return hosts;
  }

  @Test
  void aRateLetsTheBurstGoAtOnceThenOneTaskPerToken() {
    Driven d = new Driven(oneHost(12), 100, 100, 2, HostGate.NONE);
    assertThat(d.dispatch(0)).containsExactly(0, 1);
    assertThat(d.window.nextTokenAt()).isEqualTo(SECOND / 2);
    assertThat(d.dispatch(SECOND / 2 - 1)).isEmpty();
    assertThat(d.dispatch(SECOND / 2)).containsExactly(2);
    assertThat(d.window.nextTokenAt()).isEqualTo(SECOND);
  }

  @Test
  void everyTaskOfARateLimitedHostGoesInOrderAndNoFasterThanTheRate() {
    int n = 30;
    double rate = 4;
    Driven d = new Driven(oneHost(n), 100, 100, rate, HostGate.NONE);
    List<Integer> order = new ArrayList<>();
    List<Long> sentAt = new ArrayList<>();
    long now = 0;
    for (int step = 0; step < 1000 && order.size() < n; step++) {
      for (int i : d.dispatch(now)) {
        order.add(i);
        sentAt.add(now);
        d.done(i); // answers at once: only the rate holds the host
      }
      long at = d.window.nextTokenAt();
      if (at == Long.MAX_VALUE) {
        break;
      }
      now = at;
    }
    assertThat(order).hasSize(n).isSorted();
    assertThat(d.window.pending()).isZero();
    double burst = 4;
    for (int k = 0; k < n; k++) {
      // The k-th request can go no sooner than the bucket allows: the burst, then one per 1/rate.
      long earliest = (long) (Math.max(0, k + 1 - burst) / rate * SECOND);
      assertThat(sentAt.get(k)).as("request %d", k).isGreaterThanOrEqualTo(earliest - 1);
    }
    // And it is not held longer than that: the last goes when its token comes.
    assertThat(sentAt.get(n - 1)).isLessThanOrEqualTo((long) ((n - burst) / rate * SECOND) + 1);
  }

  @Test
  void theRateOfOneHostDoesNotHoldAnother() {
    String[] hosts = {"a", "a", "a", "b", "b", "b"};
    Driven d = new Driven(hosts, 100, 100, 1, HostGate.NONE);
    assertThat(d.dispatch(0)).containsExactly(0, 3);
    assertThat(d.dispatch(SECOND)).containsExactly(1, 4);
    assertThat(d.dispatch(2 * SECOND)).containsExactly(2, 5);
    assertThat(d.window.pending()).isZero();
  }

  @Test
  void aHeldTaskSaysWhatHeldIt() {
    String[] hosts = {"a", "a", "a", "b"};
    Driven d = new Driven(hosts, 100, 1, 0, HostGate.NONE);
    assertThat(d.dispatch(0)).containsExactly(0, 3);
    assertThat(d.window.heldBy(0)).isNull();
    d.done(0);
    assertThat(d.dispatch(0)).containsExactly(1);
    assertThat(d.window.heldBy(1)).isEqualTo(TaskWindow.Hold.PER_HOST);
    assertThat(d.window.heldBy(1)).as("asked once").isNull();

    Driven rated = new Driven(oneHost(2), 100, 100, 1, HostGate.NONE);
    assertThat(rated.dispatch(0)).containsExactly(0);
    assertThat(rated.dispatch(SECOND)).containsExactly(1);
    assertThat(rated.window.heldBy(1)).isEqualTo(TaskWindow.Hold.RATE);
  }

  @Test
  void twoJobsTogetherStayWithinTheNodesPerHostCap() {
    List<Job> woken = new ArrayList<>();
    NodeHosts node = new NodeHosts(3, woken::add);
    Driven first = new Driven(oneHost(5), 100, 100, 0, node);
    Driven second = new Driven(oneHost(5), 100, 100, 0, node);
    assertThat(first.dispatch(0)).containsExactly(0, 1, 2);
    assertThat(second.dispatch(0)).isEmpty();
    assertThat(second.window.waitsForTheNode()).isTrue();
    assertThat(first.window.waitsForTheNode()).isTrue();

    node.waitFor(null);
    first.done(0);
    assertThat(woken).as("a freed slot wakes the waiting job").hasSize(1);
    assertThat(second.dispatch(0)).containsExactly(0);
    assertThat(second.window.heldBy(0)).isEqualTo(TaskWindow.Hold.NODE_PER_HOST);
    assertThat(first.dispatch(0)).as("the slot is taken").isEmpty();

    // Run both to the end, never more than three in flight to the host together.
    int finished = 1;
    for (int step = 0; step < 100 && finished < 10; step++) {
      assertThat(first.flying.size() + second.flying.size()).isLessThanOrEqualTo(3);
      Driven some = !first.flying.isEmpty() ? first : second;
      some.done(some.flying.iterator().next());
      finished++;
      first.dispatch(0);
      second.dispatch(0);
    }
    assertThat(finished).isEqualTo(10);
    assertThat(first.window.pending() + second.window.pending()).isZero();
    assertThat(node.hasRoom("a")).isTrue();
  }

  @Test
  void aJobThatEndsWithTasksInFlightGivesTheirNodeSlotsBack() {
    NodeHosts node = new NodeHosts(2, job -> { });
    Driven gone = new Driven(oneHost(4), 100, 100, 0, node);
    assertThat(gone.dispatch(0)).hasSize(2);
    assertThat(node.hasRoom("a")).isFalse();
    gone.window.releaseAll();
    assertThat(node.hasRoom("a")).isTrue();
    Driven next = new Driven(oneHost(2), 100, 100, 0, node);
    assertThat(next.dispatch(0)).containsExactly(0, 1);
  }

  @Test
  void givingUpAHostTakesEveryTaskOfItNotSentYetAndLeavesTheOthers() {
    String[] hosts = {"bad", "bad", "ok", "bad", "ok", "bad", "bad"};
    Driven d = new Driven(hosts, 3, 1, 0, HostGate.NONE);
    assertThat(d.dispatch(0)).containsExactly(0, 2);
    List<Integer> drained = d.window.drainHost("bad");
    assertThat(drained).containsExactlyInAnyOrder(1, 3, 5, 6);
    d.done(0);
    d.done(2);
    assertThat(d.dispatch(0)).containsExactly(4);
    d.done(4);
    assertThat(d.window.pending()).isZero();
    assertThat(d.window.pending()).isZero();
  }
}
