package io.ffq.jdbc.accessor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Map;
import org.apache.arrow.vector.ValueVector;
import org.apache.calcite.avatica.util.Cursor;

/**
 * Base of the accessors: one subclass per Arrow vector family reads the cursor's current
 * row. Every getter a family does not support fails through {@link #cannotConvert}, the one
 * failure path ("column 'x' (TYPE) cannot be read as T"). Subclasses set
 * {@code cursor.wasNull} on every read.
 */
public abstract class FfqAccessor implements Cursor.Accessor {
  protected final ArrowCursor cursor;
  protected final String column;
  protected final String sqlType;

  protected FfqAccessor(ArrowCursor cursor, String column, String sqlType) {
    this.cursor = cursor;
    this.column = column;
    this.sqlType = sqlType;
  }

  /** Marks and returns whether the current row's value is null. */
  protected final boolean isNull(ValueVector v) throws SQLException {
    checkOnRow();
    boolean n = v.isNull(cursor.row);
    cursor.wasNull = n;
    return n;
  }

  /** Fails unless the cursor is on a row. */
  protected final void checkOnRow() throws SQLException {
    if (!cursor.onRow()) {
      throw cursor.isClosed()
          ? new SQLException("the result set is closed", "HY010")
          : new SQLException("the result set is not on a row; call next() first", "24000");
    }
  }

