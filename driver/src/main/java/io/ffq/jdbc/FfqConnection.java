package io.ffq.jdbc;

import io.ffq.jdbc.engine.Engine;
import io.ffq.jdbc.engine.EngineRegistry;
import io.ffq.jdbc.engine.EngineStatus;
import io.ffq.jdbc.engine.ExecOptions;
import io.ffq.jdbc.engine.Execution;
import io.ffq.jdbc.engine.NativeLoader;
import io.ffq.jdbc.engine.PreparedQuery;
import io.ffq.jdbc.engine.SqlErrors;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.Meta;

/**
 * A connection to an embedded engine: private, or shared by name or catalog path.
 * Auto-commit is always in effect underneath: the engine applies every statement at once
 * and has no transactions, and DatabaseMetaData says so.
 */
public class FfqConnection extends AvaticaConnection {
  private final FfqUrl ffqUrl;
  private final EngineRegistry.Lease lease;
  private final BufferAllocator allocator;
  private final Deque<FfqStatement> statements = new ConcurrentLinkedDeque<>();
  private final Properties clientInfo = new Properties();
  private volatile boolean readOnly;
  private volatile boolean autoCommit = true;
  private volatile int writesSinceCommit;
  private volatile boolean ffqClosed;
  private SQLWarning warnings;

  FfqConnection(FfqDriver driver, AvaticaFactory factory, String url, Properties info) throws SQLException {
    // Avatica keeps the URL for getURL(): the redacted one, so no secret is ever shown.
    super(driver, factory, FfqUrl.redact(url), info);
    this.ffqUrl = FfqUrl.parse(url, info);
    try {
      NativeLoader.ensureLoaded();
    } catch (NativeLoader.NativeLoadException e) {
      throw new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
    }
    String json = ffqUrl.configJson();
    try {
      this.lease = ffqUrl.sharedKey() == null
          ? EngineRegistry.openPrivate(json)
          : EngineRegistry.openShared(ffqUrl.sharedKey(), json);
    } catch (SQLException e) {
      throw connectFailure(e);
    }
    this.allocator = FfqAllocators.root().newChildAllocator("ffq-connection-" + handle.id, 0, Long.MAX_VALUE);
  }

  /** A config or catalog the engine refused is a failed connect (08001). */
  private static SQLException connectFailure(SQLException e) {
    EngineStatus status = EngineStatus.of(e.getErrorCode());
    if ((status == EngineStatus.INVALID_CONFIG || status == EngineStatus.IO) && !"08001".equals(e.getSQLState())) {
      return SqlErrors.of("08001", "cannot open the engine: " + e.getMessage(), e.getErrorCode(), e);
    }
    return e;
  }

  Engine engine() throws SQLException {
    checkOpen();
    return lease.engine();
  }

  BufferAllocator allocator() {
    return allocator;
  }

  AvaticaFactory factory() {
    return factory;
  }

  void track(FfqStatement s) {
    statements.add(s);
  }

  void untrack(FfqStatement s) {
    statements.remove(s);
  }

  /** A statement that changed data or the catalog ran; rollback can no longer be honest. */
  void noteWrite(PreparedQuery.Kind kind) {
    if (kind != PreparedQuery.Kind.QUERY && !autoCommit) {
      writesSinceCommit++;
    }
  }

  @Override
  protected void checkOpen() throws SQLException {
    if (ffqClosed || isClosed()) {
      throw FfqErrors.closed("connection");
    }
  }

