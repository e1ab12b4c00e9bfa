package fanfetch.coordinator;

/**
 * What the node adds to a job's own limits: the node-wide per-host cap (shared by all its jobs)
 * and the two node limits' values, for {@code heldBackBy}.
 */
record NodeLimits(HostGate gate, int inFlight, int perHost) {
  static final NodeLimits NONE = new NodeLimits(HostGate.NONE, 0, 0);
}
