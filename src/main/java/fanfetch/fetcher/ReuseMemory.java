package fanfetch.fetcher;

import java.util.Map;

/**
 * The origins each job found closing kept-alive connections without saying so (no
 * {@code Connection: close}): a reused connection died before any answer. The rest of that job's
 * fetches to that origin go on new connections, each closed after its response, instead of
 * picking more pooled connections about to die the same way. Bounded: the least recently used
 * entries are forgotten (at worst a job learns it again, at the cost of one re-send).
 */
final class ReuseMemory {

  private static final int MAX_ENTRIES = 4096;

  private final Map<String, Boolean> closers = LruMaps.bounded(MAX_ENTRIES);

  void closesIdleConnections(String jobId, String origin) {
    closers.put(key(jobId, origin), Boolean.TRUE);
  }

  boolean avoidReuse(String jobId, String origin) {
    return closers.get(key(jobId, origin)) != null;
  }

  void forgetJob(String jobId) {
    closers.keySet().removeIf(key -> key.startsWith(jobId + " "));
  }

  private static String key(String jobId, String origin) {
    return jobId + " " + origin;
  }
}
