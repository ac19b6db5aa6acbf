package io.ffq.jdbc;

import java.util.List;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's Meta for the driver. Statements execute on the engine directly (so that every
 * SQLException keeps its type and SQLState) and DatabaseMetaData queries the engine's
 * information_schema, so the request/response entry points of Meta are not used here.
 */
final class FfqMeta extends MetaImpl {
  FfqMeta(AvaticaConnection connection) {
    super(connection);
  }

  private static UnsupportedOperationException direct() {
    return new UnsupportedOperationException("ffq-jdbc statements execute on the engine directly");
  }

  @Override public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) { throw direct(); }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback) {
    throw direct();
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) {
    throw direct();
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands) {
    throw direct();
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues) {
    throw direct();
  }

  @Override public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) { throw direct(); }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount) {
    throw direct();
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame) {
    throw direct();
  }

  /** Statements release their engine resources themselves. */
  @Override public void closeStatement(StatementHandle h) {}

  @Override
  public boolean syncResults(StatementHandle sh, org.apache.calcite.avatica.QueryState state, long offset)
      throws NoSuchStatementException {
    return false;
  }

  /** Transactions are handled (honestly: there are none) by FfqConnection. */
  @Override public void commit(ConnectionHandle ch) {}

  @Override public void rollback(ConnectionHandle ch) {}
}
