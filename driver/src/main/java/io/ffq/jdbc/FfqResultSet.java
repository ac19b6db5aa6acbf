package io.ffq.jdbc;

import io.ffq.jdbc.accessor.ArrowCursor;
import io.ffq.jdbc.accessor.FfqAccessor;
import io.ffq.jdbc.engine.ResultStream;
import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.TimeZone;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.ArrayIteratorCursor;

/**
 * A forward-only, read-only result set streaming the engine's Arrow batches: one batch is
 * held at a time and released when the next arrives or the result set closes.
 */
public class FfqResultSet extends ReadOnlyResultSet {
  private volatile ArrowCursor arrowCursor;

  FfqResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature, ResultSetMetaData md,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, state, signature, md, timeZone, firstFrame);
  }

  /** The accessors over an engine stream, by column; null for rows the driver computed. */
  private FfqAccessor[] engineAccessors;

  /** Attaches the stream; {@code onEnd} runs once when it is released. */
  FfqResultSet open(ResultStream reader, ArrowCursor.FailureMapper failures, Runnable onEnd) throws SQLException {
    arrowCursor = new ArrowCursor(reader, failures, onEnd);
    execute2(arrowCursor, columnMetaDataList);
    engineAccessors = accessorList.toArray(new FfqAccessor[0]);
    return this;
  }

  /**
   * The accessor of {@code column} when the plain read applies (an engine stream, a column in
   * range, the result set open); {@code null} sends the getter through the checked path,
   * which fails with the right SQLState.
   */
  private FfqAccessor engineAccessor(int column) throws SQLException {
    FfqAccessor[] a = engineAccessors;
    return a != null && column >= 1 && column <= a.length && !isClosed() ? a[column - 1] : null;
  }

  // The common getters go to the accessor directly: the same reads, without the layers of
  // lookups in between (a narrow BIGINT fetch spends ~1 ns a row less).

  @Override
  public long getLong(int column) throws SQLException {
    FfqAccessor a = engineAccessor(column);
    return a != null ? a.getLong() : super.getLong(column);
  }

  @Override
  public int getInt(int column) throws SQLException {
    FfqAccessor a = engineAccessor(column);
    return a != null ? a.getInt() : super.getInt(column);
  }

  @Override
  public double getDouble(int column) throws SQLException {
    FfqAccessor a = engineAccessor(column);
    return a != null ? a.getDouble() : super.getDouble(column);
  }

  @Override
  public String getString(int column) throws SQLException {
    FfqAccessor a = engineAccessor(column);
    return a != null ? a.getString() : super.getString(column);
  }

  @Override
  public BigDecimal getBigDecimal(int column) throws SQLException {
    FfqAccessor a = engineAccessor(column);
    return a != null ? a.getBigDecimal() : super.getBigDecimal(column);
  }

  /** Opens over rows the driver computed (metadata): Java values, no engine stream behind them. */
  FfqResultSet openLocal(List<Object[]> rows) {
    execute2(new ArrayIteratorCursor(rows.iterator()), columnMetaDataList);
    return this;
  }

  /**
   * Leaves the row-by-row world: the rest of the result as an {@link ArrowReader} of the
   * engine's batches, zero-copy. This result set is closed; the reader is the caller's to
   * close (its statement closes it too, at the latest). Possible before the first
   * {@code next()} and at the end of a batch.
   */
  public ArrowReader arrowReader() throws SQLException {
    checkOpen();
    if (arrowCursor == null) {
      throw new SQLFeatureNotSupportedException(
          "arrowReader: this result holds rows the driver computed (metadata), not an engine stream", "0A000");
    }
    ArrowReader rest = arrowCursor.handOver().asArrowReader(((FfqStatement) statement).allocator);
    ((FfqStatement) statement).adopt(rest);
    close();
    return rest;
  }

  /** Cancels the stream's query from any thread (its fetch in flight fails with 57014). */
  void cancelStream() {
    ArrowCursor c = arrowCursor;
    if (c != null) {
      c.cancel();
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface == ArrowReader.class) {
      return iface.cast(arrowReader());
    }
    return FfqErrors.unwrap(this, iface);
  }

  /** The statement already ran the query; nothing to do lazily. */
  @Override
  protected AvaticaResultSet execute() {
    return this;
  }

  @Override
  protected void checkOpen() throws SQLException {
    if (isClosed()) {
      throw FfqErrors.closedObject("result set");
    }
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    try {
      return super.next();
    } catch (RuntimeException e) {
      // a close from another thread can land between the check above and the read
      throw isClosed()
          ? new SQLException("the result set was closed while next() ran", "HY010", e)
          : new SQLException("reading the result failed: " + e, "XX000", e);
    }
  }

  /**
   * The accessor's own value, whose class is the column's getColumnClassName (Avatica's
   * default would convert through the JDBC type code first).
   */
  @Override
  public Object getObject(int columnIndex) throws SQLException {
    checkOpen();
    if (columnIndex < 1 || columnIndex > accessorList.size()) {
      throw new SQLException("column index " + columnIndex + " is out of range 1.." + accessorList.size(), "07009");
    }
    return accessorList.get(columnIndex - 1).getObject();
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw new SQLException("fetch size must be >= 0, got " + rows, "HY024");
    }
    // batches are already sized by the statement's fetch size
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return (arrowCursor != null && iface == ArrowReader.class) || iface.isInstance(this)
        || super.isWrapperFor(iface);
  }
}
