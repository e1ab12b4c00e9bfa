package fanfetch.api;

/**
 * Bytes of request bodies in progress on this node, all requests together, against
 * {@code http.maxBodyBytesInFlight}: {@code http.maxBodyBytes} bounds one body, this bounds their
 * sum, so forty half-sent bodies cannot fill the heap. A body with a {@code Content-Length} reserves
 * it before a byte is read; a chunked one reserves each chunk as it arrives. Plain class, used on the
 * API's event loop only.
 */
final class BodyBudget {

  private final long budget;
  private long inFlight;

  BodyBudget(long budget) {
    this.budget = budget;
  }

  /** Takes {@code bytes} of the budget; false (and nothing taken) when they do not fit. */
  boolean reserve(long bytes) {
    if (bytes < 0 || inFlight + bytes > budget) {
      return false;
    }
    inFlight += bytes;
    return true;
  }

  void release(long bytes) {
    inFlight = Math.max(0, inFlight - bytes);
  }

  long inFlight() {
    return inFlight;
  }

  long budget() {
    return budget;
  }
}
