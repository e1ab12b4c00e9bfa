package fanfetch.coordinator;

import fanfetch.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * A live job's control address ({@link Addresses#control}): where the API, the CLI and other
 * coordinators ask for its report ({@code get}), wait for the final one ({@code wait}), or cancel
 * it ({@code cancel}, answered with the final report, like a wait).
 */
final class JobControl {

  private final EventBus bus;
  private final JobDriver driver;
  private final JobEvents events;

  JobControl(EventBus bus, JobDriver driver, JobEvents events) {
    this.bus = bus;
    this.driver = driver;
    this.events = events;
  }

  /** Opens the job's address: it must exist before anyone learns the id, or a GET could miss it. */
  Future<Void> open(LiveJob live) {
    live.control = bus.consumer(Addresses.control(live.id()), request -> answer(live, request));
    return live.control.completion();
  }

  private void answer(LiveJob live, Message<JsonObject> request) {
    String op = request.body() == null ? Addresses.OP_GET : request.body().getString("op", Addresses.OP_GET);
    boolean open = !live.job.finished();
    if (open && (Addresses.OP_WAIT.equals(op) || Addresses.OP_CANCEL.equals(op))) {
      // A cancel is answered with the final report, like a wait; the first one also cancels.
      live.waiters.add(request);
      if (Addresses.OP_CANCEL.equals(op) && !live.job.closing()) {
        driver.cancel(live);
      }
      return;
    }
    events.answer(request, live);
  }
}
