package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * How one send of a task ended, as the coordinator learned it: its result came, or it never will.
 *
 * @param kind    what happened
 * @param fetched the fetcher's answer (only for {@link Kind#FETCHED})
 * @param fetcher the fetcher instance's own address and its node (only for {@link Kind#FETCHED})
 * @param detail  why no answer came, for the give-up message (else null)
 */
record SendOutcome(Kind kind, ResultBatch.Entry fetched, String fetcher, String fetcherNode, String detail) {

  enum Kind {
    /** The fetcher answered with the URL's result. */
    FETCHED,
    /** The node it was sent to has joined but has no fetchers yet: the send never reached one. */
    NOT_READY,
    /** No fetcher took it, or none answered in time: presumed gone. */
    VANISHED,
    /** The cluster node it was sent to left. */
    NODE_LEFT,
    /** The send failed in another way: nothing to retry. */
    FAILED
  }

  static SendOutcome fetched(ResultBatch.Entry entry, String fetcher, String fetcherNode) {
    return new SendOutcome(Kind.FETCHED, entry, fetcher, fetcherNode, null);
  }

  static SendOutcome failed(Kind kind, String detail) {
    return new SendOutcome(kind, null, null, null, detail);
  }

  /**
   * What a batch no fetcher took means for each of its sends, from the event bus's failure: a
   * member that has joined but not deployed its fetchers yet, or one shutting down, is
   * {@link Kind#NOT_READY} (when the send went to a named node: the caller skips that node a
   * moment); no handlers or no answer in time is {@link Kind#VANISHED}; anything else
   * {@link Kind#FAILED}.
   */
  static SendOutcome undelivered(Throwable failure, boolean toANode) {
    ReplyFailure type = failure instanceof ReplyException re ? re.failureType() : null;
    boolean draining = type == ReplyFailure.RECIPIENT_FAILURE
        && ((ReplyException) failure).failureCode() == Addresses.FETCHER_DRAINING;
    if ((type == ReplyFailure.NO_HANDLERS || draining) && toANode) {
      return failed(Kind.NOT_READY, failure.getMessage());
    }
    boolean vanished = type == ReplyFailure.NO_HANDLERS || type == ReplyFailure.TIMEOUT;
    return failed(vanished ? Kind.VANISHED : Kind.FAILED, failure.getMessage());
  }
}
