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
    if (!cursor.onRow()) {
      throw new SQLException("the result set is not on a row; call next() first", "24000");
    }
    boolean n = v.isNull(cursor.row);
    cursor.wasNull = n;
    return n;
  }

  protected final SQLException cannotConvert(String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + ") cannot be read as " + target, "22018");
  }

  protected final SQLException outOfRange(Object value, String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + "): value " + value + " is out of range for " + target, "22003");
  }

  protected final SQLException unparsable(String value, String target) {
    return new SQLDataException(
        "column '" + column + "' (" + sqlType + "): '" + value + "' cannot be converted to " + target, "22018");
  }

  @Override public boolean wasNull() {
    return cursor.wasNull;
  }

  @Override public String getString() throws SQLException { throw cannotConvert("String"); }
  @Override public boolean getBoolean() throws SQLException { throw cannotConvert("boolean"); }
  @Override public byte getByte() throws SQLException { throw cannotConvert("byte"); }
  @Override public short getShort() throws SQLException { throw cannotConvert("short"); }
  @Override public int getInt() throws SQLException { throw cannotConvert("int"); }
  @Override public long getLong() throws SQLException { throw cannotConvert("long"); }
  @Override public float getFloat() throws SQLException { throw cannotConvert("float"); }
  @Override public double getDouble() throws SQLException { throw cannotConvert("double"); }
  @Override public BigDecimal getBigDecimal() throws SQLException { throw cannotConvert("BigDecimal"); }
  @Override public byte[] getBytes() throws SQLException { throw cannotConvert("byte[]"); }
  @Override public Date getDate(Calendar calendar) throws SQLException { throw cannotConvert("Date"); }
  @Override public Time getTime(Calendar calendar) throws SQLException { throw cannotConvert("Time"); }
  @Override public Timestamp getTimestamp(Calendar calendar) throws SQLException { throw cannotConvert("Timestamp"); }
  @Override public abstract Object getObject() throws SQLException;

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
        "column '" + column + "' (" + sqlType + "): " + what + " values are not supported", "0A000");
  }

  @Override
  public <T> T getObject(Class<T> type) throws SQLException {
    if (type == null) {
      throw new SQLException("getObject: the target class is null", "HY009");
    }
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
