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
  protected long readLong() throws SQLException {
    long x = raw();
    if (x < 0) {
      throw outOfRange(Long.toUnsignedString(x), "long");
    }
    return x;
  }

  @Override
  protected int readInt() throws SQLException {
    long x = getLong();
    if (x > Integer.MAX_VALUE) {
      throw outOfRange(x, "int");
    }
    return (int) x;
  }

  @Override
  protected short readShort() throws SQLException {
    long x = getLong();
    if (x > Short.MAX_VALUE) {
      throw outOfRange(x, "short");
    }
    return (short) x;
  }

  @Override
  protected byte readByte() throws SQLException {
    long x = getLong();
    if (x > Byte.MAX_VALUE) {
      throw outOfRange(x, "byte");
    }
    return (byte) x;
  }

  @Override protected boolean readBoolean() throws SQLException { return raw() != 0; }

  @Override
  protected double readDouble() throws SQLException {
    BigDecimal d = getBigDecimal();
    return d == null ? 0 : d.doubleValue();
  }

  @Override protected float readFloat() throws SQLException { return (float) getDouble(); }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    long x = raw();
    if (cursor.wasNull) {
      return null;
    }
    return x >= 0 ? BigDecimal.valueOf(x) : new BigDecimal(new BigInteger(Long.toUnsignedString(x)));
  }

  @Override
  protected String readString() throws SQLException {
    long x = raw();
    return cursor.wasNull ? null : Long.toUnsignedString(x);
  }

  @Override
  protected Object readObject() throws SQLException {
    return getBigDecimal();
  }
}
