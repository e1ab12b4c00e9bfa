package fanfetch.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One node's job store on local disk: an SQLite database under the data directory, so a node killed
 * and started again finds its unfinished jobs. Three tables: records, URL chunks, and results by
 * (job, run, index), the last written with {@code INSERT OR IGNORE} (a result for an index that has
 * one is ignored). SQLite runs in WAL mode without fsync: a committed write is in the operating
 * system's hands, so it survives the process being killed (not the machine losing power).
 *
 * <p>Everything runs on the store's own thread ({@link StoreThread}); what was asked together is
 * committed together, and an operation completes once its commit is done.
 */
public final class SqliteJobStore extends RuleAppliedStore {

  static final String FILE = "fanfetch-jobs.db";

  private final Connection db;
  private final StoreThread thread;
  private final PreparedStatement getRecord;
  private final PreparedStatement putRecord;
  private final PreparedStatement insertRecord;
  private final PreparedStatement putUrls;
  private final PreparedStatement getUrls;
  private final PreparedStatement putResult;
  private final PreparedStatement getResults;
  /**
   * Jobs whose record was last seen unfinished, so that {@link #unfinished} reads only those: a
   * superset (a job leaves it when {@link #unfinished} finds it finished or gone, or is deleted).
   * Built when the store opens; touched only on the store's thread.
   */
  private final Set<String> open = new HashSet<>();

