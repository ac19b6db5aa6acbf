package io.ffq.jdbc;

import io.ffq.jdbc.engine.PreparedQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * A prepared statement: planned once by the engine; {@code ?} or {@code $n} parameters are
 * bound as one Arrow row per execution and cast by the engine to the parameters' types.
 * Execution, streaming, timeout and cancel are the plain statement's.
 */
public class FfqPreparedStatement extends FfqStatement implements PreparedStatement {
  private final PreparedQuery prepared;
  private final Meta.Signature sig;
  private final Object[] values;
  private final boolean[] set;
  private final List<Object[]> batch = new ArrayList<>();

  FfqPreparedStatement(FfqConnection connection, Meta.StatementHandle h, Meta.Signature signature,
      PreparedQuery prepared, int type, int concurrency, int holdability) {
    super(connection, h, type, concurrency, holdability, signature);
    this.prepared = prepared;
    this.sig = signature;
    this.values = new Object[signature.parameters.size()];
    this.set = new boolean[values.length];
  }

  private void put(int index, Object value) throws SQLException {
    checkOpen();
    if (index < 1 || index > values.length) {
      throw new SQLException("parameter index " + index + " is out of range; the statement has "
          + values.length + " parameter(s)", "07009");
    }
    values[index - 1] = value;
    set[index - 1] = true;
  }

