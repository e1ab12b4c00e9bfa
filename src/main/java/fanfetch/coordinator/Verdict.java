package fanfetch.coordinator;

import io.vertx.core.json.JsonObject;

/**
 * What a settled send asks the coordinator to do. The job's state has already moved when a
 * verdict is returned ({@link Job#settle}); the verdict names only the side effects left to run.
 */
sealed interface Verdict {

  /** The send was superseded, or its job or run is over: nothing to do. */
  Verdict STALE = new Stale();
  /** The URL is queued again: let the job dispatch. */
  Verdict QUEUED_AGAIN = new QueuedAgain();

  record Stale() implements Verdict {
  }

  record QueuedAgain() implements Verdict {
  }

  /** The URL waits (a retry's backoff, or for a file descriptor), then is woken: {@link Job#wake}. */
  record Pause(int index, long delayMs) implements Verdict {
  }

  /** The URL has its result: store and publish it. */
  record Completed(Run.Recorded recorded) implements Verdict {

    JsonObject result() {
      return recorded.result();
    }
  }
}
