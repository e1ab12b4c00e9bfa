package fanfetch.coordinator;

import fanfetch.store.JobStore;
import io.vertx.core.Vertx;

/**
 * Reads the URL chunks a live job's window wants from the store, as the job asks for them
 * ({@link Job#nextChunkToLoad}): each chunk's URLs join the run (some closed at once, as the job
 * says); a chunk that cannot be read is asked for again after a pause; a chunk missing from the
 * store (lost with cluster members) ends the job with a lost report.
 */
final class ChunkLoader {

  /** Pause before a chunk of URLs that could not be read is asked for again. */
  private static final long CHUNK_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final JobStore store;
  private final JobDriver driver;

  ChunkLoader(Vertx vertx, JobStore store, JobDriver driver) {
    this.vertx = vertx;
    this.store = store;
    this.driver = driver;
  }

  /** Starts reading the chunk the job wants next, if it wants one now. */
  void loadWanted(LiveJob live) {
    Job job = live.job;
    int chunk = job.chunks().nextToLoad();
    if (chunk < 0) {
      return;
    }
    int generation = job.generation();
    store.urls(live.id(), chunk).onComplete(loaded -> {
      if (loaded.failed()) {
        job.chunks().failed(generation);
        vertx.setTimer(CHUNK_RETRY_MS, t -> driver.advance(live));
        return;
      }
      try {
        driver.record(live, job.chunks().loaded(generation, chunk, loaded.result()));
      } catch (IllegalStateException missing) {
        driver.endLost(live, "URL chunk " + chunk + " of the job is missing from the store: "
            + missing.getMessage() + " (more cluster members left than cluster.backups covers)");
        return;
      }
      driver.advance(live);
    });
  }
}
