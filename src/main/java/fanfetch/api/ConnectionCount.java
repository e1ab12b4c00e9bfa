package fanfetch.api;

/**
 * How many API connections are open, against the cap ({@code http.maxConnections}) and a small
 * reserve beyond it ({@code http.healthConnections}) that may only ask {@code /health/*} and
 * {@code /metrics}: when clients hold every place, probes still get through. Plain class, used on the
 * API's event loop only.
 */
final class ConnectionCount {

  /** What a new connection may do. */
  enum Admission { FULL, HEALTH_ONLY, REFUSED }

  private final int cap;
  private final int reserve;
  private int open;
  private int openInReserve;

  ConnectionCount(int cap, int reserve) {
    this.cap = cap;
    this.reserve = reserve;
  }

  Admission admit() {
    if (open < cap) {
      open++;
      return Admission.FULL;
    }
    if (openInReserve < reserve) {
      openInReserve++;
      return Admission.HEALTH_ONLY;
    }
    return Admission.REFUSED;
  }

  /** A connection admitted as {@code admission} closed. */
  void closed(Admission admission) {
    switch (admission) {
      case FULL -> open--;
      case HEALTH_ONLY -> openInReserve--;
      case REFUSED -> { }
    }
  }

  int open() {
    return open + openInReserve;
  }

  int cap() {
    return cap;
  }

  /** Paths a connection in the reserve may ask for. */
  static boolean servedFromReserve(String path) {
    return path != null && (path.startsWith("/health/") || path.equals("/metrics"));
  }
}
