package fanfetch.coordinator;

import fanfetch.model.JobSpec;
import io.vertx.core.json.JsonObject;

/**
 * What a job adds to each of its results (its URL as shown, its run in compare mode, its wait
 * before it was sent) and to its report ({@code heldBackBy}'s limit values). Plain class.
 */
final class JobLabels implements Run.Labels {

  private final JobSpec spec;
  private final UrlChunks urls;
  private final RunSequence runs;
  private final QueueClock queue;
  private final NodeLimits nodeLimits;

  JobLabels(JobSpec spec, UrlChunks urls, RunSequence runs, QueueClock queue, NodeLimits nodeLimits) {
    this.spec = spec;
    this.urls = urls;
    this.runs = runs;
    this.queue = queue;
    this.nodeLimits = nodeLimits;
  }

  @Override
  public boolean loaded(int index) {
    return urls.isLoaded(index);
  }

  @Override
  public String url(int index) {
    return urls.redacted(index);
  }

  @Override
  public String runLabel() {
    return spec.mode() == JobSpec.Mode.COMPARE ? runs.label() : null;
  }

  @Override
  public void done(int index) {
    urls.done(index);
  }

  @Override
  public void decorate(int index, JsonObject result) {
    queue.decorate(index, result);
  }

  /** The value of the limit a report's {@code heldBackBy} names, for this job on this node (0: unknown). */
  double limitValue(String limit) {
    return switch (limit) {
      case "concurrency" -> runs.sequential() ? 1 : spec.concurrency();
      case "perHost" -> runs.sequential() ? 1 : spec.perHost();
      case "rate" -> spec.politeness().perHostRate();
      case "nodeInFlight" -> nodeLimits.inFlight();
      case "nodePerHost" -> nodeLimits.perHost();
      default -> 0;
    };
  }
}
