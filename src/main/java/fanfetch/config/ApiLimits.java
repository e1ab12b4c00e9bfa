package fanfetch.config;

/**
 * What one client may cost the HTTP API, so that none can take a node down or slow another's job
 * (all under {@code http.*}). A 0 where "auto" is said is worked out at start-up from the heap or
 * the open-file limit ({@link #connectionCap}, {@link #bodyBudget}, {@link #streamCap}).
 *
 * @param headerTimeoutMs      a new connection's first request head must be complete within this
 * @param idleTimeoutMs        a connection with no request in progress (kept alive, or trickling a
 *                             later head) is closed after this
 * @param bodyTimeoutMs        a request body must be complete within this from its head
 * @param maxBodyBytesInFlight bytes of request bodies in progress on the node, all together (0: auto,
 *                             an eighth of the heap, at least {@code http.maxBodyBytes})
 * @param maxConnections       open API connections (0: auto, a twentieth of the open-file limit,
 *                             at least 64)
 * @param healthConnections    connections let in beyond {@code maxConnections} that may only ask
 *                             {@code /health/*} and {@code /metrics}
 * @param streamStallMs        a stream whose client has taken nothing for this long (its buffer
 *                             full) is closed
 * @param streamBufferBytes    bytes a stream may have written and not yet sent to its client
 * @param maxStreams           streams (progress events, reports streamed in chunks) open on the node
 *                             at once (0: auto, a heap's worth at 2 MiB each, at least 16)
 * @param maxStreamsPerClient  streams open at once per API key (when keys are set)
 */
public record ApiLimits(long headerTimeoutMs, long idleTimeoutMs, long bodyTimeoutMs, long maxBodyBytesInFlight,
                        int maxConnections, int healthConnections, long streamStallMs, int streamBufferBytes,
                        int maxStreams, int maxStreamsPerClient) {

  /** The connection cap in force: the configured one, or a twentieth of the open-file limit (at least 64). */
  public int connectionCap(long openFileLimit) {
    if (maxConnections > 0) {
      return maxConnections;
    }
    return openFileLimit <= 0 ? 1_000 : (int) Math.max(64, openFileLimit / 20);
  }

  /** The body budget in force: the configured one, or an eighth of the heap, never below one largest body. */
  public long bodyBudget(long maxHeapBytes, long maxBodyBytes) {
    long budget = maxBodyBytesInFlight > 0 ? maxBodyBytesInFlight : maxHeapBytes / 8;
    return Math.max(budget, maxBodyBytes);
  }

  /** The stream cap in force: the configured one, or one per 2 MiB of heap (at least 16). */
  public int streamCap(long maxHeapBytes) {
    return maxStreams > 0 ? maxStreams : (int) Math.max(16, maxHeapBytes / (2L << 20));
  }

  /**
   * Each stream's byte budget in force: {@code streamBufferBytes}, cut so that every stream the cap
   * lets open, all with full budgets, hold at most an eighth of the heap (never below 8 KiB). The
   * queued bytes are on the heap: 300 streams at 256 KiB would fill a 128 MiB one.
   */
  public int streamBuffer(long maxHeapBytes) {
    long share = maxHeapBytes / 8 / streamCap(maxHeapBytes);
    return (int) Math.max(8 * 1024, Math.min(streamBufferBytes, share));
  }
}