  @Override
  public org.apache.calcite.avatica.AvaticaStatement createStatement(int type, int concurrency, int holdability)
      throws SQLException {
    checkOpen();
    return factory.newStatement(this, null, forwardOnly(type), readOnlyConcurrency(concurrency), holdability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    checkOpen();
    if (sql == null) {
      throw new SQLException("SQL is null", "HY009");
    }
    PreparedQuery ns = lease.engine().prepare(sql);
    try {
      Meta.Signature signature = FfqSignatures.of(
          sql,
          ns.kind() == PreparedQuery.Kind.QUERY ? ns.resultFields(allocator) : null,
          ns.parameterFields(allocator),
          ns.kind() == PreparedQuery.Kind.QUERY ? Meta.StatementType.SELECT : Meta.StatementType.OTHER_DDL);
      Meta.StatementHandle h = meta.createStatement(handle);
      h.signature = signature;
      FfqPreparedStatement ps = new FfqPreparedStatement(
          this, h, signature, ns, forwardOnly(type), readOnlyConcurrency(concurrency), holdability);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    if (autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS) {
      throw FfqErrors.unsupported("prepareStatement", "the engine has no generated keys");
    }
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    checkOpen();
    throw FfqErrors.unsupported("prepareStatement", "the engine has no generated keys");
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    checkOpen();
    throw FfqErrors.unsupported("prepareStatement", "the engine has no generated keys");
  }

  // What an embedded engine without transactions, LOBs, user types or stored procedures refuses.

  private SQLFeatureNotSupportedException unsupported(String method, String why) throws SQLException {
    checkOpen();
    return FfqErrors.unsupported(method, why);
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql) throws SQLException {
    throw unsupported("prepareCall", "the engine has no stored procedures");
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    throw unsupported("prepareCall", "the engine has no stored procedures");
  }

  @Override
  public java.sql.CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    throw unsupported("prepareCall", "the engine has no stored procedures");
  }

  @Override
  public java.sql.Blob createBlob() throws SQLException {
    throw unsupported("createBlob", "the engine has no LOB types; bind byte[] with setBytes");
  }

  @Override
  public java.sql.Clob createClob() throws SQLException {
    throw unsupported("createClob", "the engine has no LOB types; bind text with setString");
  }

  @Override
  public java.sql.NClob createNClob() throws SQLException {
    throw unsupported("createNClob", "the engine has no LOB types; bind text with setString");
  }

  @Override
  public java.sql.SQLXML createSQLXML() throws SQLException {
    throw unsupported("createSQLXML", "the engine has no XML type");
  }

  @Override
  public java.sql.Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw unsupported("createStruct", "the engine has no user-defined types");
  }

