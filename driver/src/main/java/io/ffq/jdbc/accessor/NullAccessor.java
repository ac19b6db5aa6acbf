package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** A column of SQL NULLs: every getter returns null (or 0/false) with wasNull set. */
final class NullAccessor extends FfqAccessor {
  NullAccessor(ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
  }

  private void read() throws SQLException {
    if (!cursor.onRow()) {
      throw new SQLException("the result set is not on a row; call next() first", "24000");
    }
    cursor.wasNull = true;
  }

  @Override public Object getObject() throws SQLException { read(); return null; }
  @Override public String getString() throws SQLException { read(); return null; }
  @Override public boolean getBoolean() throws SQLException { read(); return false; }
  @Override public byte getByte() throws SQLException { read(); return 0; }
  @Override public short getShort() throws SQLException { read(); return 0; }
  @Override public int getInt() throws SQLException { read(); return 0; }
  @Override public long getLong() throws SQLException { read(); return 0; }
  @Override public float getFloat() throws SQLException { read(); return 0; }
  @Override public double getDouble() throws SQLException { read(); return 0; }
  @Override public BigDecimal getBigDecimal() throws SQLException { read(); return null; }
  @Override public byte[] getBytes() throws SQLException { read(); return null; }
  @Override public Date getDate(Calendar c) throws SQLException { read(); return null; }
  @Override public Time getTime(Calendar c) throws SQLException { read(); return null; }
  @Override public Timestamp getTimestamp(Calendar c) throws SQLException { read(); return null; }
  @Override protected java.time.LocalDate getLocalDate() throws SQLException { read(); return null; }
  @Override protected java.time.LocalTime getLocalTime() throws SQLException { read(); return null; }
  @Override protected java.time.LocalDateTime getLocalDateTime() throws SQLException { read(); return null; }
  @Override protected java.time.OffsetDateTime getOffsetDateTime() throws SQLException { read(); return null; }
}
