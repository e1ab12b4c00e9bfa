package fanfetch.store;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The disk store's SQLite file, without the store's thread: its tables, rows and lock. */
class JobDatabaseTest {

  /** The tables as data files written so far have them (SQLite keeps each one's definition as text). */
  private static final List<String> TABLES = List.of(
      "CREATE TABLE jobs (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
      "CREATE TABLE results (job TEXT, run INTEGER, idx INTEGER, result BLOB NOT NULL,"
          + " PRIMARY KEY (job, run, idx)) WITHOUT ROWID",
      "CREATE TABLE urls (job TEXT, chunk INTEGER, urls TEXT NOT NULL, PRIMARY KEY (job, chunk)) WITHOUT ROWID");

  /**
   * A result as earlier versions stored it: not ok (0), no status (-1), 3 bytes, 4250 µs in all,
   * 2500 µs queued, held back by perHost (1), then its JSON.
   */
  private static final String STORED_RESULT = "00FFFFFFFF0000000000000003000000000000109A00000000000009C401"
      + "7B22696E646578223A313032392C226F6B223A66616C73652C226279746573223A337D";

  @TempDir
  Path dir;

  private static JobRecord record(String id) {
    return JobRecord.create(id, new JsonObject().put("mode", "parallel"), 2, "key-1", "node-a", 1000, 10_000,
        "2026-01-01T00:00:00Z");
  }

  private static StoredResult result(int index, String text) {
    JsonObject json = new JsonObject().put("index", index).put("ok", true).put("status", 200).put("text", text);
    return StoredResult.of(index, json, json.toBuffer().getBytes());
  }

  private static List<String> texts(List<StoredResult> results) {
    return results.stream().map(r -> r.index() + ":" + r.toJson().getString("text")).toList();
  }

  @Test
  void aFileWrittenByEarlierVersionsOpensAndReadsBack() throws Exception {
    Path file = dir.resolve("earlier.db");
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
      for (String table : TABLES) {
        s.execute(table);
      }
      s.execute("INSERT INTO jobs VALUES ('j1', '" + record("j1").encode() + "')");
      s.execute("INSERT INTO urls VALUES ('j1', 0, '[\"http://a.test/\",\"http://b.test/\"]')");
      s.execute("INSERT INTO results VALUES ('j1', 1, 1029, X'" + STORED_RESULT + "')");
    }

    JobDatabase database = JobDatabase.open(file);

    assertThat(database.record("j1")).isEqualTo(record("j1"));
    assertThat(database.urls("j1", 0)).containsExactly("http://a.test/", "http://b.test/");
    StoredResult stored = database.results("j1", 1, 1024, 2048).get(0);
    assertThat(stored.index()).isEqualTo(1029);
    assertThat(stored.ok()).isFalse();
    assertThat(stored.status()).isNull();
    assertThat(stored.bytes()).isEqualTo(3);
    assertThat(stored.totalUs()).isEqualTo(4250);
    assertThat(stored.queueUs()).isEqualTo(2500);
    assertThat(stored.queuedBy()).isEqualTo("perHost");
    assertThat(stored.toJson()).isEqualTo(new JsonObject().put("index", 1029).put("ok", false).put("bytes", 3));
    assertThat(HexFormat.of().withUpperCase().formatHex(stored.encode())).isEqualTo(STORED_RESULT);
    database.close();
  }

  @Test
  void aNewFileHasTheTablesEarlierFilesHave() throws Exception {
    Path file = dir.resolve("new.db");
    JobDatabase.open(file).close();

    List<String> tables = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement();
         ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables).containsExactlyElementsOf(TABLES);
  }

  @Test
  void oneProcessAtATimeHoldsTheFile() throws Exception {
    Path file = dir.resolve("locked.db");
    JobDatabase first = JobDatabase.open(file);

    assertThatThrownBy(() -> JobDatabase.open(file)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in use by another fanfetch node");
    first.close();
    JobDatabase.open(file).close();
  }

  @Test
  void aRecordIsInsertedOnceUpdatedAndKeptAcrossAReopen() throws Exception {
    Path file = dir.resolve("records.db");
    JobDatabase database = JobDatabase.open(file);

    assertThat(database.insert(record("j1"))).isTrue();
    assertThat(database.insert(record("j1").with("owner", "node-b"))).as("the id is taken").isFalse();
    database.insert(record("j2"));
    database.update("j2", record("j2").with("state", JobRecord.DONE));
    database.update("none", record("none"));
    assertThat(database.record("none")).as("an update creates nothing").isNull();
    database.close();

    JobDatabase again = JobDatabase.open(file);
    List<JobRecord> all = new ArrayList<>();
    again.forEachRecord(all::add);
    assertThat(all).containsExactlyInAnyOrder(record("j1"), record("j2").with("state", JobRecord.DONE));
    assertThat(again.record("j1").owner()).isEqualTo("node-a");
    again.close();
  }

  @Test
  void urlChunksAreReplacedAndDeletedBelowACount() throws Exception {
    JobDatabase database = JobDatabase.open(dir.resolve("urls.db"));
    database.putUrls("j1", 0, StoredUrlChunk.encode(List.of("http://old.test/")));
    database.putUrls("j1", 0, StoredUrlChunk.encode(List.of("http://a.test/")));
    database.putUrls("j1", 1, StoredUrlChunk.encode(List.of("http://b.test/")));
    database.putUrls("j1", 2, StoredUrlChunk.encode(List.of("http://c.test/")));

    assertThat(database.urls("j1", 0)).containsExactly("http://a.test/");
    database.deleteUrls("j1", 2);

    assertThat(database.urls("j1", 0)).isEmpty();
    assertThat(database.urls("j1", 1)).isEmpty();
    assertThat(database.urls("j1", 2)).containsExactly("http://c.test/");
    database.close();
  }

  @Test
  void aResultForAnIndexThatHasOneIsIgnoredAndARangeReadsInIndexOrder() throws Exception {
    JobDatabase database = JobDatabase.open(dir.resolve("results.db"));

    assertThat(database.putResults("j1", 1, EncodedResults.of(List.of(result(5, "a"), result(1, "b"))))).isEqualTo(2);
    assertThat(database.putResults("j1", 1, EncodedResults.of(List.of(result(5, "again"), result(3, "c")))))
        .as("only index 3 is new").isEqualTo(1);
    database.putResults("j1", 2, EncodedResults.of(List.of(result(2, "run two"))));

    assertThat(texts(database.results("j1", 1, 0, 1024))).containsExactly("1:b", "3:c", "5:a");
    assertThat(texts(database.results("j1", 1, 3, 5))).containsExactly("3:c");
    assertThat(texts(database.results("j1", 2, 0, 1024))).containsExactly("2:run two");
    database.close();
  }

  @Test
  void deletingAJobRemovesItsRecordUrlsAndResultsAndNoOtherJobs() throws Exception {
    JobDatabase database = JobDatabase.open(dir.resolve("delete.db"));
    for (String id : List.of("gone", "kept")) {
      database.insert(record(id));
      database.putUrls(id, 0, StoredUrlChunk.encode(List.of("http://a.test/")));
      database.putResults(id, 1, EncodedResults.of(List.of(result(0, id))));
    }

    database.delete("gone");

    assertThat(database.record("gone")).isNull();
    assertThat(database.urls("gone", 0)).isEmpty();
    assertThat(database.results("gone", 1, 0, 1024)).isEmpty();
    assertThat(database.record("kept")).isNotNull();
    assertThat(database.urls("kept", 0)).hasSize(1);
    assertThat(texts(database.results("kept", 1, 0, 1024))).containsExactly("0:kept");
    database.close();
  }
}
