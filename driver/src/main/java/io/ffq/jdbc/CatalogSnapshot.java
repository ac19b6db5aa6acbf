package io.ffq.jdbc;

import io.ffq.jdbc.accessor.JdbcType;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The engine's catalog as DatabaseMetaData reports it: every schema, table, column and index,
 * read from the engine's information_schema once and kept with the engine's catalog version
 * ({@link io.ffq.jdbc.engine.Engine#catalogVersion()}). Metadata calls filter these rows in
 * memory; nothing is planned per call. Rows are in the JDBC column order of their method and
 * sorted as JDBC asks, so a filter keeps the order.
 */
final class CatalogSnapshot {
  final long version;
  /** getTables rows: TABLE_CAT ... REF_GENERATION, by TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME. */
  final List<Object[]> tables;
  /** getColumns rows (24 columns), by TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION. */
  final List<Object[]> columns;
  /** getSchemas rows: TABLE_SCHEM, TABLE_CATALOG, by catalog then schema. */
  final List<Object[]> schemas;
  /** getCatalogs rows, sorted. */
  final List<Object[]> catalogs;
  /** getIndexInfo rows (13 columns), by NON_UNIQUE, INDEX_NAME, ORDINAL_POSITION. */
  final List<Object[]> indexes;

  private CatalogSnapshot(long version, List<Object[]> tables, List<Object[]> columns, List<Object[]> schemas,
      List<Object[]> catalogs, List<Object[]> indexes) {
    this.version = version;
    this.tables = tables;
    this.columns = columns;
    this.schemas = schemas;
    this.catalogs = catalogs;
    this.indexes = indexes;
  }

  /** Reads the catalog through {@code conn}; {@code version} is the engine's, taken before. */
  static CatalogSnapshot read(FfqConnection conn, long version) throws SQLException {
    try (Statement s = conn.createStatement()) {
      List<Object[]> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(
          "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables")) {
        while (rs.next()) {
          String schema = rs.getString(2);
          String type = rs.getString(4);
          String jdbcType = "information_schema".equals(schema) ? "SYSTEM TABLE"
              : "BASE TABLE".equals(type) ? "TABLE" : type;
          tables.add(new Object[] {rs.getString(1), schema, rs.getString(3), jdbcType, null, null, null, null, null,
            null});
        }
      }
      tables.sort(by(3, 0, 1, 2));

      List<Object[]> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT table_catalog, table_schema, table_name, column_name, "
          + "ordinal_position, data_type, is_nullable, numeric_precision, numeric_scale, numeric_precision_radix, "
          + "character_maximum_length, character_octet_length, datetime_precision, column_default "
          + "FROM information_schema.columns")) {
        while (rs.next()) {
          columns.add(column(rs));
        }
      }
      columns.sort(by(0, 1, 2).thenComparing(r -> (Integer) r[16]));

      TreeSet<String> catalogNames = new TreeSet<>();
      List<Object[]> schemas = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT schema_name, catalog_name FROM information_schema.schemata")) {
        while (rs.next()) {
          schemas.add(new Object[] {rs.getString(1), rs.getString(2)});
          catalogNames.add(rs.getString(2));
        }
      }
      // information_schema itself is not a row of schemata, but its tables are in getTables
      for (String c : catalogNames) {
        if (schemas.stream().noneMatch(r -> c.equals(r[1]) && "information_schema".equals(r[0]))) {
          schemas.add(new Object[] {"information_schema", c});
        }
      }
      schemas.sort(by(1, 0));
      List<Object[]> catalogs = new ArrayList<>();
      for (String c : catalogNames) {
        catalogs.add(new Object[] {c});
      }

      List<Object[]> indexes = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT table_catalog, table_schema, table_name, non_unique, index_name, "
          + "ordinal_position, column_name FROM information_schema.indexes")) {
        while (rs.next()) {
          indexes.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getString(1), rs.getString(5), (short) DatabaseMetaData.tableIndexOther, (short) rs.getInt(6),
            rs.getString(7), null, null, null, null});
        }
      }
      indexes.sort(Comparator.<Object[], Boolean>comparing(r -> (Boolean) r[3])
          .thenComparing(r -> (String) r[5], Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> (Short) r[7]));

      return new CatalogSnapshot(version, Collections.unmodifiableList(tables), Collections.unmodifiableList(columns),
          Collections.unmodifiableList(schemas), Collections.unmodifiableList(catalogs),
          Collections.unmodifiableList(indexes));
    }
  }

  /** Orders rows by the given string columns (NULLs first, as the engine sorts ascending). */
  private static Comparator<Object[]> by(int... columns) {
    Comparator<Object[]> c = null;
    for (int i : columns) {
      Comparator<Object[]> next =
          Comparator.comparing(r -> (String) r[i], Comparator.nullsFirst(Comparator.naturalOrder()));
      c = c == null ? next : c.thenComparing(next);
    }
    return c;
  }

  private static Object[] column(ResultSet rs) throws SQLException {
    String dataType = rs.getString(6);
    JdbcType t = jdbcType(dataType);
    boolean nullable = "YES".equals(rs.getString(7));
    Integer size = firstInt(rs, 8, 11, 13);
    Integer radix = intOrNull(rs, 10);
    return new Object[] {
      rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), // TABLE_CAT .. COLUMN_NAME
      t == null ? Types.OTHER : t.code, // DATA_TYPE
      t == null ? dataType.toUpperCase(Locale.ROOT) : t.name, // TYPE_NAME
      size, // COLUMN_SIZE
      null, // BUFFER_LENGTH
      intOrNull(rs, 9), // DECIMAL_DIGITS
      radix == null ? 10 : radix, // NUM_PREC_RADIX
      nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, // NULLABLE
      null, // REMARKS
      rs.getString(14), // COLUMN_DEF
      null, null, // SQL_DATA_TYPE, SQL_DATETIME_SUB
      intOrNull(rs, 12), // CHAR_OCTET_LENGTH
      (int) (rs.getLong(5) + 1), // ORDINAL_POSITION: the engine counts from 0
      rs.getString(7), // IS_NULLABLE
      null, null, null, null, // SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_TABLE, SOURCE_DATA_TYPE
      "NO", "NO" // IS_AUTOINCREMENT, IS_GENERATEDCOLUMN
    };
  }

  private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : (int) Math.min(Integer.MAX_VALUE, v);
  }

  private static Integer firstInt(ResultSet rs, int... columns) throws SQLException {
    for (int c : columns) {
      Integer v = intOrNull(rs, c);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * The JDBC type of an information_schema data_type ("Int64", "Decimal128(15, 2)",
   * "Timestamp(Microsecond, None)"); null for a type JDBC has no code for.
   */
  static JdbcType jdbcType(String dataType) {
    int paren = dataType.indexOf('(');
    String name = paren < 0 ? dataType : dataType.substring(0, paren);
    if (name.equals("Timestamp")) {
      boolean zoned = !dataType.contains("None") && dataType.contains(",");
      return JdbcType.of(new ArrowType.Timestamp(TimeUnit.MICROSECOND, zoned ? "UTC" : null));
    }
    ArrowType sample = TYPE_NAMES.get(name);
    return sample == null ? null : JdbcType.of(sample);
  }

  /** Arrow type names as information_schema shows them, each with a sample Arrow type. */
  private static final Map<String, ArrowType> TYPE_NAMES = new HashMap<>();

  static {
    TYPE_NAMES.put("Boolean", ArrowType.Bool.INSTANCE);
    TYPE_NAMES.put("Int8", new ArrowType.Int(8, true));
    TYPE_NAMES.put("Int16", new ArrowType.Int(16, true));
    TYPE_NAMES.put("Int32", new ArrowType.Int(32, true));
    TYPE_NAMES.put("Int64", new ArrowType.Int(64, true));
    TYPE_NAMES.put("UInt8", new ArrowType.Int(8, false));
    TYPE_NAMES.put("UInt16", new ArrowType.Int(16, false));
    TYPE_NAMES.put("UInt32", new ArrowType.Int(32, false));
    TYPE_NAMES.put("UInt64", new ArrowType.Int(64, false));
    TYPE_NAMES.put("Float16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF));
    TYPE_NAMES.put("Float32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    TYPE_NAMES.put("Float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    TYPE_NAMES.put("Decimal32", new ArrowType.Decimal(9, 0, 32));
    TYPE_NAMES.put("Decimal64", new ArrowType.Decimal(18, 0, 64));
    TYPE_NAMES.put("Decimal128", new ArrowType.Decimal(38, 0, 128));
    TYPE_NAMES.put("Decimal256", new ArrowType.Decimal(76, 0, 256));
    TYPE_NAMES.put("Utf8", ArrowType.Utf8.INSTANCE);
    TYPE_NAMES.put("LargeUtf8", ArrowType.LargeUtf8.INSTANCE);
    TYPE_NAMES.put("Utf8View", ArrowType.Utf8View.INSTANCE);
    TYPE_NAMES.put("Binary", ArrowType.Binary.INSTANCE);
    TYPE_NAMES.put("LargeBinary", ArrowType.LargeBinary.INSTANCE);
    TYPE_NAMES.put("BinaryView", ArrowType.BinaryView.INSTANCE);
    TYPE_NAMES.put("FixedSizeBinary", new ArrowType.FixedSizeBinary(1));
    TYPE_NAMES.put("Date32", new ArrowType.Date(DateUnit.DAY));
    TYPE_NAMES.put("Date64", new ArrowType.Date(DateUnit.MILLISECOND));
    TYPE_NAMES.put("Time32", new ArrowType.Time(TimeUnit.MILLISECOND, 32));
    TYPE_NAMES.put("Time64", new ArrowType.Time(TimeUnit.MICROSECOND, 64));
    TYPE_NAMES.put("Null", ArrowType.Null.INSTANCE);
    TYPE_NAMES.put("List", new ArrowType.List());
    TYPE_NAMES.put("LargeList", new ArrowType.LargeList());
    TYPE_NAMES.put("FixedSizeList", new ArrowType.FixedSizeList(1));
    TYPE_NAMES.put("Struct", new ArrowType.Struct());
    TYPE_NAMES.put("Map", new ArrowType.Map(false));
  }

  /**
   * A JDBC name pattern, parsed once: {@code %} any run of characters, {@code _} any one, a
   * backslash makes the next character literal; case-sensitive, as the engine's LIKE. A null
   * pattern matches every name.
   */
  static final class NamePattern {
    private static final NamePattern ANY = new NamePattern(null, null);
    /** The pattern's characters with escapes removed. */
    private final String chars;
    /** Per character: '%' or '_' where it is a wildcard, ' ' where it is literal. */
    private final String wild;

    private NamePattern(String chars, String wild) {
      this.chars = chars;
      this.wild = wild;
    }

    static NamePattern of(String pattern) {
      if (pattern == null || pattern.equals("%")) {
        return ANY;
      }
      StringBuilder chars = new StringBuilder();
      StringBuilder wild = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\\' && i + 1 < pattern.length()) {
          chars.append(pattern.charAt(++i));
          wild.append(' ');
        } else {
          chars.append(c);
          wild.append(c == '%' || c == '_' ? c : ' ');
        }
      }
      return new NamePattern(chars.toString(), wild.toString());
    }

    boolean matches(String value) {
      if (chars == null) {
        return true;
      }
      if (value == null) {
        return false;
      }
      int p = 0;
      int v = 0;
      int starP = -1;
      int starV = 0;
      while (v < value.length()) {
        if (p < chars.length() && wild.charAt(p) == '%') {
          starP = p++;
          starV = v;
        } else if (p < chars.length() && (wild.charAt(p) == '_' || chars.charAt(p) == value.charAt(v))) {
          p++;
          v++;
        } else if (starP >= 0) {
          p = starP + 1;
          v = ++starV;
        } else {
          return false;
        }
      }
      while (p < chars.length() && wild.charAt(p) == '%') {
        p++;
      }
      return p == chars.length();
    }
  }
}
