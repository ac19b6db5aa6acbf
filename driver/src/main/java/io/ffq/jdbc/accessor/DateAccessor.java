package io.ffq.jdbc.accessor;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.zone.ZoneRules;
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

  /**
   * The result set's own calendar (getDate without a calendar reads in it) and its zone's
   * offset when that never changes (UTC, or any fixed-offset zone). In a fixed-offset zone,
   * midnight of a date is its UTC midnight minus the offset: one multiplication instead of
   * converting through java.time per row. The result set never changes its calendar; a zone
   * with transitions, or a calendar the caller passes, takes the general path.
   */
  private final Calendar resultCalendar;
  private final boolean fixedOffset;
  private final long offsetMillis;

  DateAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.days = v instanceof DateDayVector ? (DateDayVector) v : null;
    this.millis = v instanceof DateMilliVector ? (DateMilliVector) v : null;
    this.resultCalendar = cursor.localCalendar;
    ZoneRules rules = resultCalendar == null ? null : resultCalendar.getTimeZone().toZoneId().getRules();
    this.fixedOffset = days != null && rules != null && rules.isFixedOffset();
    this.offsetMillis = fixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
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
    if (fixedOffset && calendar == resultCalendar) {
      // the instant epochMillis(date.atStartOfDay(), calendar) gives below
      return isNull(days) ? null : new Date(days.get(cursor.row) * 86_400_000L - offsetMillis);
    }
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