  @Override
  public java.sql.Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw unsupported("createArrayOf", "array parameters are not supported");
  }

  @Override
  public java.sql.Savepoint setSavepoint() throws SQLException {
    throw unsupported("setSavepoint", "the engine has no transactions");
  }

  @Override
  public java.sql.Savepoint setSavepoint(String name) throws SQLException {
    throw unsupported("setSavepoint", "the engine has no transactions");
  }

  @Override
  public void releaseSavepoint(java.sql.Savepoint savepoint) throws SQLException {
    throw unsupported("releaseSavepoint", "the engine has no transactions");
  }

  @Override
  public void rollback(java.sql.Savepoint savepoint) throws SQLException {
    throw unsupported("rollback", "the engine has no transactions (no savepoints)");
  }

  @Override
  public void setShardingKey(java.sql.ShardingKey key) throws SQLException {
    throw unsupported("setShardingKey", "the engine is not sharded");
  }

  @Override
  public void setShardingKey(java.sql.ShardingKey key, java.sql.ShardingKey superKey) throws SQLException {
    throw unsupported("setShardingKey", "the engine is not sharded");
  }

  @Override
  public boolean setShardingKeyIfValid(java.sql.ShardingKey key, int timeout) throws SQLException {
    throw unsupported("setShardingKeyIfValid", "the engine is not sharded");
  }

  @Override
  public boolean setShardingKeyIfValid(java.sql.ShardingKey key, java.sql.ShardingKey superKey, int timeout)
      throws SQLException {
    throw unsupported("setShardingKeyIfValid", "the engine is not sharded");
  }

  private volatile int networkTimeoutMillis;

  /**
   * Validated and kept for {@link #getNetworkTimeout}; the embedded engine has no network to
   * time out (use {@code setQueryTimeout} to bound a statement).
   */
  @Override
  public void setNetworkTimeout(java.util.concurrent.Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    if (executor == null) {
      throw new SQLException("setNetworkTimeout: executor is null", "HY009");
    }
    if (milliseconds < 0) {
      throw new SQLException("setNetworkTimeout: the timeout must be >= 0, got " + milliseconds, "HY024");
    }
    networkTimeoutMillis = milliseconds;
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeoutMillis;
  }

  /** No user-defined types: the map is always empty. */
  @Override
  public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return new java.util.HashMap<>();
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    if (map != null && !map.isEmpty()) {
      throw FfqErrors.unsupported("setTypeMap", "the engine has no user-defined types to map");
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return FfqErrors.unwrap(this, iface);
  }

  private int forwardOnly(int type) {
    if (type != ResultSet.TYPE_FORWARD_ONLY) {
      addWarning(new SQLWarning("result sets are forward-only; TYPE_FORWARD_ONLY is used", "01S02"));
    }
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  private int readOnlyConcurrency(int concurrency) {
    if (concurrency != ResultSet.CONCUR_READ_ONLY) {
      addWarning(new SQLWarning("result sets are read-only; CONCUR_READ_ONLY is used", "01S02"));
    }
    return ResultSet.CONCUR_READ_ONLY;
  }

  private synchronized void addWarning(SQLWarning w) {
    if (warnings == null) {
      warnings = w;
    } else {
      warnings.setNextWarning(w);
    }
  }

  @Override
  public synchronized SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return warnings;
  }

  @Override
  public synchronized void clearWarnings() throws SQLException {
    checkOpen();
    warnings = null;
  }

  /**
   * Runs {@code sql} and returns the engine's Arrow stream directly, without the JDBC row
   * layer. The caller closes the reader; a statement's rows are the same batches.
   */
  public ArrowReader queryArrow(String sql) throws SQLException {
    checkOpen();
    try (PreparedQuery ns = lease.engine().prepare(sql)) {
      Execution ex = ns.execute(allocator, new ExecOptions(0, 0, readOnly));
      if (ex.rows() == null) {
        throw new SQLException("the statement returned no rows", "02000");
      }
      return ex.rows().asArrowReader(allocator);
    }
  }

  /**
   * Makes Java-side Arrow data a table that SQL can query and join with file tables:
   * {@code data}'s batches are read once, now, into engine memory (within
   * {@code mem_budget_bytes}), and {@code data} is closed. The table is the engine's: every
   * connection to a shared engine sees it; {@code DROP TABLE name} removes it.
   */
  public void registerTable(String name, ArrowReader data) throws SQLException {
    checkOpen();
    if (name == null || data == null) {
      throw new SQLException("registerTable: name and data must not be null", "HY009");
    }
    if (readOnly) {
      throw new SQLException("read-only connection: registering a table is not allowed", "25006");
    }
    // Arrow moves buffers only between allocators of one root: export from the data's own.
    BufferAllocator owner = allocator;
    try {
      List<org.apache.arrow.vector.FieldVector> vectors = data.getVectorSchemaRoot().getFieldVectors();
      owner = vectors.isEmpty() ? allocator : vectors.get(0).getAllocator();
    } catch (java.io.IOException e) {
      throw new SQLException("registerTable: cannot read the data's schema: " + e.getMessage(), "22000", e);
    }
    lease.engine().registerArrow(name, data, owner);
  }

  /** {@link #registerTable(String, ArrowReader)} for one batch; {@code data} stays the caller's. */
  public void registerTable(String name, org.apache.arrow.vector.VectorSchemaRoot data) throws SQLException {
    checkOpen();
    if (data == null) {
      throw new SQLException("registerTable: data must not be null", "HY009");
    }
    // the reader shares the root's buffers, so it allocates where they live
    BufferAllocator owner = data.getFieldVectors().isEmpty() ? allocator : data.getFieldVectors().get(0).getAllocator();
    registerTable(name, new OneBatchReader(data, owner));
  }

  /** Asks the engine: runs {@code SELECT 1} within the timeout. */
  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (timeoutSeconds < 0) {
      throw new SQLException("isValid: the timeout must be >= 0, got " + timeoutSeconds, "HY024");
    }
    if (ffqClosed || isClosed()) {
      return false;
    }
    try (Statement s = createStatement()) {
      s.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    this.readOnly = readOnly;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    if (autoCommit && !this.autoCommit) {
      writesSinceCommit = 0; // JDBC: switching auto-commit on commits
    }
    this.autoCommit = autoCommit;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  /** Everything is already applied; in manual mode commit only ends the "transaction". */
  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("commit: auto-commit is on", "25000");
    }
    writesSinceCommit = 0;
  }

  /**
   * Honest: nothing can be undone, so a rollback after changes fails (SQLState 25000, invalid
   * transaction state: an error of this call, not of the connection, which pools keep).
   */
  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("rollback: auto-commit is on", "25000");
    }
    if (writesSinceCommit > 0) {
      int n = writesSinceCommit;
      writesSinceCommit = 0;
      throw new SQLException("rollback: " + n + " statement(s) since the last commit "
          + "already changed data; the engine applies statements immediately and has no transactions", "25000");
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != Connection.TRANSACTION_NONE) {
      addWarning(new SQLWarning("the engine has no transactions; isolation stays TRANSACTION_NONE", "01000"));
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return Connection.TRANSACTION_NONE;
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    if (schema != null && !schema.equalsIgnoreCase("public")) {
      throw new SQLException("schema '" + schema + "' does not exist; tables live in schema public", "3F000");
    }
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return "public";
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    if (catalog != null && !catalog.equalsIgnoreCase("ffq")) {
      throw new SQLException("catalog '" + catalog + "' does not exist; tables live in catalog ffq", "3D000");
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return "ffq";
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (ffqClosed) {
      throw new SQLClientInfoException("setClientInfo: connection is closed", "08003", 0,
          Collections.singletonMap(name, ClientInfoStatus.REASON_UNKNOWN));
    }
    if (value == null) {
      clientInfo.remove(name);
    } else {
      clientInfo.setProperty(name, value);
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    for (String name : properties.stringPropertyNames()) {
      setClientInfo(name, properties.getProperty(name));
    }
  }

  /** Only what was set through setClientInfo; connection properties (and secrets) never appear. */
  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new SQLException("abort: executor is null", "HY009");
    }
    if (ffqClosed) {
      return;
    }
    for (FfqStatement s : statements) {
      s.cancelQuietly();
    }
    executor.execute(() -> {
      try {
        close();
      } catch (SQLException ignored) {
        // aborting: nobody to tell
      }
    });
  }

  /**
   * Idempotent. Cancels and closes statements (and their result sets) newest first, then
   * releases the engine and the Arrow memory.
   */
  @Override
  public void close() throws SQLException {
    synchronized (this) {
      if (ffqClosed) {
        return;
      }
      ffqClosed = true;
    }
    SQLException first = null;
    for (Iterator<FfqStatement> it = statements.descendingIterator(); it.hasNext(); ) {
      FfqStatement s = it.next();
      try {
        s.cancelQuietly();
        s.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    statements.clear();
    try {
      if (lease != null) {
        lease.close();
      }
      if (allocator != null) {
        allocator.close();
      }
    } catch (RuntimeException e) {
      SQLException leak = new SQLException("closing the connection: " + e.getMessage(), "XX000", e);
      first = first == null ? leak : first;
    }
    super.close();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return ffqClosed || super.isClosed();
  }

  /** The parsed URL and config of this connection. */
  public Map<String, String> engineConfig() {
    return ffqUrl.config();
  }
}
