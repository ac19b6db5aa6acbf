package io.ffq.jdbc.accessor;

import java.sql.SQLException;
import java.util.HexFormat;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VariableWidthFieldVector;

/** Binary columns (Binary, LargeBinary, BinaryView, FixedSizeBinary); getString is hex. */
final class BinaryAccessor extends FfqAccessor {
  private final VariableWidthFieldVector variable;
  private final FixedSizeBinaryVector fixed;

  BinaryAccessor(VariableWidthFieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.variable = v;
    this.fixed = null;
  }

  BinaryAccessor(FixedSizeBinaryVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.variable = null;
    this.fixed = v;
  }

  @Override
  protected byte[] readBytes() throws SQLException {
    if (variable != null) {
      return isNull(variable) ? null : variable.get(cursor.row);
    }
    return isNull(fixed) ? null : fixed.get(cursor.row);
  }

  @Override
  protected String readString() throws SQLException {
    byte[] b = getBytes();
    return b == null ? null : HexFormat.of().formatHex(b);
  }

  @Override
  protected Object readObject() throws SQLException {
    return getBytes();
  }
}