  protected final SQLException cannotConvert(String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + ") cannot be read as " + target, "22018");
  }

  protected final SQLException outOfRange(Object value, String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + "): value " + value + " is out of range for " + target, "22003");
  }

  /** A stored date or time that Java's types cannot hold (SQLState 22008). */
  protected final SQLException temporalOutOfRange(RuntimeException e) {
    SQLDataException x = new SQLDataException(
        "column '" + column + "' (" + sqlType + "): the value is outside the range of java.time ("
            + e.getMessage() + ")", "22008");
    x.initCause(e);
    return x;
  }

  protected final SQLException unparsable(String value, String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + "): '" + value + "' cannot be converted to " + target, "22018");
  }

  @Override public boolean wasNull() {
    return cursor.wasNull;
  }

  // Every public getter reads through here: a read that fails with a runtime exception (a
  // batch released by a close from another thread, an engine value Java cannot hold) is
  // an SQLException (see ArrowCursor#readFailed). Subclasses implement the read* methods.
  @Override public final String getString() throws SQLException {
    try { return readString(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final boolean getBoolean() throws SQLException {
    try { return readBoolean(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final byte getByte() throws SQLException {
    try { return readByte(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final short getShort() throws SQLException {
    try { return readShort(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final int getInt() throws SQLException {
    try { return readInt(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final long getLong() throws SQLException {
    try { return readLong(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final float getFloat() throws SQLException {
    try { return readFloat(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final double getDouble() throws SQLException {
    try { return readDouble(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final BigDecimal getBigDecimal() throws SQLException {
    try { return readBigDecimal(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final byte[] getBytes() throws SQLException {
    try { return readBytes(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final Date getDate(Calendar calendar) throws SQLException {
    try { return readDate(calendar); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final Time getTime(Calendar calendar) throws SQLException {
    try { return readTime(calendar); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final Timestamp getTimestamp(Calendar calendar) throws SQLException {
    try { return readTimestamp(calendar); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }
  @Override public final Object getObject() throws SQLException {
    try { return readObject(); } catch (RuntimeException e) { throw cursor.readFailed(column, e); }
  }

  protected String readString() throws SQLException { throw cannotConvert("String"); }
  protected boolean readBoolean() throws SQLException { throw cannotConvert("boolean"); }
  protected byte readByte() throws SQLException { throw cannotConvert("byte"); }
  protected short readShort() throws SQLException { throw cannotConvert("short"); }
  protected int readInt() throws SQLException { throw cannotConvert("int"); }
  protected long readLong() throws SQLException { throw cannotConvert("long"); }
  protected float readFloat() throws SQLException { throw cannotConvert("float"); }
  protected double readDouble() throws SQLException { throw cannotConvert("double"); }
  protected BigDecimal readBigDecimal() throws SQLException { throw cannotConvert("BigDecimal"); }
  protected byte[] readBytes() throws SQLException { throw cannotConvert("byte[]"); }
  protected Date readDate(Calendar calendar) throws SQLException { throw cannotConvert("Date"); }
  protected Time readTime(Calendar calendar) throws SQLException { throw cannotConvert("Time"); }
  protected Timestamp readTimestamp(Calendar calendar) throws SQLException { throw cannotConvert("Timestamp"); }
  protected abstract Object readObject() throws SQLException;

  protected LocalDate getLocalDate() throws SQLException { throw cannotConvert("LocalDate"); }
  protected LocalTime getLocalTime() throws SQLException { throw cannotConvert("LocalTime"); }
  protected LocalDateTime getLocalDateTime() throws SQLException { throw cannotConvert("LocalDateTime"); }
  protected OffsetDateTime getOffsetDateTime() throws SQLException { throw cannotConvert("OffsetDateTime"); }

  @Override
  public BigDecimal getBigDecimal(int scale) throws SQLException {
    BigDecimal d = getBigDecimal();
    return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    String s = getString();
    return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public InputStream getUnicodeStream() throws SQLException {
    String s = getString();
    return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    byte[] b = getBytes();
    return b == null ? null : new ByteArrayInputStream(b);
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    String s = getString();
    return s == null ? null : new StringReader(s);
  }

  @Override public Reader getNCharacterStream() throws SQLException { return getCharacterStream(); }
  @Override public String getNString() throws SQLException { return getString(); }
  @Override public Object getObject(Map<String, Class<?>> map) throws SQLException { return getObject(); }

  @Override public Ref getRef() throws SQLException { throw unsupported("Ref"); }
  @Override public Blob getBlob() throws SQLException { throw unsupported("Blob"); }
  @Override public Clob getClob() throws SQLException { throw unsupported("Clob"); }
  @Override public NClob getNClob() throws SQLException { throw unsupported("NClob"); }
  @Override public SQLXML getSQLXML() throws SQLException { throw unsupported("SQLXML"); }
  @Override public Array getArray() throws SQLException { throw unsupported("Array"); }
  @Override public Struct getStruct() throws SQLException { throw unsupported("Struct"); }
  @Override public URL getURL() throws SQLException { throw unsupported("URL"); }

  private SQLException unsupported(String what) {
    return new SQLFeatureNotSupportedException(
        "get" + what + ": column '" + column + "' (" + sqlType + "): " + what + " values are not supported", "0A000");
  }

  @Override
  public <T> T getObject(Class<T> type) throws SQLException {
    if (type == null) {
      throw new SQLException("getObject: the target class is null", "HY009");
    }
    try {
      return readObject(type);
    } catch (RuntimeException e) {
      throw cursor.readFailed(column, e);
    }
  }

  private <T> T readObject(Class<T> type) throws SQLException {
    Object v;
    if (type == String.class) {
      v = getString();
    } else if (type == Integer.class) {
      int x = getInt();
      v = cursor.wasNull ? null : x;
    } else if (type == Long.class) {
      long x = getLong();
      v = cursor.wasNull ? null : x;
    } else if (type == Short.class) {
      short x = getShort();
      v = cursor.wasNull ? null : x;
    } else if (type == Byte.class) {
      byte x = getByte();
      v = cursor.wasNull ? null : x;
    } else if (type == Double.class) {
      double x = getDouble();
      v = cursor.wasNull ? null : x;
    } else if (type == Float.class) {
      float x = getFloat();
      v = cursor.wasNull ? null : x;
    } else if (type == Boolean.class) {
      boolean x = getBoolean();
      v = cursor.wasNull ? null : x;
    } else if (type == BigDecimal.class) {
      v = getBigDecimal();
    } else if (type == BigInteger.class) {
      BigDecimal d = getBigDecimal();
      v = d == null ? null : d.toBigInteger();
    } else if (type == byte[].class) {
      v = getBytes();
    } else if (type == LocalDate.class) {
      v = getLocalDate();
    } else if (type == LocalTime.class) {
      v = getLocalTime();
    } else if (type == LocalDateTime.class) {
      v = getLocalDateTime();
    } else if (type == OffsetDateTime.class) {
      v = getOffsetDateTime();
    } else if (type == ZonedDateTime.class) {
      OffsetDateTime o = getOffsetDateTime();
      v = o == null ? null : o.toZonedDateTime();
    } else if (type == Instant.class) {
      OffsetDateTime o = getOffsetDateTime();
      v = o == null ? null : o.toInstant();
    } else if (type == Date.class) {
      v = getDate(null);
    } else if (type == Time.class) {
      v = getTime(null);
    } else if (type == Timestamp.class) {
      v = getTimestamp(null);
    } else {
      Object o = getObject();
      if (o != null && !type.isInstance(o)) {
        throw cannotConvert(type.getName());
      }
      v = o;
    }
    return type.cast(v);
  }

  /** Local date-time in the calendar's zone (or the JVM's) as epoch milliseconds. */
  protected static long epochMillis(LocalDateTime t, Calendar calendar) {
    if (calendar == null) {
      return Timestamp.valueOf(t).getTime();
    }
    return t.atZone(calendar.getTimeZone().toZoneId()).toInstant().toEpochMilli();
  }

  /** Offset of the calendar's zone (or UTC) at the given instant. */
  protected static ZoneOffset offsetOf(Calendar calendar, Instant at) {
    return calendar == null ? ZoneOffset.UTC : calendar.getTimeZone().toZoneId().getRules().getOffset(at);
  }
}
