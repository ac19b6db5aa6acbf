package io.ffq.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Parameter values as one Arrow row: each value is written in its own natural Arrow type
 * (the engine casts it to the parameter's type and reports a failed cast as 22018).
 */
final class ParameterRow {
  private ParameterRow() {}

  /**
   * Builds the row as a one-row struct of one column per parameter (what the engine binds);
   * the caller closes it. A struct, not a {@code VectorSchemaRoot}, keeps Arrow's
   * {@code Schema} class (a JSON mapper built when first used) off the statement's path.
   */
  static StructVector build(Object[] values, BufferAllocator allocator) throws SQLException {
    List<FieldVector> vectors = new ArrayList<>(values.length);
    try {
      for (int i = 0; i < values.length; i++) {
        try {
          vectors.add(vector("$" + (i + 1), values[i], allocator));
        } catch (ArithmeticException | java.time.DateTimeException e) {
          throw new java.sql.SQLDataException("parameter " + (i + 1) + ": " + values[i]
              + " is outside the range of dates and times the engine holds", "22008", e);
        }
      }
    } catch (RuntimeException | SQLException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    StructVector row = StructVector.emptyWithDuplicates("", allocator);
    try {
      List<Field> fields = new ArrayList<>(vectors.size());
      for (FieldVector v : vectors) {
        fields.add(v.getField());
      }
      row.initializeChildrenFromFields(fields);
      List<FieldVector> columns = row.getChildrenFromFields();
      for (int i = 0; i < vectors.size(); i++) {
        vectors.get(i).makeTransferPair(columns.get(i)).transfer();
      }
      row.setIndexDefined(0);
      row.setValueCount(1);
      return row;
    } catch (RuntimeException e) {
      row.close();
      throw e;
    } finally {
      vectors.forEach(FieldVector::close);
    }
  }

  private static FieldVector vector(String name, Object v, BufferAllocator a) throws SQLException {
    if (v == null) {
      NullVector n = new NullVector(name);
      n.setValueCount(1);
      return n;
    }
    if (v instanceof Boolean) {
      BitVector b = new BitVector(name, a);
      b.allocateNew(1);
      b.set(0, (Boolean) v ? 1 : 0);
      b.setValueCount(1);
      return b;
    }
    if (v instanceof Byte) {
      TinyIntVector t = new TinyIntVector(name, a);
      t.allocateNew(1);
      t.set(0, (Byte) v);
      t.setValueCount(1);
      return t;
    }
    if (v instanceof Short) {
      SmallIntVector s = new SmallIntVector(name, a);
      s.allocateNew(1);
      s.set(0, (Short) v);
      s.setValueCount(1);
      return s;
    }
    if (v instanceof Integer) {
      IntVector x = new IntVector(name, a);
      x.allocateNew(1);
      x.set(0, (Integer) v);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof Long) {
      BigIntVector x = new BigIntVector(name, a);
      x.allocateNew(1);
      x.set(0, (Long) v);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof Float) {
      Float4Vector x = new Float4Vector(name, a);
      x.allocateNew(1);
      x.set(0, (Float) v);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof Double) {
      Float8Vector x = new Float8Vector(name, a);
      x.allocateNew(1);
      x.set(0, (Double) v);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof BigInteger) {
      return vector(name, new BigDecimal((BigInteger) v), a);
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      if (d.scale() < 0) {
        d = d.setScale(0, RoundingMode.UNNECESSARY);
      }
      if (d.precision() > 38 || d.scale() > 38) {
        throw new SQLException("parameter " + name + ": " + d + " has more than 38 digits", "22003");
      }
      DecimalVector x = new DecimalVector(name, a, Math.max(d.precision(), d.scale()), d.scale());
      x.allocateNew(1);
      x.set(0, d);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof String || v instanceof Character) {
      VarCharVector x = new VarCharVector(name, a);
      x.allocateNew(1);
      x.setSafe(0, v.toString().getBytes(StandardCharsets.UTF_8));
      x.setValueCount(1);
      return x;
    }
    if (v instanceof byte[]) {
      VarBinaryVector x = new VarBinaryVector(name, a);
      x.allocateNew(1);
      x.setSafe(0, (byte[]) v);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof LocalDate) {
      int day = Math.toIntExact(((LocalDate) v).toEpochDay());
      DateDayVector x = new DateDayVector(name, a);
      x.allocateNew(1);
      x.set(0, day);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof LocalTime) {
      TimeMicroVector x = new TimeMicroVector(name, a);
      x.allocateNew(1);
      x.set(0, ((LocalTime) v).toNanoOfDay() / 1000);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof LocalDateTime) {
      long micros = micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC));
      TimeStampMicroVector x = new TimeStampMicroVector(name, a);
      x.allocateNew(1);
      x.set(0, micros);
      x.setValueCount(1);
      return x;
    }
    if (v instanceof Instant || v instanceof OffsetDateTime || v instanceof ZonedDateTime) {
      Instant i = v instanceof Instant ? (Instant) v
          : v instanceof OffsetDateTime ? ((OffsetDateTime) v).toInstant() : ((ZonedDateTime) v).toInstant();
      long micros = micros(i);
      TimeStampMicroTZVector x = new TimeStampMicroTZVector(name, a, "UTC");
      x.allocateNew(1);
      x.set(0, micros);
      x.setValueCount(1);
      return x;
    }
    throw new SQLException(
        "parameter " + name + ": values of class " + v.getClass().getName() + " are not supported", "22023");
  }

  private static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
  }
}
