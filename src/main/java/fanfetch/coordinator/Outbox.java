package fanfetch.coordinator;

import fanfetch.guard.TargetUrl;
import fanfetch.model.Addresses;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.TaskBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks one pump picked, by the address they go to, each beside its URL's parse, until they
 * leave as batches: one message per fetcher, not one per task. Plain class.
 */
final class Outbox {

  /** The tasks for one address, in the order they were picked. */
  private static final class ForAddress {
    final List<FetchTask> tasks = new ArrayList<>();
    final List<TargetUrl> parsed = new ArrayList<>();
  }

  /** One batch ready to go. */
  record Batch(String address, TaskBatch batch) {
  }

  private final Map<String, ForAddress> byAddress = new LinkedHashMap<>();
  private final int fetcherInstances;

  /** @param fetcherInstances fetchers per node, among which a node's tasks are split */
  Outbox(int fetcherInstances) {
    this.fetcherInstances = Math.max(1, fetcherInstances);
  }

  void add(String address, FetchTask task, TargetUrl parsed) {
    ForAddress out = byAddress.computeIfAbsent(address, a -> new ForAddress());
    out.tasks.add(task);
    out.parsed.add(parsed);
  }

  boolean isEmpty() {
    return byAddress.isEmpty();
  }

  /**
   * Empties the outbox into batches. Tasks for a shared address (a node's fetchers) are split into
   * one batch per fetcher instance, which the event bus hands out in turn; tasks for one fetcher
   * instance (a sequential run's) go as one.
   */
  List<Batch> drain(String replyTo) {
    List<Batch> batches = new ArrayList<>();
    byAddress.forEach((address, out) -> {
      boolean shared = address.equals(Addresses.FETCH) || address.startsWith(Addresses.FETCH + ".node.");
      int size = shared ? Math.max(1, (out.tasks.size() + fetcherInstances - 1) / fetcherInstances) : out.tasks.size();
      for (int from = 0; from < out.tasks.size(); from += size) {
        int to = Math.min(out.tasks.size(), from + size);
        batches.add(new Batch(address, new TaskBatch(replyTo, out.tasks.subList(from, to), out.parsed.subList(from, to))));
      }
    });
    byAddress.clear();
    return batches;
  }
}
