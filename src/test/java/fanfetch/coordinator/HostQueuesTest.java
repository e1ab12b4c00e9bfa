package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each host's slots, rate and node share, and the tasks waiting for it, without the window around them. */
class HostQueuesTest {

  private static final long SECOND = 1_000_000_000L;
  private static final String[] HOSTS = {"a", "a", "b", "a", "b"};

  /** A node gate with {@code slots} per host, counted here. */
  private static final class CountingGate implements HostGate {
    final int slots;
    final Map<String, Integer> taken = new HashMap<>();

    CountingGate(int slots) {
      this.slots = slots;
    }

    @Override
    public boolean tryTake(String host) {
      if (!hasRoom(host)) {
        return false;
      }
      taken.merge(host, 1, Integer::sum);
      return true;
    }

    @Override
    public boolean hasRoom(String host) {
      return taken.getOrDefault(host, 0) < slots;
    }

    @Override
    public void give(String host) {
      taken.merge(host, -1, Integer::sum);
    }
  }

  @Test
  void aFullHostQueuesItsTasksInIndexOrderAndHandsTheFirstBackWhenASlotFrees() {
    HostQueues hosts = new HostQueues(i -> HOSTS[i], 1, 0, HostGate.NONE);
    assertThat(hosts.admit(0, 0)).isNull();
    assertThat(hosts.admit(3, 0)).isEqualTo(TaskWindow.Hold.PER_HOST);
    assertThat(hosts.admit(1, 0)).isEqualTo(TaskWindow.Hold.PER_HOST);
    assertThat(hosts.admit(2, 0)).as("another host has its own slot").isNull();
    assertThat(hosts.waiting()).isEqualTo(2);

    List<Integer> ready = new ArrayList<>();
    hosts.released(2, ready::add);
    assertThat(ready).as("b had no one waiting").isEmpty();
    hosts.released(0, ready::add);
    assertThat(ready).containsExactly(1);
    assertThat(hosts.waiting()).isEqualTo(1);
    assertThat(hosts.nextTokenAt()).isEqualTo(Long.MAX_VALUE);
    assertThat(hosts.waitsForTheNode()).isFalse();
  }

  @Test
  void aTaskHeldByTheRateGoesBackWhenItsTokenComesAndNotBefore() {
    HostQueues hosts = new HostQueues(i -> HOSTS[i], 10, 1, HostGate.NONE);
    assertThat(hosts.admit(0, 0)).isNull();
    assertThat(hosts.admit(1, 0)).isEqualTo(TaskWindow.Hold.RATE);
    assertThat(hosts.nextTokenAt()).isEqualTo(SECOND);

    List<Integer> ready = new ArrayList<>();
    hosts.releaseHeldElsewhere(SECOND - 1, ready::add);
    assertThat(ready).isEmpty();
    hosts.releaseHeldElsewhere(SECOND, ready::add);
    assertThat(ready).containsExactly(1);
    assertThat(hosts.waiting()).isZero();
    assertThat(hosts.nextTokenAt()).as("no one waits for a token any more").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aTaskHeldByTheNodeGoesBackOnceTheNodeHasRoomAndEveryNodeSlotIsGivenBackAtTheEnd() {
    CountingGate gate = new CountingGate(1);
    gate.tryTake("a"); // another job holds the node's one slot for a
    HostQueues hosts = new HostQueues(i -> HOSTS[i], 10, 0, gate);
    assertThat(hosts.admit(0, 0)).isEqualTo(TaskWindow.Hold.NODE_PER_HOST);
    assertThat(hosts.waitsForTheNode()).isTrue();
    assertThat(hosts.admit(2, 0)).isNull();

    List<Integer> ready = new ArrayList<>();
    hosts.releaseHeldElsewhere(0, ready::add);
    assertThat(ready).isEmpty();
    gate.give("a");
    hosts.releaseHeldElsewhere(0, ready::add);
    assertThat(ready).containsExactly(0);
    assertThat(hosts.waitsForTheNode()).isFalse();

    assertThat(hosts.admit(0, 0)).isNull();
    hosts.releaseAll();
    assertThat(gate.taken).containsEntry("a", 0).containsEntry("b", 0);
  }

  @Test
  void drainingAHostTakesOnlyItsWaitingTasksAndDrainingAllTakesTheRest() {
    HostQueues hosts = new HostQueues(i -> HOSTS[i], 1, 0, HostGate.NONE);
    for (int i = 0; i < HOSTS.length; i++) {
      hosts.admit(i, 0);
    }
    assertThat(hosts.waiting()).isEqualTo(3);
    List<Integer> drained = new ArrayList<>();
    hosts.drainHost("b", drained);
    assertThat(drained).containsExactly(4);
    hosts.drainAll(drained);
    assertThat(drained).containsExactly(4, 1, 3);
    assertThat(hosts.waiting()).isZero();
  }
}
