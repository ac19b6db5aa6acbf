package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.arrow.vector.BitVector;

/** BOOLEAN columns ({@link BitVector}); numeric getters read true as 1. */
final class BooleanAccessor extends FfqAccessor {
  private final BitVector v;

  BooleanAccessor(BitVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
  }

  @Override
  public boolean getBoolean() throws SQLException {
    return !isNull(v) && v.get(cursor.row) != 0;
  }

  @Override public byte getByte() throws SQLException { return (byte) (getBoolean() ? 1 : 0); }
  @Override public short getShort() throws SQLException { return (short) (getBoolean() ? 1 : 0); }
  @Override public int getInt() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override public long getLong() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override public float getFloat() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override public double getDouble() throws SQLException { return getBoolean() ? 1 : 0; }

  @Override
  public BigDecimal getBigDecimal() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : (b ? BigDecimal.ONE : BigDecimal.ZERO);
  }

  @Override
  public String getString() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : Boolean.toString(b);
  }

  @Override
  public Object getObject() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : Boolean.valueOf(b);
  }
}
