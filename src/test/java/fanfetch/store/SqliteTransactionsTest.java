package fanfetch.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A group of the store thread's operations as one SQLite transaction, each operation under its own savepoint. */
class SqliteTransactionsTest {

  private Connection db;
  private SqliteTransactions group;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT)");
    }
    db.setAutoCommit(false);
    group = new SqliteTransactions(db);
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  private int insert(String value) throws SQLException {
    try (Statement s = db.createStatement()) {
      return s.executeUpdate("INSERT INTO t (v) VALUES ('" + value + "')");
    }
  }

  private long rows() throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anOperationThatFailsIsUndoneAloneAndTheRestOfItsGroupIsCommitted() throws Exception {
    group.begin();
    assertThat(group.isolated(() -> insert("first"))).isEqualTo(1);
    assertThatThrownBy(() -> group.isolated(() -> {
      insert("undone");
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    group.isolated(() -> insert("third"));
    group.end();

    db.rollback();
    assertThat(rows()).as("committed at the group's end, less the failed operation").isEqualTo(2);
  }

  @Test
  void nothingIsCommittedBeforeTheGroupEnds() throws Exception {
    group.begin();
    group.isolated(() -> insert("pending"));

    db.rollback();

    assertThat(rows()).isZero();
  }
}
