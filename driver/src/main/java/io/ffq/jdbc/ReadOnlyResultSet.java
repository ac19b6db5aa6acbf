package io.ffq.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * Column lookup with SQLStates (07009 for an index out of range, 42703 for an unknown label),
 * and what a forward-only, read-only result set refuses: every update, insert and delete of rows,
 * every move but {@code next()}, and positioned updates. Each refusal is a
 * SQLFeatureNotSupportedException (0A000) that names the method and why (HY010 once closed).
 */
abstract class ReadOnlyResultSet extends AvaticaResultSet {
  // The getters below pass the column through checked(...)/findColumn(...) first; Avatica's own
  // lookups fail without a SQLState.

  ReadOnlyResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature, ResultSetMetaData md,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, state, signature, md, timeZone, firstFrame);
  }

  /** {@code columnIndex} if it names a column; else 07009 (invalid descriptor index). */
  protected final int checked(int columnIndex) throws SQLException {
    if (columnIndex < 1 || columnIndex > accessorList.size()) {
      checkOpen();
      throw new SQLException(FfqErrors.entryPoint() + ": column index " + columnIndex + " is out of range 1.."
          + accessorList.size(), "07009");
    }
    return columnIndex;
  }

  /** The column's index; an unknown label is 42703 (undefined column). */
  @Override
  public int findColumn(String columnLabel) throws SQLException {
    try {
      return super.findColumn(columnLabel);
    } catch (SQLException e) {
      if (e.getSQLState() != null) {
        throw e;
      }
      throw new SQLException(FfqErrors.entryPoint() + ": no column labelled '" + columnLabel + "'", "42703", e);
    }
  }

  // Every getter, by index or by label: the column is looked up with a SQLState on failure.

  @Override
  public String getString(int column) throws SQLException {
    return super.getString(checked(column));
  }

  @Override
  public boolean getBoolean(int column) throws SQLException {
    return super.getBoolean(checked(column));
  }

  @Override
  public byte getByte(int column) throws SQLException {
    return super.getByte(checked(column));
  }

  @Override
  public short getShort(int column) throws SQLException {
    return super.getShort(checked(column));
  }

  @Override
  public int getInt(int column) throws SQLException {
    return super.getInt(checked(column));
  }

  @Override
  public long getLong(int column) throws SQLException {
    return super.getLong(checked(column));
  }

  @Override
  public float getFloat(int column) throws SQLException {
    return super.getFloat(checked(column));
  }

  @Override
  public double getDouble(int column) throws SQLException {
    return super.getDouble(checked(column));
  }

  @Override
  public BigDecimal getBigDecimal(int column, int x1) throws SQLException {
    return super.getBigDecimal(checked(column), x1);
  }

  @Override
  public byte[] getBytes(int column) throws SQLException {
    return super.getBytes(checked(column));
  }

  @Override
  public Date getDate(int column) throws SQLException {
    return super.getDate(checked(column));
  }

  @Override
  public Time getTime(int column) throws SQLException {
    return super.getTime(checked(column));
  }

  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    return super.getTimestamp(checked(column));
  }

  @Override
  public InputStream getAsciiStream(int column) throws SQLException {
    return super.getAsciiStream(checked(column));
  }

  @Override
  public InputStream getUnicodeStream(int column) throws SQLException {
    return super.getUnicodeStream(checked(column));
  }

  @Override
  public InputStream getBinaryStream(int column) throws SQLException {
    return super.getBinaryStream(checked(column));
  }

  @Override
  public String getString(String column) throws SQLException {
    return super.getString(findColumn(column));
  }

  @Override
  public boolean getBoolean(String column) throws SQLException {
    return super.getBoolean(findColumn(column));
  }

  @Override
  public byte getByte(String column) throws SQLException {
    return super.getByte(findColumn(column));
  }

  @Override
  public short getShort(String column) throws SQLException {
    return super.getShort(findColumn(column));
  }

  @Override
  public int getInt(String column) throws SQLException {
    return super.getInt(findColumn(column));
  }

  @Override
  public long getLong(String column) throws SQLException {
    return super.getLong(findColumn(column));
  }

  @Override
  public float getFloat(String column) throws SQLException {
    return super.getFloat(findColumn(column));
  }

  @Override
  public double getDouble(String column) throws SQLException {
    return super.getDouble(findColumn(column));
  }

  @Override
  public BigDecimal getBigDecimal(String column, int x1) throws SQLException {
    return super.getBigDecimal(findColumn(column), x1);
  }

  @Override
  public byte[] getBytes(String column) throws SQLException {
    return super.getBytes(findColumn(column));
  }

  @Override
  public Date getDate(String column) throws SQLException {
    return super.getDate(findColumn(column));
  }

  @Override
  public Time getTime(String column) throws SQLException {
    return super.getTime(findColumn(column));
  }

  @Override
  public Timestamp getTimestamp(String column) throws SQLException {
    return super.getTimestamp(findColumn(column));
  }

  @Override
  public InputStream getAsciiStream(String column) throws SQLException {
    return super.getAsciiStream(findColumn(column));
  }

  @Override
  public InputStream getUnicodeStream(String column) throws SQLException {
    return super.getUnicodeStream(findColumn(column));
  }

  @Override
  public InputStream getBinaryStream(String column) throws SQLException {
    return super.getBinaryStream(findColumn(column));
  }

  @Override
  public Reader getCharacterStream(int column) throws SQLException {
    return super.getCharacterStream(checked(column));
  }

  @Override
  public Reader getCharacterStream(String column) throws SQLException {
    return super.getCharacterStream(findColumn(column));
  }

  @Override
  public BigDecimal getBigDecimal(int column) throws SQLException {
    return super.getBigDecimal(checked(column));
  }

  @Override
  public BigDecimal getBigDecimal(String column) throws SQLException {
    return super.getBigDecimal(findColumn(column));
  }

  @Override
  public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
    return super.getObject(checked(column), map);
  }

  @Override
  public Ref getRef(int column) throws SQLException {
    return super.getRef(checked(column));
  }

  @Override
  public Blob getBlob(int column) throws SQLException {
    return super.getBlob(checked(column));
  }

  @Override
  public Clob getClob(int column) throws SQLException {
    return super.getClob(checked(column));
  }

  @Override
  public Array getArray(int column) throws SQLException {
    return super.getArray(checked(column));
  }

  @Override
  public Object getObject(String column, Map<String, Class<?>> map) throws SQLException {
    return super.getObject(findColumn(column), map);
  }

  @Override
  public Ref getRef(String column) throws SQLException {
    return super.getRef(findColumn(column));
  }

  @Override
  public Blob getBlob(String column) throws SQLException {
    return super.getBlob(findColumn(column));
  }

  @Override
  public Clob getClob(String column) throws SQLException {
    return super.getClob(findColumn(column));
  }

  @Override
  public Array getArray(String column) throws SQLException {
    return super.getArray(findColumn(column));
  }

  @Override
  public Date getDate(int column, Calendar x1) throws SQLException {
    return super.getDate(checked(column), x1);
  }

  @Override
  public Date getDate(String column, Calendar x1) throws SQLException {
    return super.getDate(findColumn(column), x1);
  }

  @Override
  public Time getTime(int column, Calendar x1) throws SQLException {
    return super.getTime(checked(column), x1);
  }

  @Override
  public Time getTime(String column, Calendar x1) throws SQLException {
    return super.getTime(findColumn(column), x1);
  }

  @Override
  public Timestamp getTimestamp(int column, Calendar x1) throws SQLException {
    return super.getTimestamp(checked(column), x1);
  }

  @Override
  public Timestamp getTimestamp(String column, Calendar x1) throws SQLException {
    return super.getTimestamp(findColumn(column), x1);
  }

  @Override
  public java.net.URL getURL(int column) throws SQLException {
    return super.getURL(checked(column));
  }

  @Override
  public java.net.URL getURL(String column) throws SQLException {
    return super.getURL(findColumn(column));
  }

  @Override
  public NClob getNClob(int column) throws SQLException {
    return super.getNClob(checked(column));
  }

  @Override
  public NClob getNClob(String column) throws SQLException {
    return super.getNClob(findColumn(column));
  }

  @Override
  public SQLXML getSQLXML(int column) throws SQLException {
    return super.getSQLXML(checked(column));
  }

  @Override
  public SQLXML getSQLXML(String column) throws SQLException {
    return super.getSQLXML(findColumn(column));
  }

  @Override
  public String getNString(int column) throws SQLException {
    return super.getNString(checked(column));
  }

  @Override
  public String getNString(String column) throws SQLException {
    return super.getNString(findColumn(column));
  }

  @Override
  public Reader getNCharacterStream(int column) throws SQLException {
    return super.getNCharacterStream(checked(column));
  }

  @Override
  public Reader getNCharacterStream(String column) throws SQLException {
    return super.getNCharacterStream(findColumn(column));
  }

  @Override
  public <T> T getObject(int column, Class<T> x1) throws SQLException {
    return super.getObject(checked(column), x1);
  }

  @Override
  public <T> T getObject(String column, Class<T> x1) throws SQLException {
    return super.getObject(findColumn(column), x1);
  }

  private SQLFeatureNotSupportedException unsupported(String method, String why) throws SQLException {
    checkOpen();
    return FfqErrors.unsupported(method, why);
  }

  /** Streaming: whether a row is the last is known only after fetching past it. */
  @Override
  public final boolean isLast() throws SQLException {
    throw unsupported("isLast", "the result streams; the last row is known only after next() returns false");
  }

  @Override
  public final RowId getRowId(int column) throws SQLException {
    throw unsupported("getRowId", "the engine has no row ids");
  }

  @Override
  public final RowId getRowId(String column) throws SQLException {
    throw unsupported("getRowId", "the engine has no row ids");
  }

  @Override
  public final java.lang.String getCursorName() throws SQLException {
    throw unsupported("getCursorName", "the engine has no named cursors (positioned updates)");
  }

  @Override
  public final void beforeFirst() throws SQLException {
    throw unsupported("beforeFirst", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final void afterLast() throws SQLException {
    throw unsupported("afterLast", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean first() throws SQLException {
    throw unsupported("first", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean last() throws SQLException {
    throw unsupported("last", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean absolute(int column) throws SQLException {
    throw unsupported("absolute", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean relative(int column) throws SQLException {
    throw unsupported("relative", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean previous() throws SQLException {
    throw unsupported("previous", "the result set is forward-only (TYPE_FORWARD_ONLY)");
  }

  @Override
  public final boolean rowUpdated() throws SQLException {
    throw unsupported("rowUpdated", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final boolean rowInserted() throws SQLException {
    throw unsupported("rowInserted", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final boolean rowDeleted() throws SQLException {
    throw unsupported("rowDeleted", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNull(int column) throws SQLException {
    throw unsupported("updateNull", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBoolean(int column, boolean x) throws SQLException {
    throw unsupported("updateBoolean", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateByte(int column, byte x) throws SQLException {
    throw unsupported("updateByte", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateShort(int column, short x) throws SQLException {
    throw unsupported("updateShort", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateInt(int column, int x) throws SQLException {
    throw unsupported("updateInt", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateLong(int column, long x) throws SQLException {
    throw unsupported("updateLong", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateFloat(int column, float x) throws SQLException {
    throw unsupported("updateFloat", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateDouble(int column, double x) throws SQLException {
    throw unsupported("updateDouble", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBigDecimal(int column, BigDecimal x) throws SQLException {
    throw unsupported("updateBigDecimal", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateString(int column, String x) throws SQLException {
    throw unsupported("updateString", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBytes(int column, byte[] x) throws SQLException {
    throw unsupported("updateBytes", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateDate(int column, Date x) throws SQLException {
    throw unsupported("updateDate", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateTime(int column, Time x) throws SQLException {
    throw unsupported("updateTime", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateTimestamp(int column, Timestamp x) throws SQLException {
    throw unsupported("updateTimestamp", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(int column, InputStream x, int y) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(int column, InputStream x, int y) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(int column, Reader x, int y) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(int column, Object x, int y) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(int column, Object x) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNull(String column) throws SQLException {
    throw unsupported("updateNull", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBoolean(String column, boolean x) throws SQLException {
    throw unsupported("updateBoolean", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateByte(String column, byte x) throws SQLException {
    throw unsupported("updateByte", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateShort(String column, short x) throws SQLException {
    throw unsupported("updateShort", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateInt(String column, int x) throws SQLException {
    throw unsupported("updateInt", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateLong(String column, long x) throws SQLException {
    throw unsupported("updateLong", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateFloat(String column, float x) throws SQLException {
    throw unsupported("updateFloat", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateDouble(String column, double x) throws SQLException {
    throw unsupported("updateDouble", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBigDecimal(String column, BigDecimal x) throws SQLException {
    throw unsupported("updateBigDecimal", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateString(String column, String x) throws SQLException {
    throw unsupported("updateString", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBytes(String column, byte[] x) throws SQLException {
    throw unsupported("updateBytes", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateDate(String column, Date x) throws SQLException {
    throw unsupported("updateDate", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateTime(String column, Time x) throws SQLException {
    throw unsupported("updateTime", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateTimestamp(String column, Timestamp x) throws SQLException {
    throw unsupported("updateTimestamp", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(String column, InputStream x, int y) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(String column, InputStream x, int y) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(String column, Reader x, int y) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(String column, Object x, int y) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(String column, Object x) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void insertRow() throws SQLException {
    throw unsupported("insertRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateRow() throws SQLException {
    throw unsupported("updateRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void deleteRow() throws SQLException {
    throw unsupported("deleteRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void refreshRow() throws SQLException {
    throw unsupported("refreshRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void cancelRowUpdates() throws SQLException {
    throw unsupported("cancelRowUpdates", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void moveToInsertRow() throws SQLException {
    throw unsupported("moveToInsertRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void moveToCurrentRow() throws SQLException {
    throw unsupported("moveToCurrentRow", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateRef(int column, Ref x) throws SQLException {
    throw unsupported("updateRef", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateRef(String column, Ref x) throws SQLException {
    throw unsupported("updateRef", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(int column, Blob x) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(String column, Blob x) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(int column, Clob x) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(String column, Clob x) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateArray(int column, Array x) throws SQLException {
    throw unsupported("updateArray", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateArray(String column, Array x) throws SQLException {
    throw unsupported("updateArray", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateRowId(int column, RowId x) throws SQLException {
    throw unsupported("updateRowId", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateRowId(String column, RowId x) throws SQLException {
    throw unsupported("updateRowId", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNString(int column, String x) throws SQLException {
    throw unsupported("updateNString", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNString(String column, String x) throws SQLException {
    throw unsupported("updateNString", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(int column, NClob x) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(String column, NClob x) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateSQLXML(int column, SQLXML x) throws SQLException {
    throw unsupported("updateSQLXML", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateSQLXML(String column, SQLXML x) throws SQLException {
    throw unsupported("updateSQLXML", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNCharacterStream(int column, Reader x, long y) throws SQLException {
    throw unsupported("updateNCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNCharacterStream(String column, Reader x, long y) throws SQLException {
    throw unsupported("updateNCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(int column, InputStream x, long y) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(int column, InputStream x, long y) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(int column, Reader x, long y) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(String column, InputStream x, long y) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(String column, InputStream x, long y) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(String column, Reader x, long y) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(int column, InputStream x, long y) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(String column, InputStream x, long y) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(int column, Reader x, long y) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(String column, Reader x, long y) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(int column, Reader x, long y) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(String column, Reader x, long y) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNCharacterStream(int column, Reader x) throws SQLException {
    throw unsupported("updateNCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNCharacterStream(String column, Reader x) throws SQLException {
    throw unsupported("updateNCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(int column, InputStream x) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(int column, InputStream x) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(int column, Reader x) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateAsciiStream(String column, InputStream x) throws SQLException {
    throw unsupported("updateAsciiStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBinaryStream(String column, InputStream x) throws SQLException {
    throw unsupported("updateBinaryStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateCharacterStream(String column, Reader x) throws SQLException {
    throw unsupported("updateCharacterStream", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(int column, InputStream x) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateBlob(String column, InputStream x) throws SQLException {
    throw unsupported("updateBlob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(int column, Reader x) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateClob(String column, Reader x) throws SQLException {
    throw unsupported("updateClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(int column, Reader x) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateNClob(String column, Reader x) throws SQLException {
    throw unsupported("updateNClob", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(int column, Object x, SQLType y, int z) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(String column, Object x, SQLType y, int z) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(int column, Object x, SQLType y) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }

  @Override
  public final void updateObject(String column, Object x, SQLType y) throws SQLException {
    throw unsupported("updateObject", "the result set is read-only (CONCUR_READ_ONLY)");
  }
}
