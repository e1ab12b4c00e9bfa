package fanfetch.coordinator;

/**
 * How many fetches this node lets run at once so that it never runs out of file descriptors: one
 * connection is one descriptor, and a process has a hard limit ({@code ulimit -n}). The ceiling
 * keeps a reserve below that limit (for the HTTP API's clients, idle pooled connections, the
 * cluster, jars and logs); if the limit is hit anyway, the cap drops to what was in flight then
 * and climbs back one fetch at a time as fetches succeed. Fetches over the cap wait in their job's
 * queue: a job larger than the limit queues, it does not fail. Plain class: no Vert.x.
 */
final class FileBudget {

  private final int ceiling;
  private int cap;

  /**
   * @param maxFileDescriptors the process's limit, or a negative number when unknown
   * @param configured         {@code limits.maxInFlight}
   */
  FileBudget(long maxFileDescriptors, int configured) {
    this.ceiling = maxFileDescriptors <= 0 ? configured
        : (int) Math.max(1, Math.min(configured, maxFileDescriptors - reserve(maxFileDescriptors)));
    this.cap = ceiling;
  }

  /** The process's open-file limit, or -1 where the JVM cannot tell. */
  static long processLimit() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
  }

  /** Descriptors kept for everything but fetches: a tenth of the limit, at least 64. */
  static long reserve(long maxFileDescriptors) {
    return Math.max(64, maxFileDescriptors / 10);
  }

  /** The most fetches that may be in flight now. */
  int cap() {
    return cap;
  }

  int ceiling() {
    return ceiling;
  }

  /**
   * A fetch found no descriptor left while {@code inFlight} others were running: no more than
   * those until some finish.
   *
   * @return true if the cap was at its ceiling until now (the first sign of trouble, worth a log line)
   */
  boolean exhausted(int inFlight) {
    boolean first = cap == ceiling;
    cap = Math.max(1, Math.min(cap, inFlight));
    return first;
  }

  /** A fetch got its connection: one more may run, up to the ceiling. */
  void succeeded() {
    if (cap < ceiling) {
      cap++;
    }
  }
}
