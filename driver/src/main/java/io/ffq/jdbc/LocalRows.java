package io.ffq.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.avatica.ColumnMetaData;

/**
 * The columns of a result the driver builds from Java values (metadata), declared as
 * {@code "NAME TYPE"} with TYPE one of VARCHAR, INT, SMALLINT, BIGINT, BOOLEAN (every column
 * nullable). Rows are {@code Object[]}, one boxed value per column of the declared type
 * (String, Integer, Short, Long, Boolean) or null for SQL NULL. The column descriptions are
 * made as for an engine result of the same Arrow types, so getters and ResultSetMetaData
 * answer alike; the rows themselves stay Java objects (no Arrow buffers to build per call).
 */
final class LocalRows {
  final List<ColumnMetaData> columns;

  LocalRows(String... columns) {
    List<Field> fields = new ArrayList<>(columns.length);
    for (String c : columns) {
      String[] nt = c.split(" ", 2);
      fields.add(new Field(nt[0], FieldType.nullable(type(nt[1])), null));
    }
    // fields, not a Schema: the connection's constructor builds the metadata object, and this
    // class's constants with it (see FfqSignatures#columns(List))
    this.columns = FfqSignatures.columns(fields);
  }

  private static ArrowType type(String sql) {
    switch (sql) {
      case "VARCHAR":
        return ArrowType.Utf8.INSTANCE;
      case "INT":
        return new ArrowType.Int(32, true);
      case "SMALLINT":
        return new ArrowType.Int(16, true);
      case "BIGINT":
        return new ArrowType.Int(64, true);
      case "BOOLEAN":
        return ArrowType.Bool.INSTANCE;
      default:
        throw new IllegalArgumentException("no local column type " + sql);
    }
  }
}
