package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;

/** REAL and DOUBLE columns ({@link Float4Vector}, {@link Float8Vector}). */
final class FloatingAccessor extends FixedWidthAccessor {
  private final Float8Vector f8;
  private final Float4Vector f4;

  FloatingAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.f8 = v instanceof Float8Vector ? (Float8Vector) v : null;
    this.f4 = v instanceof Float4Vector ? (Float4Vector) v : null;
  }

  @Override
  protected double readDouble() throws SQLException {
    if (f8 != null) {
      return isNullIn(f8) ? 0 : values.getDouble((long) cursor.row * Float8Vector.TYPE_WIDTH);
    }
    return isNull(f4) ? 0 : f4.get(cursor.row);
  }

  @Override
  protected float readFloat() throws SQLException {
    if (f4 != null) {
      return isNull(f4) ? 0 : f4.get(cursor.row);
    }
    double d = getDouble();
    if (!Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
      throw outOfRange(d, "float");
    }
    return (float) d;
  }

  private long integral(long min, long max, String target) throws SQLException {
    double d = getDouble();
    if (Double.isNaN(d) || d < min || d > max) {
      throw outOfRange(d, target);
    }
    return (long) d;
  }

  @Override protected long readLong() throws SQLException { return integral(Long.MIN_VALUE, Long.MAX_VALUE, "long"); }
  @Override protected int readInt() throws SQLException { return (int) integral(Integer.MIN_VALUE, Integer.MAX_VALUE, "int"); }
  @Override protected short readShort() throws SQLException { return (short) integral(Short.MIN_VALUE, Short.MAX_VALUE, "short"); }
  @Override protected byte readByte() throws SQLException { return (byte) integral(Byte.MIN_VALUE, Byte.MAX_VALUE, "byte"); }
  @Override protected boolean readBoolean() throws SQLException { return getDouble() != 0; }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    double d = getDouble();
    if (cursor.wasNull) {
      return null;
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw outOfRange(d, "BigDecimal");
    }
    return f4 != null ? new BigDecimal(Float.toString((float) d)) : BigDecimal.valueOf(d);
  }

  @Override
  protected String readString() throws SQLException {
    double d = getDouble();
    if (cursor.wasNull) {
      return null;
    }
    return f4 != null ? Float.toString((float) d) : Double.toString(d);
  }

  @Override
  protected Object readObject() throws SQLException {
    double d = getDouble();
    if (cursor.wasNull) {
      return null;
    }
    return f4 != null ? (Object) Float.valueOf((float) d) : (Object) Double.valueOf(d);
  }
}
