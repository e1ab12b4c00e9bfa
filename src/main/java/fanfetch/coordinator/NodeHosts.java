package fanfetch.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The node-wide per-host cap ({@code limits.nodePerHost}): fetches in flight to one host from all of
 * this coordinator's jobs together, so two jobs cannot hammer one server between them. A job whose
 * task waits for a slot is told when one frees ({@code onRoom}). Plain class.
 */
final class NodeHosts implements HostGate {

  private final int cap;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final Set<Job> waiting = new LinkedHashSet<>();
  private final Consumer<Job> onRoom;

  /** @param cap fetches in flight to one host, node-wide; 0 for no cap */
  NodeHosts(int cap, Consumer<Job> onRoom) {
    this.cap = cap;
    this.onRoom = onRoom;
  }

  int cap() {
    return cap;
  }

  @Override
  public boolean tryTake(String host) {
    if (cap <= 0) {
      return true;
    }
    int n = inFlight.getOrDefault(host, 0);
    if (n >= cap) {
      return false;
    }
    inFlight.put(host, n + 1);
    return true;
  }

  @Override
  public boolean hasRoom(String host) {
    return cap <= 0 || inFlight.getOrDefault(host, 0) < cap;
  }

  @Override
  public void give(String host) {
    if (cap <= 0) {
      return;
    }
    inFlight.computeIfPresent(host, (h, n) -> n > 1 ? n - 1 : null);
    if (!waiting.isEmpty()) {
      List<Job> wake = new ArrayList<>(waiting);
      waiting.clear();
      wake.forEach(onRoom);
    }
  }

  /** The job has a task waiting for a slot: it is told when one frees. */
  void waitFor(Job job) {
    waiting.add(job);
  }
}
