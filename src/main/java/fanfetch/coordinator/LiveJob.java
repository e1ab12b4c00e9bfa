package fanfetch.coordinator;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A job this node coordinates, with the event-bus ends and timers attached to it. */
final class LiveJob {

  final Job job;
  /** Who submitted it (an API key's fingerprint, for the per-client cap), or null. */
  final String client;
  /** The epoch this node holds the job under: every write to the store carries it. */
  final long epoch;
  MessageConsumer<JsonObject> control;
  /** Requests waiting for the final report (the submitter, {@code wait} and {@code cancel} calls). */
  final List<Message<?>> waiters = new ArrayList<>();
  long deadlineTimerId = -1;
  /** The timer that looks again when a token of a rate-limited host comes (-1: none set). */
  long tokenTimerId = -1;
  /** The final report's head, once the job is finished (answered while the control address lingers). */
  JsonObject finalHead;

  LiveJob(Job job, String client, long epoch) {
    this.job = job;
    this.client = client;
    this.epoch = epoch;
  }

  String id() {
    return job.id();
  }

  int urls() {
    return job.urlCount();
  }

  /** The report's head: the final one once there is one, else as of now. */
  JsonObject head() {
    return finalHead != null ? finalHead : job.head(System.nanoTime());
  }

  /** How far the job has come, as its record notes it with each lease renewal (for listings). */
  JsonObject progress() {
    if (job.currentRun() == null) {
      // Not started yet (its URLs still loading): nothing done.
      return new JsonObject().put("run", 0).put("completed", 0);
    }
    return new JsonObject().put("run", job.runNumber()).put("completed", job.currentRun().totals().completed());
  }

  void finishedWith(JsonObject head) {
    finalHead = head;
  }
}
