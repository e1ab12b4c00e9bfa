package fanfetch.coordinator;

import fanfetch.coordinator.Run.Recorded;
import fanfetch.coordinator.UrlTable.UrlState;

import java.util.ArrayList;
import java.util.List;

/**
 * How a job's URLs enter its current run, a chunk at a time from the store, so that only a
 * window's worth is in memory: which chunk to load next ({@link #LOOKAHEAD} URLs ahead of what
 * is in flight), and what each URL of a loaded chunk becomes, the first step of its life: an
 * invalid URL gets its {@code invalid_url} result, one of a host the job gave up on
 * {@code host_errors}, one loaded while the job closes its closing result; the others join the
 * window. Plain class, one per job.
 */
final class ChunkFeed {

  /** How far ahead of what is in flight the window keeps URLs loaded. */
  static final int LOOKAHEAD = 4096;

  private final Job job;
  private final HostHealth health;
  private final String node;

  ChunkFeed(Job job, HostHealth health, String node) {
    this.job = job;
    this.health = health;
    this.node = node;
  }

  /** The next chunk of URLs to load now (it is marked as loading), or -1 when none is wanted. */
  int nextToLoad() {
    if (job.finished() || (!job.closing() && job.currentRun().window().pending() >= LOOKAHEAD)) {
      return -1;
    }
    return job.urls().takeNextToLoad();
  }

  /**
   * A chunk of URLs loaded for run {@code generation}: its open URLs join the window (or, while the
   * job is closing, get their closing result at once); its invalid ones get their result.
   *
   * @return the new results
   */
  List<Recorded> loaded(int generation, int chunk, List<String> chunkUrls) {
    List<Recorded> known = new ArrayList<>();
    if (job.finished() || generation != job.generation()) {
      return known;
    }
    UrlChunks urls = job.urls();
    UrlTable table = job.table();
    Run run = job.currentRun();
    int first = urls.loaded(chunk, chunkUrls, i -> table.state(i) != UrlState.DONE);
    for (int i = first; i < first + chunkUrls.size(); i++) {
      if (table.state(i) == UrlState.DONE) {
        continue;
      }
      if (!urls.isValid(i)) {
        known.add(run.record(i, urls.invalidResult(i, node), 0));
      } else if (health.givenUp(urls.host(i))) {
        known.add(run.record(i, health.notTried(urls.host(i), node), 0));
      } else if (job.closing()) {
        known.add(job.closer().resultBeforeStart(i));
      } else {
        run.window().append(i);
      }
    }
    return known;
  }

  /** A chunk could not be loaded: it is asked for again (unless its run is over). */
  void failed(int generation) {
    if (generation == job.generation()) {
      job.urls().loadFailed();
    }
  }
}
