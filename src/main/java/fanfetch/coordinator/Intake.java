package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobIds;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import fanfetch.model.Problems;
import io.vertx.core.eventbus.Message;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Turns a submission into a job, or refuses it: an invalid spec with its problem (400, 413), a
 * busy node with 429 and the cap that was hit ({@link Admission}). Refusals answer the submitter
 * here; an accepted job counts against the caps until {@link #ended}.
 */
final class Intake {

  private final JobSpecParser parser;
  private final Admission admission;
  private final JobMetrics metrics;
  private final RetryRules retryRules;
  private final String node;
  private final int retryAfterSeconds;

  Intake(JobSpecParser parser, Admission admission, JobMetrics metrics, RetryRules retryRules, String node,
         int retryAfterSeconds) {
    this.parser = parser;
    this.admission = admission;
    this.metrics = metrics;
    this.retryRules = retryRules;
    this.node = node;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * @param idInUse whether a job id is taken on this node (a submitter's chosen id must be free)
   * @return the accepted job, or null once the submission was refused
   */
  LiveJob admit(Message<Object> submission, Predicate<String> idInUse) {
    JobSpec spec;
    try {
      spec = parser.parseBody(submission.body());
    } catch (InvalidJobException e) {
      submission.fail(e.status(), e.toProblem().encode());
      return null;
    }
    String client = submission.headers().get(Addresses.CLIENT_HEADER);
    Admission.Refusal busy = admission.check(spec.urls().size(), client);
    if (busy != null) {
      metrics.jobRefused(busy.reason());
      submission.fail(429, Problems.problem(429, "Busy", busy.detail() + "; retry later")
          .put("retryAfter", retryAfterSeconds).encode());
      return null;
    }
    admission.admitted(spec.urls().size(), client);
    String chosen = submission.headers().get(Addresses.JOB_ID_HEADER);
    String id = chosen != null && JobIds.isWellFormed(chosen) && !idInUse.test(chosen) ? chosen : JobIds.next();
    return new LiveJob(new Job(id, spec, node, Instant.now(), retryRules), client);
  }

  /** The job no longer counts against the caps. */
  void ended(LiveJob live) {
    admission.ended(live.urls(), live.client);
  }
}