  private SqliteJobStore(Vertx vertx, Connection db) throws SQLException {
    this.db = db;
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS urls (job TEXT, chunk INTEGER, urls TEXT NOT NULL,"
          + " PRIMARY KEY (job, chunk)) WITHOUT ROWID");
      s.execute("CREATE TABLE IF NOT EXISTS results (job TEXT, run INTEGER, idx INTEGER, result BLOB NOT NULL,"
          + " PRIMARY KEY (job, run, idx)) WITHOUT ROWID");
    }
    db.setAutoCommit(false);
    getRecord = db.prepareStatement("SELECT record FROM jobs WHERE id = ?");
    putRecord = db.prepareStatement("UPDATE jobs SET record = ? WHERE id = ?");
    insertRecord = db.prepareStatement("INSERT OR IGNORE INTO jobs (id, record) VALUES (?, ?)");
    putUrls = db.prepareStatement("INSERT OR REPLACE INTO urls (job, chunk, urls) VALUES (?, ?, ?)");
    getUrls = db.prepareStatement("SELECT urls FROM urls WHERE job = ? AND chunk = ?");
    putResult = db.prepareStatement("INSERT OR IGNORE INTO results (job, run, idx, result) VALUES (?, ?, ?, ?)");
    getResults = db.prepareStatement("SELECT idx, result FROM results WHERE job = ? AND run = ? AND idx >= ?"
        + " AND idx < ? ORDER BY idx");
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT record FROM jobs")) {
      while (rs.next()) {
        JobRecord record = JobRecord.decode(rs.getString(1));
        if (!record.finished()) {
          open.add(record.id());
        }
      }
    }
    this.thread = new StoreThread(vertx, "fanfetch-job-store", new StoreThread.Group() {
      @Override
      public void begin() {
      }

      @Override
      public <T> T isolated(Callable<T> op) throws Exception {
        Savepoint before = db.setSavepoint();
        try {
          T value = op.call();
          db.releaseSavepoint(before);
          return value;
        } catch (Exception e) {
          db.rollback(before);
          throw e;
        }
      }

      @Override
      public void end() throws SQLException {
        db.commit();
      }
    });
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
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        // Only one node may use a data directory: an exclusive lock, held while the node runs.
        s.execute("PRAGMA locking_mode=EXCLUSIVE");
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("BEGIN EXCLUSIVE");
        s.execute("COMMIT");
      } catch (SQLException busy) {
        db.close();
        throw new IllegalStateException("the job store " + file + " is in use by another fanfetch node: give each"
            + " node a jobs.dataDir of its own (FANFETCH_DATA_DIR)", busy);
      }
      return new SqliteJobStore(vertx, db);
    } catch (SQLException e) {
      throw new IllegalStateException("the job store " + file + " cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public Future<Void> create(JobRecord record) {
    return thread.run(() -> {
      insertRecord.setString(1, record.id());
      insertRecord.setString(2, record.encode());
      if (insertRecord.executeUpdate() == 0) {
        throw new IllegalStateException("job " + record.id() + " exists");
      }
      open.add(record.id());
      return null;
    });
  }

  @Override
  public Future<JobRecord> get(String id) {
    return thread.run(() -> record(id));
  }

  private JobRecord record(String id) throws SQLException {
    getRecord.setString(1, id);
    try (ResultSet rs = getRecord.executeQuery()) {
      return rs.next() ? JobRecord.decode(rs.getString(1)) : null;
    }
  }

  @Override
  public Future<List<JobRecord>> list() {
    return thread.run(() -> {
      List<JobRecord> all = new ArrayList<>();
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT record FROM jobs")) {
        while (rs.next()) {
          all.add(JobRecord.decode(rs.getString(1)));
        }
      }
      return all;
    });
  }

  @Override
  public Future<List<JobRecord>> unfinished() {
    return thread.run(() -> {
      List<JobRecord> found = new ArrayList<>();
      for (String id : List.copyOf(open)) {
        JobRecord record = record(id);
        if (record == null || record.finished()) {
          open.remove(id);
        } else {
          found.add(record);
        }
      }
      return found;
    });
  }

  /** Applies a rule to the record on the store's thread (nothing interleaves): the new record, or null. */
  @Override
  protected Future<JobRecord> change(String id, Function<JobRecord, JobRecord> rule) {
    return thread.run(() -> {
      JobRecord next = rule.apply(record(id));
      if (next != null) {
        putRecord.setString(1, next.encode());
        putRecord.setString(2, id);
        putRecord.executeUpdate();
        if (!next.finished()) {
          open.add(id);
        }
      }
      return next;
    });
  }

  @Override
  public Future<Void> putUrls(String id, int chunk, List<String> urls) {
    String json = new JsonArray(new ArrayList<>(urls)).encode();
    return thread.run(() -> {
      putUrls.setString(1, id);
      putUrls.setInt(2, chunk);
      putUrls.setString(3, json);
      putUrls.executeUpdate();
      return null;
    });
  }

  @Override
  public Future<List<String>> urls(String id, int chunk) {
    return thread.run(() -> {
      getUrls.setString(1, id);
      getUrls.setInt(2, chunk);
      List<String> urls = new ArrayList<>();
      try (ResultSet rs = getUrls.executeQuery()) {
        if (rs.next()) {
          new JsonArray(rs.getString(1)).forEach(u -> urls.add((String) u));
        }
      }
      return urls;
    });
  }

  @Override
  public Future<Void> deleteUrls(String id, int chunks) {
    return thread.run(() -> {
      try (PreparedStatement s = db.prepareStatement("DELETE FROM urls WHERE job = ? AND chunk < ?")) {
        s.setString(1, id);
        s.setInt(2, chunks);
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Integer> putResults(String id, int run, long epoch, List<StoredResult> results) {
    List<byte[]> encoded = new ArrayList<>(results.size());
    results.forEach(r -> encoded.add(r.encode()));
    return thread.run(() -> {
      JobRecord record = record(id);
      if (record == null || !Leases.accepts(record.epoch(), epoch)) {
        throw new StaleEpochException(id, epoch);
      }
      for (int i = 0; i < results.size(); i++) {
        putResult.setString(1, id);
        putResult.setInt(2, run);
        putResult.setInt(3, results.get(i).index());
        putResult.setBytes(4, encoded.get(i));
        putResult.addBatch();
      }
      int added = 0;
      for (int n : putResult.executeBatch()) {
        added += Math.max(0, n);
      }
      return added;
    });
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int chunk) {
    return results(id, run, chunk * CHUNK, (chunk + 1) * CHUNK);
  }

  @Override
  public Future<List<StoredResult>> results(String id, int run, int from, int to) {
    return thread.run(() -> {
      getResults.setString(1, id);
      getResults.setInt(2, run);
      getResults.setInt(3, from);
      getResults.setInt(4, to);
      List<StoredResult> page = new ArrayList<>();
      try (ResultSet rs = getResults.executeQuery()) {
        while (rs.next()) {
          page.add(StoredResult.decode(rs.getInt(1), rs.getBytes(2)));
        }
      }
      return page;
    });
  }

  @Override
  public Future<Void> delete(String id) {
    return thread.run(() -> {
      for (String table : List.of("results", "urls")) {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM " + table + " WHERE job = ?")) {
          s.setString(1, id);
          s.executeUpdate();
        }
      }
      try (PreparedStatement s = db.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
        s.setString(1, id);
        s.executeUpdate();
      }
      open.remove(id);
      return null;
    });
  }

  @Override
  public Future<Void> close() {
    return thread.close(() -> {
      try {
        db.commit();
        db.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
