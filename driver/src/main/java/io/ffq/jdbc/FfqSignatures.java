package io.ffq.jdbc;

import io.ffq.jdbc.accessor.JdbcType;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica signatures (result columns and parameters) from the engine's Arrow fields. Fields,
 * not a {@code Schema}: Arrow's {@code Schema} class builds a JSON mapper when it is first
 * used (some 200 ms of CPU in a fresh JVM), which the driver keeps off its paths.
 */
final class FfqSignatures {
  private FfqSignatures() {}

  static Meta.Signature of(String sql, List<Field> columns, List<Field> params, Meta.StatementType type) {
    return new Meta.Signature(
        columns == null ? Collections.emptyList() : columns(columns),
        sql,
        params == null ? Collections.emptyList() : parameters(params),
        Collections.emptyMap(),
        null,
        type);
  }

  /** The columns of {@code fields}. */
  static List<ColumnMetaData> columns(List<Field> fields) {
    List<ColumnMetaData> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      JdbcType t = JdbcType.of(f.getType());
      boolean text = f.getType().getTypeID() == ArrowType.ArrowTypeID.Utf8
          || f.getType().getTypeID() == ArrowType.ArrowTypeID.Utf8View
          || f.getType().getTypeID() == ArrowType.ArrowTypeID.LargeUtf8;
      out.add(new ColumnMetaData(
          i,
          false,
          text,
          true,
          false,
          f.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
          t.signed,
          t.displaySize,
          f.getName(),
          f.getName(),
          "",
          t.precision,
          t.scale,
          "",
          "",
          ColumnMetaData.scalar(t.code, t.name, ColumnMetaData.Rep.OBJECT),
          true,
          false,
          false,
          t.className));
    }
    return out;
  }

  static List<AvaticaParameter> parameters(List<Field> fields) {
    List<AvaticaParameter> out = new ArrayList<>();
    for (Field f : fields) {
      if (f.getType().getTypeID() == ArrowType.ArrowTypeID.Null) {
        // the engine could not tell the type from the statement; any value is cast
        out.add(new AvaticaParameter(true, 0, 0, java.sql.Types.OTHER, "UNKNOWN", Object.class.getName(), f.getName()));
      } else {
        JdbcType t = JdbcType.of(f.getType());
        out.add(new AvaticaParameter(t.signed, t.precision, t.scale, t.code, t.name, t.className, f.getName()));
      }
    }
    return out;
  }
}
