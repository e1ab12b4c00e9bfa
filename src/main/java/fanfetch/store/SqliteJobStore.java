package fanfetch.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One node's job store on local disk: an SQLite database under the data directory, so a node killed
 * and started again finds its unfinished jobs. The file, its tables and how rows map to records and
 * results are {@link JobDatabase}'s; this store adds the job store's rules on top (a job is created
 * once, results are fenced by epoch) and keeps the jobs seen unfinished ({@link OpenJobs}), so that
 * {@link #unfinished} reads only those.
 *
 * <p>Everything runs on the store's own thread ({@link StoreThread}); what was asked together is
 * committed together ({@link SqliteTransactions}), and an operation completes once its commit is done.
 */
public final class SqliteJobStore extends RuleAppliedStore {

  static final String FILE = "fanfetch-jobs.db";
  private static final Logger LOG = LoggerFactory.getLogger(SqliteJobStore.class);

  private final JobDatabase database;
  private final StoreThread thread;
  /** Filled by the store's first operation; touched only on the store's thread. */
  private final OpenJobs open = new OpenJobs();

  private SqliteJobStore(Vertx vertx, JobDatabase database) {
    this.database = database;
    this.thread = new StoreThread(vertx, "fanfetch-job-store", database.transactions());
    // Every kept record is read once, on the store's thread (not the opener's, an event loop); being
    // first in its queue, it is done before any operation that reads the set.
    thread.run(() -> {
      database.forEachRecord(open::saw);
      return null;
    }).onFailure(e -> LOG.error("the job store's records could not all be read; unfinished jobs among them"
        + " will not be taken over: " + e.getMessage()));
  }

  /** The store in {@value #FILE} under {@code dataDir} (created if missing). */
  public static SqliteJobStore open(Vertx vertx, Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("jobs.dataDir " + dataDir + " cannot be created: " + e.getMessage(), e);
    }
    Path file = dataDir.resolve(FILE);
    try {
      return new SqliteJobStore(vertx, JobDatabase.open(file));
    } catch (SQLException e) {
      throw new IllegalStateException("the job store " + file + " cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public Future<Void> create(JobRecord record) {
    return thread.run(() -> {
      if (!database.insert(record)) {
        throw new IllegalStateException("job " + record.id() + " exists");
      }
      open.add(record.id());
      return null;
    });
  }

  @Override
  public Future<JobRecord> get(String id) {
    return thread.run(() -> database.record(id));
  }

  @Override
  public Future<List<JobRecord>> list() {
    return thread.run(() -> {
      List<JobRecord> all = new ArrayList<>();
      database.forEachRecord(all::add);
      return all;
    });
  }

  @Override
  public Future<List<JobRecord>> unfinished() {
    return thread.run(() -> open.unfinished(database::record));
  }

  /** Applies a rule to the record on the store's thread (nothing interleaves): the new record, or null. */
  @Override
  protected Future<JobRecord> change(String id, Function<JobRecord, JobRecord> rule) {
    return thread.run(() -> {
      JobRecord next = rule.apply(database.record(id));
      if (next != null) {
        database.update(id, next);
        open.saw(next);
      }
      return next;
    });
  }

  @Override
  public Future<Void> putUrls(String id, int chunk, List<String> urls) {
    String encoded = StoredUrlChunk.encode(urls);
    return thread.run(() -> {
      database.putUrls(id, chunk, encoded);
      return null;
    });
  }

  @Override
  public Future<List<String>> urls(String id, int chunk) {
    return thread.run(() -> database.urls(id, chunk));
  }

  @Override
  public Future<Void> deleteUrls(String id, int chunks) {
    return thread.run(() -> {
      database.deleteUrls(id, chunks);
      return null;
    });
  }

  @Override
  public Future<Integer> putResults(String id, int run, long epoch, List<StoredResult> results) {
    EncodedResults encoded = EncodedResults.of(results);
    return thread.run(() -> {
      JobRecord record = database.record(id);
      if (record == null || !Leases.accepts(record.epoch(), epoch)) {
        throw new StaleEpochException(id, epoch);
      }
      return database.putResults(id, run, encoded);
    });
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int chunk) {
    return results(id, run, chunk * CHUNK, (chunk + 1) * CHUNK);
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int from, int to) {
    return thread.run(() -> database.results(id, run, from, to));
  }

  @Override
  public Future<Void> delete(String id) {
    return thread.run(() -> {
      database.delete(id);
      open.remove(id);
      return null;
    });
  }

  @Override
  public Future<Void> close() {
    return thread.close(() -> {
      try {
        database.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
