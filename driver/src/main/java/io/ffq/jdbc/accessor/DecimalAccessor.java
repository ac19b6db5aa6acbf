package io.ffq.jdbc.accessor;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * DECIMAL columns (128- and 256-bit). Primitive getters on small decimals read the unscaled
 * value straight from the buffer, without a BigDecimal per row.
 */
final class DecimalAccessor extends FfqAccessor {
  private static final double[] POW10 = new double[23];
  private static final long[] LPOW10 = new long[19];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
    long q = 1;
    for (int i = 0; i < LPOW10.length; i++) {
      LPOW10[i] = q;
      q *= 10;
    }
  }

  private final DecimalVector d128;
  private final Decimal256Vector d256;
  private final int scale;
  /** Unscaled values fit in a long (precision <= 18 in a 128-bit vector). */
  private final boolean fitsLong;

  DecimalAccessor(FieldVector v, ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
    this.d128 = v instanceof DecimalVector ? (DecimalVector) v : null;
    this.d256 = v instanceof Decimal256Vector ? (Decimal256Vector) v : null;
    ArrowType.Decimal t = (ArrowType.Decimal) v.getField().getType();
    this.scale = t.getScale();
    this.fitsLong = d128 != null && t.getPrecision() <= 18 && scale >= 0 && scale < LPOW10.length;
  }

  /** The unscaled value of a small decimal: the low 8 bytes of the 16 (little-endian). */
  private long unscaled() {
    return d128.getDataBuffer().getLong((long) cursor.row * DecimalVector.TYPE_WIDTH);
  }

  @Override
  protected BigDecimal readBigDecimal() throws SQLException {
    if (fitsLong) {
      // one object, from the unscaled long (Arrow's getObject copies the 16 bytes into an
      // array, builds a BigInteger and then the BigDecimal)
      return isNull(d128) ? null : BigDecimal.valueOf(unscaled(), scale);
    }
    if (d128 != null) {
      return isNull(d128) ? null : d128.getObject(cursor.row);
    }
    return isNull(d256) ? null : d256.getObject(cursor.row);
  }

  @Override
  protected double readDouble() throws SQLException {
    if (fitsLong) {
      if (isNull(d128)) {
        return 0;
      }
      long u = unscaled();
      // exact operands, so the quotient is correctly rounded, like BigDecimal.doubleValue()
      if (Math.abs(u) < (1L << 53) && scale < POW10.length) {
        return u / POW10[scale];
      }
      return BigDecimal.valueOf(u, scale).doubleValue();
    }
    BigDecimal d = getBigDecimal();
    return d == null ? 0 : d.doubleValue();
  }

  @Override
  protected float readFloat() throws SQLException {
    return (float) getDouble();
  }

  @Override
  protected long readLong() throws SQLException {
    if (fitsLong) {
      return isNull(d128) ? 0 : unscaled() / LPOW10[scale];
    }
    BigDecimal d = getBigDecimal();
    if (d == null) {
      return 0;
    }
    try {
      return d.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException e) {
      throw outOfRange(d.toPlainString(), "long");
    }
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

  @Override
  protected boolean readBoolean() throws SQLException {
    BigDecimal d = getBigDecimal();
    return d != null && d.signum() != 0;
  }

  @Override
  protected String readString() throws SQLException {
    BigDecimal d = getBigDecimal();
    return d == null ? null : d.toPlainString();
  }

  @Override
  protected Object readObject() throws SQLException {
    return getBigDecimal();
  }
}
