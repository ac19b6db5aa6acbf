package io.ffq.jdbc.accessor;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Picks the accessor for a vector: one family per Arrow vector kind. */
public final class Accessors {
  private Accessors() {}

  public static FfqAccessor create(FieldVector v, String label, ArrowCursor cursor) {
    String sqlType = JdbcType.of(v.getField().getType()).name;
    ArrowType.ArrowTypeID id = v.getField().getType().getTypeID();
    if (v instanceof NullVector) {
      return new NullAccessor(cursor, label, sqlType);
    }
    if (v instanceof BitVector) {
      return new BooleanAccessor((BitVector) v, cursor, label, sqlType);
    }
    if (v instanceof UInt8Vector) {
      return new UnsignedBigIntAccessor((UInt8Vector) v, cursor, label, sqlType);
    }
    if (v instanceof BaseIntVector && id == ArrowType.ArrowTypeID.Int) {
      return new IntegerAccessor((BaseIntVector) v, cursor, label, sqlType);
    }
    if (v instanceof Float8Vector) {
      return new FloatingAccessor(v, cursor, label, sqlType);
    }
    if (v instanceof Float4Vector) {
      return new FloatingAccessor(v, cursor, label, sqlType);
    }
    if (v instanceof DecimalVector || v instanceof Decimal256Vector) {
      return new DecimalAccessor(v, cursor, label, sqlType);
    }
    if (id == ArrowType.ArrowTypeID.Utf8 || id == ArrowType.ArrowTypeID.LargeUtf8
        || id == ArrowType.ArrowTypeID.Utf8View) {
      return new VarCharAccessor((VariableWidthFieldVector) v, cursor, label, sqlType);
    }
    if (id == ArrowType.ArrowTypeID.Binary || id == ArrowType.ArrowTypeID.LargeBinary
        || id == ArrowType.ArrowTypeID.BinaryView) {
      return new BinaryAccessor((VariableWidthFieldVector) v, cursor, label, sqlType);
    }
    if (v instanceof FixedSizeBinaryVector) {
      return new BinaryAccessor((FixedSizeBinaryVector) v, cursor, label, sqlType);
    }
    if (v instanceof DateDayVector || v instanceof DateMilliVector) {
      return new DateAccessor(v, cursor, label, sqlType);
    }
    if (v instanceof TimeSecVector || v instanceof TimeMilliVector || v instanceof TimeMicroVector
        || v instanceof TimeNanoVector) {
      return new TimeAccessor(v, cursor, label, sqlType);
    }
    if (v instanceof TimeStampVector) {
      return new TimestampAccessor((TimeStampVector) v, cursor, label, sqlType);
    }
    return new ComplexAccessor(v, cursor, label, sqlType);
  }
}
