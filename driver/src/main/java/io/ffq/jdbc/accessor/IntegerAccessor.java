package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.arrow.vector.BaseIntVector;

/**
 * Integer columns of every width, signed and unsigned up to 32 bits ({@link BaseIntVector}).
 * Narrowing getters check the range rather than wrap.
 */
final class IntegerAccessor extends FfqAccessor {
  private final BaseIntVector v;
  private final boolean boxAsLong;

  IntegerAccessor(BaseIntVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
    this.boxAsLong = Long.class.getName().equals(JdbcType.of(v.getField().getType()).className);
  }

  @Override
  public long getLong() throws SQLException {
    return isNull(v) ? 0 : v.getValueAsLong(cursor.row);
  }

  @Override
  public int getInt() throws SQLException {
    long x = getLong();
    if ((int) x != x) {
      throw outOfRange(x, "int");
    }
    return (int) x;
  }

  @Override
  public short getShort() throws SQLException {
    long x = getLong();
    if ((short) x != x) {
      throw outOfRange(x, "short");
    }
    return (short) x;
  }

  @Override
  public byte getByte() throws SQLException {
    long x = getLong();
    if ((byte) x != x) {
      throw outOfRange(x, "byte");
    }
    return (byte) x;
  }

  @Override public boolean getBoolean() throws SQLException { return getLong() != 0; }
  @Override public float getFloat() throws SQLException { return getLong(); }
  @Override public double getDouble() throws SQLException { return getLong(); }

  @Override
  public BigDecimal getBigDecimal() throws SQLException {
    long x = getLong();
    return cursor.wasNull ? null : BigDecimal.valueOf(x);
  }

  @Override
  public String getString() throws SQLException {
    long x = getLong();
    return cursor.wasNull ? null : Long.toString(x);
  }

  @Override
  public Object getObject() throws SQLException {
    long x = getLong();
    if (cursor.wasNull) {
      return null;
    }
    return boxAsLong ? (Object) Long.valueOf(x) : (Object) Integer.valueOf((int) x);
  }
}
