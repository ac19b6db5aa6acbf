package io.ffq.jdbc.accessor;

import java.sql.SQLException;
import org.apache.arrow.vector.FieldVector;

/**
 * Everything else (lists, structs, maps, intervals, durations): getObject is Arrow's Java
 * value (List, Map, Period/Duration), getString its text.
 */
final class ComplexAccessor extends FfqAccessor {
  private final FieldVector v;

  ComplexAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
  }

  @Override
  protected Object readObject() throws SQLException {
    return isNull(v) ? null : v.getObject(cursor.row);
  }

  @Override
  protected String readString() throws SQLException {
    Object o = getObject();
    return o == null ? null : o.toString();
  }
}
