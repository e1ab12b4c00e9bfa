package fanfetch.coordinator;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether this node takes another job now. Live jobs, URLs of live jobs and each client's live
 * jobs have a cap; a refusal never affects jobs already accepted. Plain class.
 */
final class Admission {

  /** Why a job was refused: a short reason (a metric label) and the words for the problem answer. */
  record Refusal(String reason, String detail) {
  }

  private final int maxJobs;
  private final long maxQueuedUrls;
  private final int maxJobsPerClient;
  private final Map<String, Integer> jobsByClient = new HashMap<>();
  private int jobs;
  /** URLs of live jobs, against {@code limits.maxQueuedUrls}. */
  private long openUrls;

  Admission(int maxJobs, long maxQueuedUrls, int maxJobsPerClient) {
    this.maxJobs = maxJobs;
    this.maxQueuedUrls = maxQueuedUrls;
    this.maxJobsPerClient = maxJobsPerClient;
  }

  /** @return null to accept a job of {@code urls} URLs from {@code client} (null: no API key), else why not */
  Refusal check(int urls, String client) {
    if (jobs >= maxJobs) {
      return new Refusal("jobs", "this node has " + jobs + " jobs in progress (limits.maxJobs)");
    }
    if (openUrls + urls > maxQueuedUrls) {
      return new Refusal("queued_urls", "this node has " + openUrls + " URLs in progress and takes at most "
          + maxQueuedUrls + " (limits.maxQueuedUrls)");
    }
    if (client != null && maxJobsPerClient > 0 && jobsByClient.getOrDefault(client, 0) >= maxJobsPerClient) {
      return new Refusal("client", "this API key has " + maxJobsPerClient
          + " jobs in progress (limits.maxJobsPerClient)");
    }
    return null;
  }

  void admitted(int urls, String client) {
    jobs++;
    openUrls += urls;
    if (client != null) {
      jobsByClient.merge(client, 1, Integer::sum);
    }
  }

  void ended(int urls, String client) {
    jobs--;
    openUrls -= urls;
    if (client != null) {
      jobsByClient.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
    }
  }

  int jobs() {
    return jobs;
  }
}
