package fanfetch.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The disk store's SQLite file: how it is opened and locked, its three tables and their statements,
 * and the mapping between rows and records, URL chunks and results. Records are JSON text
 * ({@link JobRecord#encode}), a URL chunk is {@link StoredUrlChunk}' JSON, a result is its stored form
 * ({@link StoredResult#encode}) keyed by (job, run, index) and written with {@code INSERT OR IGNORE}
 * (a result for an index that has one is ignored). Writes take URLs and results already encoded
 * (their caller encodes them on its own thread); reads decode.
 *
 * <p>Plain JDBC with no thread of its own: one caller at a time (the store's thread), and nothing is
 * committed until {@link #transactions}' group ends or the database is closed.
 */
final class JobDatabase {

  private final Connection db;
  private final PreparedStatement getRecord;
  private final PreparedStatement putRecord;
  private final PreparedStatement insertRecord;
  private final PreparedStatement putUrls;
  private final PreparedStatement getUrls;
  private final PreparedStatement putResult;
  private final PreparedStatement getResults;

  private JobDatabase(Connection db) throws SQLException {
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
  }

  /**
   * The database in {@code file} (created with its tables if missing), locked for this process. WAL
   * mode without fsync: a committed write is in the operating system's hands, so it survives the
   * process being killed (not the machine losing power).
   *
   * @throws IllegalStateException when another process (node) holds the file
   */
  static JobDatabase open(Path file) throws SQLException {
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
    try {
      return new JobDatabase(db);
    } catch (SQLException | RuntimeException e) {
      // Closed, or the file stays locked by this process until it ends.
      db.close();
      throw e;
    }
  }

  /** The framing of the store thread's groups: a transaction each, a savepoint an operation. */
  StoreThread.Group transactions() {
    return new SqliteTransactions(db);
  }

  /** The job's record, or null when there is none. */
  JobRecord record(String id) throws SQLException {
    getRecord.setString(1, id);
    try (ResultSet rs = getRecord.executeQuery()) {
      return rs.next() ? JobRecord.decode(rs.getString(1)) : null;
    }
  }

  /** Every job's record, one at a time (they are not all held at once). */
  void forEachRecord(Consumer<JobRecord> each) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT record FROM jobs")) {
      while (rs.next()) {
        each.accept(JobRecord.decode(rs.getString(1)));
      }
    }
  }

  /** Stores a new job's record: false, and nothing written, when its id is taken. */
  boolean insert(JobRecord record) throws SQLException {
    insertRecord.setString(1, record.id());
    insertRecord.setString(2, record.encode());
    return insertRecord.executeUpdate() > 0;
  }

  /** Replaces the record of job {@code id} (nothing when it has none). */
  void update(String id, JobRecord record) throws SQLException {
    putRecord.setString(1, record.encode());
    putRecord.setString(2, id);
    putRecord.executeUpdate();
  }

  /** Stores (or replaces) one chunk of a job's URLs, in {@link StoredUrlChunk}' form. */
  void putUrls(String id, int chunk, String encoded) throws SQLException {
    putUrls.setString(1, id);
    putUrls.setInt(2, chunk);
    putUrls.setString(3, encoded);
    putUrls.executeUpdate();
  }

  /** One chunk of the job's URLs (empty when there is none). */
  List<String> urls(String id, int chunk) throws SQLException {
    getUrls.setString(1, id);
    getUrls.setInt(2, chunk);
    try (ResultSet rs = getUrls.executeQuery()) {
      return StoredUrlChunk.decode(rs.next() ? rs.getString(1) : null);
    }
  }

  /** Removes chunks 0 to {@code chunks - 1} of a job's URLs. */
  void deleteUrls(String id, int chunks) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("DELETE FROM urls WHERE job = ? AND chunk < ?")) {
      s.setString(1, id);
      s.setInt(2, chunks);
      s.executeUpdate();
    }
  }

  /** Stores results of one run, each unless its index has one already: how many were new. */
  int putResults(String id, int run, EncodedResults results) throws SQLException {
    for (int i = 0; i < results.size(); i++) {
      putResult.setString(1, id);
      putResult.setInt(2, run);
      putResult.setInt(3, results.indices()[i]);
      putResult.setBytes(4, results.stored().get(i));
      putResult.addBatch();
    }
    int added = 0;
    for (int n : putResult.executeBatch()) {
      added += Math.max(0, n);
    }
    return added;
  }

  /** The results of one run with indices in {@code [from, to)}, in index order. */
  List<StoredResult> results(String id, int run, int from, int to) throws SQLException {
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
  }

  /** Removes the job: its results, URLs and record. */
  void delete(String id) throws SQLException {
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
  }

  /** Commits what is pending and closes the file (its lock goes with it). */
  void close() throws SQLException {
    db.commit();
    db.close();
  }
}
