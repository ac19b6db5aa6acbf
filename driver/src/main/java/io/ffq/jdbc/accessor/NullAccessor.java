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

  @Override protected Object readObject() throws SQLException { read(); return null; }
  @Override protected String readString() throws SQLException { read(); return null; }
  @Override protected boolean readBoolean() throws SQLException { read(); return false; }
  @Override protected byte readByte() throws SQLException { read(); return 0; }
  @Override protected short readShort() throws SQLException { read(); return 0; }
  @Override protected int readInt() throws SQLException { read(); return 0; }
  @Override protected long readLong() throws SQLException { read(); return 0; }
  @Override protected float readFloat() throws SQLException { read(); return 0; }
  @Override protected double readDouble() throws SQLException { read(); return 0; }
  @Override protected BigDecimal readBigDecimal() throws SQLException { read(); return null; }
  @Override protected byte[] readBytes() throws SQLException { read(); return null; }
  @Override protected Date readDate(Calendar c) throws SQLException { read(); return null; }
  @Override protected Time readTime(Calendar c) throws SQLException { read(); return null; }
  @Override protected Timestamp readTimestamp(Calendar c) throws SQLException { read(); return null; }
  @Override protected java.time.LocalDate getLocalDate() throws SQLException { read(); return null; }
  @Override protected java.time.LocalTime getLocalTime() throws SQLException { read(); return null; }
  @Override protected java.time.LocalDateTime getLocalDateTime() throws SQLException { read(); return null; }
  @Override protected java.time.OffsetDateTime getOffsetDateTime() throws SQLException { read(); return null; }
}
