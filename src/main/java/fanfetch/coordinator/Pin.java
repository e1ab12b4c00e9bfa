package fanfetch.coordinator;

/** A fetcher instance's own address and the cluster node it runs on: where a sequential run's next task goes. */
record Pin(String fetcher, String node) {
}
