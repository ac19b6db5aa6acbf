package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.util.ReusableByteArray;

/**
 * VARCHAR columns: Utf8, LargeUtf8 and the Utf8View type DataFusion produces. Other getters
 * parse the text and fail with 22018 when it does not parse.
 */
final class VarCharAccessor extends FfqAccessor {
  private final VariableWidthFieldVector v;
  private final ReusableByteArray buf = new ReusableByteArray();

  VarCharAccessor(VariableWidthFieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
  }

  @Override
  protected String readString() throws SQLException {
    if (isNull(v)) {
      return null;
    }
    v.read(cursor.row, buf);
    return new String(buf.getBuffer(), 0, (int) buf.getLength(), StandardCharsets.UTF_8);
  }

  @Override
  protected byte[] readBytes() throws SQLException {
    return isNull(v) ? null : v.get(cursor.row);
  }

  @Override
  protected Object readObject() throws SQLException {
    return getString();
  }

  private String trimmed(String target) throws SQLException {
    String s = getString();
    return s == null ? null : s.trim();
  }

  @Override
  protected long readLong() throws SQLException {
    String s = trimmed("long");
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw unparsable(s, "long");
    }
  }

  @Override
  protected int readInt() throws SQLException {
    long x = getLong();
    if ((int) x != x) {
      throw outOfRange(x, "int");
    }
    return (int) x;
  }

  @Override
  protected short readShort() throws SQLException {
    long x = getLong();
    if ((short) x != x) {
      throw outOfRange(x, "short");
    }
    return (short) x;
  }

  @Override
  protected byte readByte() throws SQLException {
    long x = getLong();
    if ((byte) x != x) {
      throw outOfRange(x, "byte");
    }
    return (byte) x;
  }

  @Override
  protected double readDouble() throws SQLException {
    String s = trimmed("double");
    if (s == null) {
      return 0;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw unparsable(s, "double");
    }
  }

  @Override
  protected float readFloat() throws SQLException {
    return (float) getDouble();
  }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    String s = trimmed("BigDecimal");
    if (s == null) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw unparsable(s, "BigDecimal");
    }
  }

  @Override
  protected boolean readBoolean() throws SQLException {
    String s = trimmed("boolean");
    if (s == null) {
      return false;
    }
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true": case "t": case "1": case "yes": case "y":
        return true;
      case "false": case "f": case "0": case "no": case "n":
        return false;
      default:
        throw unparsable(s, "boolean");
    }
  }

  @Override
  protected LocalDate getLocalDate() throws SQLException {
    String s = trimmed("LocalDate");
    try {
      return s == null ? null : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw unparsable(s, "LocalDate");
    }
  }

  @Override
  protected LocalTime getLocalTime() throws SQLException {
    String s = trimmed("LocalTime");
    try {
      return s == null ? null : LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw unparsable(s, "LocalTime");
    }
  }

  @Override
  protected LocalDateTime getLocalDateTime() throws SQLException {
    String s = trimmed("LocalDateTime");
    try {
      return s == null ? null : LocalDateTime.parse(s.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw unparsable(s, "LocalDateTime");
    }
  }

  @Override
  protected OffsetDateTime getOffsetDateTime() throws SQLException {
    String s = trimmed("OffsetDateTime");
    try {
      return s == null ? null : OffsetDateTime.parse(s.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw unparsable(s, "OffsetDateTime");
    }
  }

  @Override
  protected Date readDate(Calendar calendar) throws SQLException {
    LocalDate d = getLocalDate();
    return d == null ? null : new Date(epochMillis(d.atStartOfDay(), calendar));
  }

  @Override
  protected Time readTime(Calendar calendar) throws SQLException {
    LocalTime t = getLocalTime();
    return t == null ? null : new Time(epochMillis(LocalDate.EPOCH.atTime(t), calendar));
  }

  @Override
  protected Timestamp readTimestamp(Calendar calendar) throws SQLException {
    LocalDateTime t = getLocalDateTime();
    if (t == null) {
      return null;
    }
    Timestamp ts = new Timestamp(epochMillis(t, calendar));
    ts.setNanos(t.getNano());
    return ts;
  }
}
