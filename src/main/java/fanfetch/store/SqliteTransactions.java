package fanfetch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.Callable;

/**
 * How the disk store's thread frames its groups ({@link StoreThread.Group}): a group is one
 * transaction of the connection (which runs without auto-commit, so one is always open), committed
 * at the group's end; each operation runs under a savepoint of its own, so that one that fails is
 * undone alone and the others in its group are still committed.
 */
final class SqliteTransactions implements StoreThread.Group {

  private final Connection db;

  SqliteTransactions(Connection db) {
    this.db = db;
  }

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
}
