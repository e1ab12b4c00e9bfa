package fanfetch.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The node's caps on streams open at once ({@code http.maxStreams}, and per API key
 * {@code http.maxStreamsPerClient}): a stream that would exceed one is refused before anything is
 * read for it, so a thousand readers cost what the cap allows. Plain class, used on the API's event
 * loop only.
 */
final class StreamGate {

  /** An open stream's place under the caps; closing it twice gives it back once. */
  final class Permit {
    private final String client;
    private boolean closed;

    private Permit(String client) {
      this.client = client;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      open--;
      if (client != null) {
        byClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  private final int nodeCap;
  private final int clientCap;
  private final Map<String, Integer> byClient = new HashMap<>();
  private int open;

  StreamGate(int nodeCap, int clientCap) {
    this.nodeCap = nodeCap;
    this.clientCap = clientCap;
  }

  /**
   * A place for one more stream of {@code client} (null without API keys: only the node's cap applies).
   *
   * @return the permit, or null when a cap is reached ({@link #refusal} says which)
   */
  Permit open(String client) {
    if (refusal(client) != null) {
      return null;
    }
    open++;
    if (client != null) {
      byClient.merge(client, 1, Integer::sum);
    }
    return new Permit(client);
  }

  /** Which cap a new stream of {@code client} would exceed, as its setting and value; null if none. */
  String refusal(String client) {
    if (open >= nodeCap) {
      return "this node has " + open + " streams open, its cap (http.maxStreams " + nodeCap + ")";
    }
    if (client != null && byClient.getOrDefault(client, 0) >= clientCap) {
      return "this API key has " + clientCap + " streams open, its cap (http.maxStreamsPerClient)";
    }
    return null;
  }

  int open() {
    return open;
  }
}
