package fanfetch.coordinator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster members a coordinator sends tasks to, in turn. A member that answered "no handlers"
 * (joined, fetchers not deployed yet) is skipped for a moment. Empty when not clustered: then
 * {@link #next()} is null and tasks go to any fetcher. Plain class; the clock is passed in tests.
 */
final class Members {

  static final long NOT_READY_MS = 2_000;

  private final List<String> nodes = new ArrayList<>();
  private final Map<String, Long> notReadyUntil = new HashMap<>();
  private final java.util.function.LongSupplier clock;
  private int cursor;

  Members() {
    this(System::currentTimeMillis);
  }

  Members(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  void reset(Collection<String> current) {
    nodes.clear();
    current.forEach(this::add);
  }

  void add(String node) {
    if (!nodes.contains(node)) {
      nodes.add(node);
    }
  }

  void remove(String node) {
    nodes.remove(node);
    notReadyUntil.remove(node);
  }

  void notReady(String node) {
    notReadyUntil.put(node, clock.getAsLong() + NOT_READY_MS);
  }

  /** The next member to send a task to, or null to let the event bus choose (no member is usable). */
  String next() {
    long now = clock.getAsLong();
    for (int tried = 0; tried < nodes.size(); tried++) {
      String node = nodes.get(Math.floorMod(cursor++, nodes.size()));
      Long until = notReadyUntil.get(node);
      if (until == null || until <= now) {
        notReadyUntil.remove(node);
        return node;
      }
    }
    return null;
  }

  List<String> all() {
    return List.copyOf(nodes);
  }
}
