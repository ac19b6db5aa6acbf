package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;

/**
 * Integer columns of every width, signed and unsigned up to 32 bits ({@link BaseIntVector}).
 * Narrowing getters check the range rather than wrap.
 */
final class IntegerAccessor extends FixedWidthAccessor {
  private final BaseIntVector v;
  private final boolean boxAsLong;
  private final BigIntVector bigint;

  IntegerAccessor(BaseIntVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
    this.boxAsLong = Long.class.getName().equals(JdbcType.of(v.getField().getType()).className);
    this.bigint = v instanceof BigIntVector ? (BigIntVector) v : null;
  }

  @Override
  protected long readLong() throws SQLException {
    if (bigint != null) {
      return isNullIn(bigint) ? 0 : values.getLong((long) cursor.row * BigIntVector.TYPE_WIDTH);
    }
    return isNull(v) ? 0 : v.getValueAsLong(cursor.row);
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

  @Override protected boolean readBoolean() throws SQLException { return getLong() != 0; }
  @Override protected float readFloat() throws SQLException { return getLong(); }
  @Override protected double readDouble() throws SQLException { return getLong(); }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    long x = getLong();
    return cursor.wasNull ? null : BigDecimal.valueOf(x);
  }

  @Override
  protected String readString() throws SQLException {
    long x = getLong();
    return cursor.wasNull ? null : Long.toString(x);
  }

  @Override
  protected Object readObject() throws SQLException {
    long x = getLong();
    if (cursor.wasNull) {
      return null;
    }
    return boxAsLong ? (Object) Long.valueOf(x) : (Object) Integer.valueOf((int) x);
  }
}
