package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import org.apache.arrow.vector.UInt8Vector;

/** Unsigned 64-bit columns: values above Long.MAX_VALUE are exact through BigDecimal. */
final class UnsignedBigIntAccessor extends FfqAccessor {
  private final UInt8Vector v;

  UnsignedBigIntAccessor(UInt8Vector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.v = v;
  }

  /** The raw bits; negative means above Long.MAX_VALUE. */
  private long raw() throws SQLException {
    return isNull(v) ? 0 : v.get(cursor.row);
  }

  @Override
  public long getLong() throws SQLException {
    long x = raw();
    if (x < 0) {
      throw outOfRange(Long.toUnsignedString(x), "long");
    }
    return x;
  }

  @Override
  public int getInt() throws SQLException {
    long x = getLong();
    if (x > Integer.MAX_VALUE) {
      throw outOfRange(x, "int");
    }
    return (int) x;
  }

  @Override
  public short getShort() throws SQLException {
    long x = getLong();
    if (x > Short.MAX_VALUE) {
      throw outOfRange(x, "short");
    }
    return (short) x;
  }

  @Override
  public byte getByte() throws SQLException {
    long x = getLong();
    if (x > Byte.MAX_VALUE) {
      throw outOfRange(x, "byte");
    }
    return (byte) x;
  }

  @Override public boolean getBoolean() throws SQLException { return raw() != 0; }

  @Override
  public double getDouble() throws SQLException {
    BigDecimal d = getBigDecimal();
    return d == null ? 0 : d.doubleValue();
  }

  @Override public float getFloat() throws SQLException { return (float) getDouble(); }

  @Override
  public BigDecimal getBigDecimal() throws SQLException {
    long x = raw();
    if (cursor.wasNull) {
      return null;
    }
    return x >= 0 ? BigDecimal.valueOf(x) : new BigDecimal(new BigInteger(Long.toUnsignedString(x)));
  }

  @Override
  public String getString() throws SQLException {
    long x = raw();
    return cursor.wasNull ? null : Long.toUnsignedString(x);
  }

  @Override
  public Object getObject() throws SQLException {
    return getBigDecimal();
  }
}
