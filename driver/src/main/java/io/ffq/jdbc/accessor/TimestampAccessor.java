package io.ffq.jdbc.accessor;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Calendar;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * TIMESTAMP columns in any unit. Without a zone a value is a wall-clock date-time (read in
 * the calendar's zone, the JVM's when none is given); with a zone it is an instant, and
 * getObject returns an OffsetDateTime in the column's zone.
 */
final class TimestampAccessor extends FfqAccessor {
  private final TimeStampVector v;
  private final long unitsPerSecond;
  private final long nanosPerUnit;
  private final ZoneId zone;

  TimestampAccessor(TimeStampVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
    ArrowType.Timestamp t = (ArrowType.Timestamp) v.getField().getType();
    TimeUnit unit = t.getUnit();
    this.unitsPerSecond = unit == TimeUnit.SECOND ? 1 : unit == TimeUnit.MILLISECOND ? 1_000
        : unit == TimeUnit.MICROSECOND ? 1_000_000 : 1_000_000_000;
    this.nanosPerUnit = 1_000_000_000L / unitsPerSecond;
    this.zone = t.getTimezone() == null ? null : zoneOf(t.getTimezone());
  }

  private static ZoneId zoneOf(String tz) {
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** The value as an instant (for zoned columns) or as UTC wall-clock fields (for others). */
  private Instant instant() throws SQLException {
    if (isNull(v)) {
      return null;
    }
    long raw = v.get(cursor.row);
    try {
      return Instant.ofEpochSecond(Math.floorDiv(raw, unitsPerSecond), Math.floorMod(raw, unitsPerSecond) * nanosPerUnit);
    } catch (DateTimeException | ArithmeticException e) {
      throw temporalOutOfRange(e);
    }
  }

  @Override
  protected LocalDateTime getLocalDateTime() throws SQLException {
    Instant i = instant();
    if (i == null) {
      return null;
    }
    try {
      return LocalDateTime.ofInstant(i, zone == null ? ZoneOffset.UTC : zone);
    } catch (DateTimeException e) {
      throw temporalOutOfRange(e);
    }
  }

  @Override
  protected OffsetDateTime getOffsetDateTime() throws SQLException {
    Instant i = instant();
    if (i == null) {
      return null;
    }
    try {
      return OffsetDateTime.ofInstant(i, zone == null ? ZoneOffset.UTC : zone);
    } catch (DateTimeException e) {
      throw temporalOutOfRange(e);
    }
  }

  @Override
  protected LocalDate getLocalDate() throws SQLException {
    LocalDateTime t = getLocalDateTime();
    return t == null ? null : t.toLocalDate();
  }

  @Override
  protected LocalTime getLocalTime() throws SQLException {
    LocalDateTime t = getLocalDateTime();
    return t == null ? null : t.toLocalTime();
  }

  @Override
  protected Timestamp readTimestamp(Calendar calendar) throws SQLException {
    if (zone != null) {
      Instant i = instant();
      return i == null ? null : Timestamp.from(i);
    }
    LocalDateTime t = getLocalDateTime();
    if (t == null) {
      return null;
    }
    Timestamp ts = new Timestamp(epochMillis(t, calendar));
    ts.setNanos(t.getNano());
    return ts;
  }

  @Override
  protected Date readDate(Calendar calendar) throws SQLException {
    Timestamp ts = getTimestamp(calendar);
    if (ts == null) {
      return null;
    }
    LocalDate d = zone != null ? getLocalDate() : getLocalDateTime().toLocalDate();
    return new Date(epochMillis(d.atStartOfDay(), calendar));
  }

  @Override
  protected Time readTime(Calendar calendar) throws SQLException {
    LocalTime t = getLocalTime();
    return t == null ? null : new Time(epochMillis(LocalDate.EPOCH.atTime(t), calendar));
  }

  @Override
  protected String readString() throws SQLException {
    if (zone == null) {
      LocalDateTime t = getLocalDateTime();
      return t == null ? null : t.toLocalDate() + " " + formatTime(t.toLocalTime());
    }
    OffsetDateTime o = getOffsetDateTime();
    if (o == null) {
      return null;
    }
    String offset = o.getOffset() == ZoneOffset.UTC ? "+00:00" : o.getOffset().getId();
    return o.toLocalDate() + " " + formatTime(o.toLocalTime()) + offset;
  }

  @Override
  protected Object readObject() throws SQLException {
    return zone == null ? getTimestamp(null) : getOffsetDateTime();
  }

  /** HH:mm:ss with the fraction only as long as it needs to be. */
  static String formatTime(LocalTime t) {
    StringBuilder sb = new StringBuilder(18);
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond());
    int nanos = t.getNano();
    if (nanos != 0) {
      String f = Integer.toString(nanos + 1_000_000_000).substring(1);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
    return sb.toString();
  }

  private static StringBuilder two(StringBuilder sb, int x) {
    if (x < 10) {
      sb.append('0');
    }
    return sb.append(x);
  }
}
