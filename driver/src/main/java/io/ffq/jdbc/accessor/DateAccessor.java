package io.ffq.jdbc.accessor;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Calendar;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;

/**
 * DATE columns (Date32 days, Date64 milliseconds). A date has no zone: getDate(cal) is
 * midnight of that date in the calendar's zone (the JVM's when none is given).
 */
final class DateAccessor extends FfqAccessor {
  private final DateDayVector days;
  private final DateMilliVector millis;

  DateAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.days = v instanceof DateDayVector ? (DateDayVector) v : null;
    this.millis = v instanceof DateMilliVector ? (DateMilliVector) v : null;
  }

  @Override
  protected LocalDate getLocalDate() throws SQLException {
    if (days != null) {
      return isNull(days) ? null : LocalDate.ofEpochDay(days.get(cursor.row));
    }
    return isNull(millis) ? null : LocalDate.ofEpochDay(Math.floorDiv(millis.get(cursor.row), 86_400_000L));
  }

  @Override
  protected LocalDateTime getLocalDateTime() throws SQLException {
    LocalDate d = getLocalDate();
    return d == null ? null : d.atStartOfDay();
  }

  @Override
  protected Date readDate(Calendar calendar) throws SQLException {
    LocalDate d = getLocalDate();
    if (d == null) {
      return null;
    }
    return calendar == null ? Date.valueOf(d) : new Date(epochMillis(d.atStartOfDay(), calendar));
  }

  @Override
  protected Timestamp readTimestamp(Calendar calendar) throws SQLException {
    LocalDate d = getLocalDate();
    return d == null ? null : new Timestamp(epochMillis(d.atStartOfDay(), calendar));
  }

  @Override
  protected String readString() throws SQLException {
    LocalDate d = getLocalDate();
    return d == null ? null : d.toString();
  }

  @Override
  protected Object readObject() throws SQLException {
    return getDate(null);
  }
}
