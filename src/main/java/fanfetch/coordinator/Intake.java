package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobIds;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.model.Problems;
import io.vertx.core.eventbus.Message;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns a submission into a job, or refuses it: an invalid spec with its problem (400, 413; 413 too
 * for a job the job store has no room for), a
 * busy node with 429 and the cap that was hit ({@link Admission}). Refusals answer the submitter
 * here; an accepted job counts against the caps until {@link #ended}.
 */
final class Intake {

  private final JobSpecParser parser;
  private final Admission admission;
  private final JobMetrics metrics;
  private final RetryRules retryRules;
  private final NodeLimits nodeLimits;
  private final String node;
  private final int retryAfterSeconds;
  private final java.util.function.LongSupplier storeRoom;

  /** @param storeRoom how many more URLs the job store has room for ({@code JobStore.roomForUrls}) */
  Intake(JobSpecParser parser, Admission admission, JobMetrics metrics, RetryRules retryRules,
         NodeLimits nodeLimits, String node, int retryAfterSeconds, java.util.function.LongSupplier storeRoom) {
    this.storeRoom = storeRoom;
    this.nodeLimits = nodeLimits;
    this.parser = parser;
    this.admission = admission;
    this.metrics = metrics;
    this.retryRules = retryRules;
    this.node = node;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** An accepted job, and its URLs when they came in the spec (null: streamed into the store already). */
  record Admitted(LiveJob live, List<String> urls) {
  }

  /**
   * @param idInUse whether a job id is taken on this node (a submitter's chosen id must be free)
   * @return the accepted job, or null once the submission was refused
   */
  Admitted admit(Message<Object> submission, Predicate<String> idInUse) {
    JobSpec spec;
    int stored = JobLaunch.urlsStored(submission);
    int count;
    try {
      spec = stored >= 0 && submission.body() instanceof io.vertx.core.json.JsonObject json
          ? parser.parseWithoutUrls(json, stored) : parser.parseBody(submission.body());
      count = stored >= 0 ? stored : spec.urls().size();
    } catch (InvalidJobException e) {
      submission.fail(e.status(), e.toProblem().encode());
      return null;
    }
    long room = storeRoom.getAsLong();
    if (count > room) {
      submission.fail(413, new fanfetch.model.InvalidJobException(413, List.of(new fanfetch.model.FieldError("urls",
          "has " + count + " URLs; the job store has room for about " + room + " more (the cluster keeps a job's"
              + " URLs and results, with their backup copies, in half of its members' heap): add members or"
              + " heap, or split the list"))).toProblem().encode());
      return null;
    }
    String client = submission.headers().get(Addresses.CLIENT_HEADER);
    Admission.Refusal busy = admission.check(count, client);
    if (busy != null) {
      metrics.jobRefused(busy.reason());
      submission.fail(429, Problems.problem(429, "Busy", busy.detail() + "; retry later")
          .put("retryAfter", retryAfterSeconds).encode());
      return null;
    }
    admission.admitted(count, client);
    String chosen = submission.headers().get(Addresses.JOB_ID_HEADER);
    // A job whose URLs were streamed in keeps the id they were stored under.
    String id = chosen != null && JobIds.isWellFormed(chosen) && (stored >= 0 || !idInUse.test(chosen))
        ? chosen : JobIds.next();
    Job job = new Job(id, spec.withoutUrls(), count, node, Instant.now(), retryRules, nodeLimits);
    return new Admitted(new LiveJob(job, client, 1), stored >= 0 ? null : spec.urls());
  }

  /** A job taken over from another node counts against the caps too (it is never refused). */
  void resumed(LiveJob live) {
    admission.admitted(live.urls(), live.client);
  }

  /** The job no longer counts against the caps. */
  void ended(LiveJob live) {
    admission.ended(live.urls(), live.client);
  }

  /** The refusal of a job sent to a node that is shutting down. */
  static String shuttingDown() {
    return Problems.problem(503, "Unavailable", "this node is shutting down; submit the job to another")
        .put("retryAfter", 1).encode();
  }
}
