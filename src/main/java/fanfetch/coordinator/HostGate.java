package fanfetch.coordinator;

/** The node-wide per-host cap, shared by every job of a coordinator ({@link NodeHosts}). */
interface HostGate {

  HostGate NONE = new HostGate() {
    @Override
    public boolean tryTake(String host) {
      return true;
    }

    @Override
    public boolean hasRoom(String host) {
      return true;
    }

    @Override
    public void give(String host) {
    }
  };

  /** Takes one of the host's node-wide slots, if one is free. */
  boolean tryTake(String host);

  boolean hasRoom(String host);

  void give(String host);
}
