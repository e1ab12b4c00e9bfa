package fanfetch.config;

/**
 * Where jobs live and how they outlive a node.
 *
 * @param store     {@code jobs.store}: {@code disk} (a single node's jobs under {@code dataDir},
 *                  found again after a restart) or {@code memory}; a clustered node always uses
 *                  the cluster's maps
 * @param dataDir   {@code jobs.dataDir}
 * @param leaseMs   {@code jobs.leaseMs}: how long a coordinator's hold on a job lasts unrenewed
 *                  (it renews every third of it); another node takes the job over after that, or
 *                  at once when the holder leaves the cluster
 * @param backups   {@code cluster.backups}: copies of each job's data on other members
 * @param graceMs   {@code shutdown.graceMs}: how long a node being stopped lets fetches in flight finish
 */
public record Durability(String store, String dataDir, long leaseMs, int backups, long graceMs) {

  public boolean onDisk() {
    return "disk".equals(store);
  }
}
