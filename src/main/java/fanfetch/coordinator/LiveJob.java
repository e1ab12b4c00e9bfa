package fanfetch.coordinator;

import fanfetch.model.FinishedReport;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A job its coordinator runs, with the event-bus ends and timers attached to it. */
final class LiveJob {

  final Job job;
  /** Who submitted it (an API key's fingerprint, for the per-client cap), or null. */
  final String client;
  MessageConsumer<JsonObject> control;
  /** Requests waiting for the final report (the submitter, or {@code wait} control calls). */
  final List<Message<?>> waiters = new ArrayList<>();
  long deadlineTimerId = -1;
  /** The report as it was finished (answered by the control address while it lingers). */
  FinishedReport finalReport;

  LiveJob(Job job, String client) {
    this.job = job;
    this.client = client;
  }

  String id() {
    return job.id();
  }

  int urls() {
    return job.spec().urls().size();
  }

  /** Answers a request for the report: the final one once there is one, else the report so far. */
  void answer(Message<?> request) {
    JobEvents.answer(request, job, finalReport);
  }

  /** The job finished: everyone waiting gets the report. */
  void finishedWith(FinishedReport report) {
    finalReport = report;
    waiters.forEach(this::answer);
    waiters.clear();
  }
}
