package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.FinishedReport;
import fanfetch.model.LiveReport;
import fanfetch.model.SharedCodec;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a coordinator tells the world about its jobs: each finished URL and the final report on the
 * job's progress address (counted in the metrics), and reports answered to whoever asked.
 */
final class JobEvents {

  /** Read-only once built: the same options serve every event. */
  private static final DeliveryOptions RESULT_EVENT = new DeliveryOptions()
      .addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_RESULT);
  private static final DeliveryOptions DONE_EVENT = new DeliveryOptions()
      .setCodecName(SharedCodec.REPORT_AS_JSON).addHeader(Addresses.EVENT_HEADER, Addresses.EVENT_DONE);

  private final EventBus bus;
  private final JobMetrics metrics;

  JobEvents(EventBus bus, JobMetrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
  }

  void results(String jobId, List<JsonObject> results) {
    results.forEach(result -> result(jobId, result));
  }

  void result(String jobId, JsonObject result) {
    metrics.urlFinished(result);
    bus.publish(Addresses.progress(jobId), result, RESULT_EVENT);
  }

  /** The final report, to every subscriber: each gets a JsonObject of its own, parsed only if there is one. */
  void done(String jobId, FinishedReport report) {
    bus.publish(Addresses.progress(jobId), report, DONE_EVENT);
  }

  /**
   * Answers with the finished report, or else the live one. Fanfetch's own askers (which only read
   * it) get it as it is; any other event-bus client gets its own copy as JSON, free to change it.
   */
  static void answer(Message<?> request, Job job, FinishedReport finished) {
    boolean shared = "true".equals(request.headers().get(Addresses.SHARE_HEADER));
    if (finished != null) {
      request.reply(shared ? finished : finished.toJson());
    } else {
      JsonObject live = job.report(System.nanoTime());
      // Vert.x's JSON codec gives a local asker its own copy.
      request.reply(shared ? new LiveReport(live) : live);
    }
  }
}
