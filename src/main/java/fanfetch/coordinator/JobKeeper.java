package fanfetch.coordinator;

import fanfetch.store.JobRecord;
import fanfetch.store.JobStore;
import fanfetch.store.Leases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Keeps every job coordinated by someone: renews the leases of this node's jobs (a job whose renewal
 * is refused was taken over, and is let go here); claims jobs that have no live coordinator (their
 * node left or was restarted, their lease ran out, or they were released by a node shutting down)
 * and hands them to this node to go on with; and deletes finished jobs once {@code jobs.ttlMs} is
 * over (or the store holds more than {@code jobs.maxStoredUrls} URLs of finished jobs).
 */
final class JobKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(JobKeeper.class);
  /** How often jobs without a live coordinator are looked for. */
  private static final long SCAN_MS = 1_000;
  private static final long SWEEP_MS = 10_000;

  /** The coordinator's side. */
  interface Coordinator {
    /** This node's live jobs. */
    Collection<LiveJob> owned();

    /** A job just claimed by this node: go on with it. */
    void takeOver(JobRecord claimed);

    /** A job of this node's was taken over by another. */
    void lostHold(LiveJob live);
  }

  private final Vertx vertx;
  private final JobStore store;
  private final String node;
  private final long leaseMs;
  private final long ttlMs;
  private final long maxStoredUrls;
  private final Predicate<String> alive;
  private final Coordinator coordinator;
  /** Jobs being claimed or taken over right now, so a scan does not claim one twice. */
  private final Set<String> claiming = new HashSet<>();
  private boolean scanning;
  private boolean stopped;

  /** @param alive whether a node (a record's owner) is still a member */
  JobKeeper(Vertx vertx, JobStore store, String node, long leaseMs, long ttlMs, long maxStoredUrls,
            Predicate<String> alive, Coordinator coordinator) {
    this.vertx = vertx;
    this.store = store;
    this.node = node;
    this.leaseMs = leaseMs;
    this.ttlMs = ttlMs;
    this.maxStoredUrls = maxStoredUrls;
    this.alive = alive;
    this.coordinator = coordinator;
  }

  void start() {
    vertx.setPeriodic(Math.max(100, leaseMs / 3), t -> renew());
    vertx.setPeriodic(SCAN_MS, t -> scan());
    vertx.setPeriodic(SWEEP_MS, t -> sweep());
    scan();
  }

  /** No more claims (the node is shutting down). */
  void stop() {
    stopped = true;
  }

  private void renew() {
    for (LiveJob live : List.copyOf(coordinator.owned())) {
      if (live.job.finished()) {
        continue;
      }
      store.renew(live.id(), node, live.epoch, System.currentTimeMillis(), leaseMs, live.progress())
          .onComplete(renewed -> {
        if (renewed.succeeded() && renewed.result() == null) {
          LOG.info("job " + live.id() + ": taken over by another node; let go here");
          coordinator.lostHold(live);
        }
      });
    }
  }

  /** Looks for jobs without a live coordinator at once (a node just left). */
  void scan() {
    if (scanning || stopped) {
      return;
    }
    scanning = true;
    store.unfinished().onComplete(listed -> {
      scanning = false;
      if (listed.failed()) {
        return;
      }
      Set<String> mine = new HashSet<>();
      coordinator.owned().forEach(l -> mine.add(l.id()));
      long now = System.currentTimeMillis();
      for (JobRecord record : listed.result()) {
        boolean ownerAlive = record.owner() != null && alive.test(record.owner());
        if (!mine.contains(record.id()) && !claiming.contains(record.id())
            && Leases.claim(record, node, now, leaseMs, ownerAlive) != null) {
          claim(record, ownerAlive);
        }
      }
    });
  }

  private void claim(JobRecord record, boolean ownerAlive) {
    claiming.add(record.id());
    store.claim(record.id(), record.epoch(), node, System.currentTimeMillis(), leaseMs, ownerAlive)
        .onComplete(claimed -> {
          claiming.remove(record.id());
          if (claimed.succeeded() && claimed.result() != null && !stopped) {
            LOG.info("job " + record.id() + ": taken over from " + (record.owner() == null ? "no one"
                : record.owner()) + " under epoch " + claimed.result().epoch());
            coordinator.takeOver(claimed.result());
          }
        });
  }

  /** Finished jobs past their time, or beyond the store's budget (the oldest first), are deleted. */
  private void sweep() {
    store.list().onSuccess(all -> {
      long now = System.currentTimeMillis();
      List<JobRecord> finished = new ArrayList<>();
      for (JobRecord r : all) {
        if (r.finished() && (r.owner() == null || node.equals(r.owner()) || !alive.test(r.owner()))) {
          finished.add(r);
        }
      }
      finished.sort(Comparator.comparing(r -> String.valueOf(r.get("finishedAt"))));
      long urls = 0;
      for (JobRecord r : finished) {
        urls += r.urls();
      }
      for (JobRecord r : finished) {
        Object at = r.get("finishedAt");
        boolean expired = at == null || Instant.parse((String) at).toEpochMilli() + ttlMs < now;
        if (expired || urls > maxStoredUrls) {
          urls -= r.urls();
          store.delete(r.id());
        }
      }
    });
  }

  /** Lets every job of this node go, for another node (or this one, restarted) to claim at once. */
  Future<Void> releaseAll() {
    List<Future<?>> releases = new ArrayList<>();
    for (LiveJob live : List.copyOf(coordinator.owned())) {
      if (!live.job.finished()) {
        releases.add(store.release(live.id(), node, live.epoch));
      }
    }
    return Future.join(releases).mapEmpty();
  }
}