  private void requireAllSet() throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (!set[i]) {
        throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
      }
    }
  }

  private void runPrepared() throws SQLException {
    checkOpen();
    if (values.length > 0) {
      requireAllSet();
      try (StructVector row = ParameterRow.build(values, allocator)) {
        prepared.bind(row, allocator);
      }
    }
    run(prepared, sig.sql);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    runPrepared();
    return requireRows();
  }

  @Override
  public boolean execute() throws SQLException {
    runPrepared();
    return openResultSet != null;
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    runPrepared();
    return requireCount();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate());
  }

  /** The result's columns, known before execution; null for statements without rows. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return prepared.kind() == PreparedQuery.Kind.QUERY ? new AvaticaResultSetMetaData(this, null, sig) : null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return new FfqParameterMetaData(sig.parameters);
  }

  // SQL given to execute methods of a prepared statement is a programming error (JDBC).
  @Override
  public boolean execute(String sql) throws SQLException {
    checkOpen();
    throw new SQLException("execute(String) cannot be called on a PreparedStatement", "HY000");
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    throw new SQLException("executeQuery(String) cannot be called on a PreparedStatement", "HY000");
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    checkOpen();
    throw new SQLException("executeLargeUpdate(String) cannot be called on a PreparedStatement", "HY000");
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    throw new SQLException("addBatch(String) cannot be called on a PreparedStatement", "HY000");
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    requireAllSet();
    batch.add(values.clone());
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<Object[]> todo = new ArrayList<>(batch);
    batch.clear();
    long[] counts = new long[todo.size()];
    for (int i = 0; i < todo.size(); i++) {
      System.arraycopy(todo.get(i), 0, values, 0, values.length);
      Arrays.fill(set, true);
      try {
        counts[i] = executeLargeUpdate();
      } catch (SQLException e) {
        throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(),
            Arrays.copyOf(counts, i), e);
      }
    }
    return counts;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    long[] l = executeLargeBatch();
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = (int) Math.min(Integer.MAX_VALUE, l[i]);
    }
    return out;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(values, null);
    Arrays.fill(set, false);
  }

  @Override
  void freeNative() {
    prepared.close();
  }

  // ---- setters: values are kept as Java objects and written as Arrow at execution ----

  @Override public void setNull(int i, int sqlType) throws SQLException { put(i, null); }
  @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { put(i, null); }
  @Override public void setBoolean(int i, boolean x) throws SQLException { put(i, x); }
  @Override public void setByte(int i, byte x) throws SQLException { put(i, x); }
  @Override public void setShort(int i, short x) throws SQLException { put(i, x); }
  @Override public void setInt(int i, int x) throws SQLException { put(i, x); }
  @Override public void setLong(int i, long x) throws SQLException { put(i, x); }
  @Override public void setFloat(int i, float x) throws SQLException { put(i, x); }
  @Override public void setDouble(int i, double x) throws SQLException { put(i, x); }
  @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { put(i, x); }
  @Override public void setString(int i, String x) throws SQLException { put(i, x); }
  @Override public void setNString(int i, String x) throws SQLException { put(i, x); }
  @Override public void setBytes(int i, byte[] x) throws SQLException { put(i, x == null ? null : x.clone()); }
  @Override public void setDate(int i, Date x) throws SQLException { put(i, x == null ? null : x.toLocalDate()); }
  @Override public void setTime(int i, Time x) throws SQLException { put(i, x == null ? null : x.toLocalTime()); }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    put(i, x == null ? null : x.toLocalDateTime());
  }

  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    put(i, x == null ? null : cal == null ? x.toLocalDate()
        : Instant.ofEpochMilli(x.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate());
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    put(i, x == null ? null : cal == null ? x.toLocalTime()
        : Instant.ofEpochMilli(x.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalTime());
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    put(i, x == null ? null : cal == null ? x.toLocalDateTime()
        : x.toInstant().atZone(cal.getTimeZone().toZoneId()).toLocalDateTime());
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    if (x instanceof Timestamp) {
      setTimestamp(i, (Timestamp) x);
    } else if (x instanceof Date) {
      setDate(i, (Date) x);
    } else if (x instanceof Time) {
      setTime(i, (Time) x);
    } else if (x instanceof java.util.Date) {
      put(i, new Timestamp(((java.util.Date) x).getTime()).toLocalDateTime());
    } else {
      put(i, x instanceof byte[] ? ((byte[]) x).clone() : x);
    }
  }

  @Override public void setObject(int i, Object x, int targetSqlType) throws SQLException { setObject(i, x); }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    setObject(i, x);
  }

  @Override public void setObject(int i, Object x, SQLType t) throws SQLException { setObject(i, x); }
  @Override public void setObject(int i, Object x, SQLType t, int s) throws SQLException { setObject(i, x); }

  @Override
  public void setCharacterStream(int i, Reader r, int length) throws SQLException {
    setCharacterStream(i, r, (long) length);
  }

  @Override
  public void setCharacterStream(int i, Reader r, long length) throws SQLException {
    setCharacterStream(i, r);
  }

  @Override
  public void setCharacterStream(int i, Reader r) throws SQLException {
    if (r == null) {
      put(i, null);
      return;
    }
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[8192];
    try {
      for (int n; (n = r.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
    } catch (IOException e) {
      throw new SQLException("parameter " + i + ": reading the character stream failed: " + e.getMessage(), "22000", e);
    }
    put(i, sb.toString());
  }

  @Override public void setNCharacterStream(int i, Reader r, long length) throws SQLException { setCharacterStream(i, r); }
  @Override public void setNCharacterStream(int i, Reader r) throws SQLException { setCharacterStream(i, r); }

  @Override
  public void setBinaryStream(int i, InputStream in) throws SQLException {
    try {
      put(i, in == null ? null : in.readAllBytes());
    } catch (IOException e) {
      throw new SQLException("parameter " + i + ": reading the stream failed: " + e.getMessage(), "22000", e);
    }
  }

  @Override public void setBinaryStream(int i, InputStream in, int length) throws SQLException { setBinaryStream(i, in); }
  @Override public void setBinaryStream(int i, InputStream in, long length) throws SQLException { setBinaryStream(i, in); }

  @Override
  public void setAsciiStream(int i, InputStream in) throws SQLException {
    try {
      put(i, in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new SQLException("parameter " + i + ": reading the stream failed: " + e.getMessage(), "22000", e);
    }
  }

  @Override public void setAsciiStream(int i, InputStream in, int length) throws SQLException { setAsciiStream(i, in); }
  @Override public void setAsciiStream(int i, InputStream in, long length) throws SQLException { setAsciiStream(i, in); }

  private SQLException unsupported(String what) throws SQLException {
    checkOpen();
    return FfqErrors.unsupported(FfqErrors.entryPoint(), what + " parameters are not supported");
  }

  @Override public void setRef(int i, Ref x) throws SQLException { throw unsupported("Ref"); }
  @Override public void setBlob(int i, Blob x) throws SQLException { throw unsupported("Blob"); }
  @Override public void setBlob(int i, InputStream x) throws SQLException { throw unsupported("Blob"); }
  @Override public void setBlob(int i, InputStream x, long l) throws SQLException { throw unsupported("Blob"); }
  @Override public void setClob(int i, Clob x) throws SQLException { throw unsupported("Clob"); }
  @Override public void setClob(int i, Reader x) throws SQLException { throw unsupported("Clob"); }
  @Override public void setClob(int i, Reader x, long l) throws SQLException { throw unsupported("Clob"); }
  @Override public void setNClob(int i, NClob x) throws SQLException { throw unsupported("NClob"); }
  @Override public void setNClob(int i, Reader x) throws SQLException { throw unsupported("NClob"); }
  @Override public void setNClob(int i, Reader x, long l) throws SQLException { throw unsupported("NClob"); }
  @Override public void setArray(int i, Array x) throws SQLException { throw unsupported("Array"); }
  @Override public void setURL(int i, java.net.URL x) throws SQLException { throw unsupported("URL"); }
  @Override public void setRowId(int i, RowId x) throws SQLException { throw unsupported("RowId"); }
  @Override public void setSQLXML(int i, SQLXML x) throws SQLException { throw unsupported("SQLXML"); }

  @Override
  @SuppressWarnings("deprecation")
  public void setUnicodeStream(int i, InputStream in, int length) throws SQLException {
    try {
      put(i, in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SQLException("parameter " + i + ": reading the stream failed: " + e.getMessage(), "22000", e);
    }
  }
}
