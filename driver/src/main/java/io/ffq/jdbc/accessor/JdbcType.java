package io.ffq.jdbc.accessor;

import java.sql.Types;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * How an Arrow type appears through JDBC: {@link java.sql.Types} code, SQL type name,
 * Java class of {@code getObject}, precision, scale, display size and signedness.
 */
public final class JdbcType {
  public final int code;
  public final String name;
  public final String className;
  public final int precision;
  public final int scale;
  public final int displaySize;
  public final boolean signed;

  private JdbcType(int code, String name, Class<?> cls, int precision, int scale, int displaySize, boolean signed) {
    this.code = code;
    this.name = name;
    this.className = cls.getName();
    this.precision = precision;
    this.scale = scale;
    this.displaySize = displaySize;
    this.signed = signed;
  }

  /** The JDBC view of an Arrow type. */
  public static JdbcType of(ArrowType type) {
    switch (type.getTypeID()) {
      case Null:
        return new JdbcType(Types.NULL, "NULL", Object.class, 0, 0, 4, false);
      case Bool:
        return new JdbcType(Types.BOOLEAN, "BOOLEAN", Boolean.class, 1, 0, 5, false);
      case Int: {
        ArrowType.Int t = (ArrowType.Int) type;
        int bits = t.getBitWidth();
        if (!t.getIsSigned()) {
          // an unsigned value needs the next wider signed type
          if (bits == 8) return new JdbcType(Types.SMALLINT, "SMALLINT UNSIGNED", Integer.class, 3, 0, 3, false);
          if (bits == 16) return new JdbcType(Types.INTEGER, "INTEGER UNSIGNED", Integer.class, 5, 0, 5, false);
          if (bits == 32) return new JdbcType(Types.BIGINT, "BIGINT UNSIGNED", Long.class, 10, 0, 10, false);
          return new JdbcType(Types.NUMERIC, "UBIGINT", java.math.BigDecimal.class, 20, 0, 20, false);
        }
        if (bits == 8) return new JdbcType(Types.TINYINT, "TINYINT", Integer.class, 3, 0, 4, true);
        if (bits == 16) return new JdbcType(Types.SMALLINT, "SMALLINT", Integer.class, 5, 0, 6, true);
        if (bits == 32) return new JdbcType(Types.INTEGER, "INTEGER", Integer.class, 10, 0, 11, true);
        return new JdbcType(Types.BIGINT, "BIGINT", Long.class, 19, 0, 20, true);
      }
      case FloatingPoint: {
        FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
        if (p == FloatingPointPrecision.DOUBLE) {
          return new JdbcType(Types.DOUBLE, "DOUBLE", Double.class, 15, 0, 24, true);
        }
        return new JdbcType(Types.REAL, "REAL", Float.class, 7, 0, 14, true);
      }
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        return new JdbcType(Types.DECIMAL, "DECIMAL", java.math.BigDecimal.class,
            d.getPrecision(), d.getScale(), d.getPrecision() + 2, true);
      }
      case Utf8:
      case LargeUtf8:
      case Utf8View:
        return new JdbcType(Types.VARCHAR, "VARCHAR", String.class, Integer.MAX_VALUE, 0, Integer.MAX_VALUE, false);
      case Binary:
      case LargeBinary:
      case BinaryView:
        return new JdbcType(Types.VARBINARY, "VARBINARY", byte[].class, Integer.MAX_VALUE, 0, Integer.MAX_VALUE, false);
      case FixedSizeBinary: {
        int w = ((ArrowType.FixedSizeBinary) type).getByteWidth();
        return new JdbcType(Types.BINARY, "BINARY", byte[].class, w, 0, w * 2, false);
      }
      case Date:
        return new JdbcType(Types.DATE, "DATE", java.sql.Date.class, 10, 0, 10, false);
      case Time: {
        int digits = fractionDigits(((ArrowType.Time) type).getUnit());
        return new JdbcType(Types.TIME, "TIME", java.sql.Time.class, 8 + (digits > 0 ? digits + 1 : 0),
            digits, 8 + (digits > 0 ? digits + 1 : 0), false);
      }
      case Timestamp: {
        ArrowType.Timestamp t = (ArrowType.Timestamp) type;
        int digits = fractionDigits(t.getUnit());
        int size = 19 + (digits > 0 ? digits + 1 : 0);
        if (t.getTimezone() == null) {
          return new JdbcType(Types.TIMESTAMP, "TIMESTAMP", java.sql.Timestamp.class, size, digits, size, false);
        }
        return new JdbcType(Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE",
            java.time.OffsetDateTime.class, size + 6, digits, size + 6, false);
      }
      case List:
      case LargeList:
      case FixedSizeList:
      case ListView:
      case LargeListView:
        return new JdbcType(Types.ARRAY, "ARRAY", java.util.List.class, 0, 0, Integer.MAX_VALUE, false);
      case Struct:
        return new JdbcType(Types.STRUCT, "STRUCT", java.util.Map.class, 0, 0, Integer.MAX_VALUE, false);
      case Map:
        return new JdbcType(Types.OTHER, "MAP", java.util.Map.class, 0, 0, Integer.MAX_VALUE, false);
      case Interval:
        return new JdbcType(Types.OTHER, "INTERVAL", Object.class, 0, 0, 64, true);
      case Duration:
        return new JdbcType(Types.OTHER, "DURATION", java.time.Duration.class, 0, 0, 64, true);
      default:
        return new JdbcType(Types.OTHER, type.toString(), Object.class, 0, 0, Integer.MAX_VALUE, false);
    }
  }

  private static int fractionDigits(org.apache.arrow.vector.types.TimeUnit unit) {
    switch (unit) {
      case SECOND: return 0;
      case MILLISECOND: return 3;
      case MICROSECOND: return 6;
      default: return 9;
    }
  }
}
