package io.ffq.jdbc.accessor;

import java.sql.SQLException;
import java.sql.Time;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Calendar;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;

/** TIME columns in any unit; values are times of day without a zone. */
final class TimeAccessor extends FfqAccessor {
  private final TimeSecVector sec;
  private final TimeMilliVector milli;
  private final TimeMicroVector micro;
  private final TimeNanoVector nano;

  TimeAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.sec = v instanceof TimeSecVector ? (TimeSecVector) v : null;
    this.milli = v instanceof TimeMilliVector ? (TimeMilliVector) v : null;
    this.micro = v instanceof TimeMicroVector ? (TimeMicroVector) v : null;
    this.nano = v instanceof TimeNanoVector ? (TimeNanoVector) v : null;
  }

  @Override
  protected LocalTime getLocalTime() throws SQLException {
    try {
      return localTime();
    } catch (java.time.DateTimeException | ArithmeticException e) {
      throw temporalOutOfRange(e);
    }
  }

  private LocalTime localTime() throws SQLException {
    int r = cursor.row;
    if (sec != null) {
      return isNull(sec) ? null : LocalTime.ofSecondOfDay(sec.get(r));
    }
    if (milli != null) {
      return isNull(milli) ? null : LocalTime.ofNanoOfDay(milli.get(r) * 1_000_000L);
    }
    if (micro != null) {
      return isNull(micro) ? null : LocalTime.ofNanoOfDay(micro.get(r) * 1_000L);
    }
    return isNull(nano) ? null : LocalTime.ofNanoOfDay(nano.get(r));
  }

  @Override
  protected Time readTime(Calendar calendar) throws SQLException {
    LocalTime t = getLocalTime();
    return t == null ? null : new Time(epochMillis(LocalDate.EPOCH.atTime(t), calendar));
  }

  @Override
  protected String readString() throws SQLException {
    LocalTime t = getLocalTime();
    return t == null ? null : TimestampAccessor.formatTime(t);
  }

  @Override
  protected Object readObject() throws SQLException {
    return getTime(null);
  }
}
