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
  protected boolean readBoolean() throws SQLException {
    return !isNull(v) && v.get(cursor.row) != 0;
  }

  @Override protected byte readByte() throws SQLException { return (byte) (getBoolean() ? 1 : 0); }
  @Override protected short readShort() throws SQLException { return (short) (getBoolean() ? 1 : 0); }
  @Override protected int readInt() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override protected long readLong() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override protected float readFloat() throws SQLException { return getBoolean() ? 1 : 0; }
  @Override protected double readDouble() throws SQLException { return getBoolean() ? 1 : 0; }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : (b ? BigDecimal.ONE : BigDecimal.ZERO);
  }

  @Override
  protected String readString() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : Boolean.toString(b);
  }

  @Override
  protected Object readObject() throws SQLException {
    boolean b = getBoolean();
    return cursor.wasNull ? null : Boolean.valueOf(b);
  }
}
