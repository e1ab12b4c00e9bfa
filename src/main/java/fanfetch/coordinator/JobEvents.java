package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.ReportHead;
import fanfetch.store.JobStore;
import fanfetch.store.StoredReports;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * What a coordinator tells the world about its jobs: each stored result and, at the end, the
 * report's head on the job's progress address (counted in the metrics), and reports to whoever asks.
 */
final class JobEvents {

  /** Read-only once built: the same options serve every event. */
  private static final DeliveryOptions RESULT_EVENT = new DeliveryOptions()
      .addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_RESULT);
  private static final DeliveryOptions DONE_EVENT = new DeliveryOptions()
      .addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_DONE);

  private final EventBus bus;
  private final JobStore store;
  private final JobMetrics metrics;

  JobEvents(EventBus bus, JobStore store, JobMetrics metrics) {
    this.bus = bus;
    this.store = store;
    this.metrics = metrics;
  }

  void result(String jobId, JsonObject result) {
    metrics.urlFinished(result);
    bus.publish(Addresses.progress(jobId), result, RESULT_EVENT);
  }

  /** The job is over: its report's head (the results came one by one before it). */
  void done(String jobId, JsonObject head) {
    bus.publish(Addresses.progress(jobId), head, DONE_EVENT);
  }

  /**
   * Answers a request for the report. Fanfetch's own askers get its head, shared as it is (they
   * read the results from the store as they stream them); any other event-bus client gets the
   * whole Report, results included, as JSON of its own.
   */
  void answer(Message<?> request, LiveJob live) {
    ReportHead head = new ReportHead(live.head());
    if ("true".equals(request.headers().get(Addresses.SHARE_HEADER))) {
      request.reply(head);
    } else {
      StoredReports.assemble(store, head).onComplete(report -> {
        if (report.succeeded()) {
          request.reply(report.result());
        } else {
          request.fail(503, "the report of job " + live.id() + " cannot be read: " + report.cause().getMessage());
        }
      });
    }
  }
}
