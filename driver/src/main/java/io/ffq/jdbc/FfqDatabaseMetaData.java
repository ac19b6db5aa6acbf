package io.ffq.jdbc;

import io.ffq.jdbc.accessor.JdbcType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * DatabaseMetaData answered by the engine: every result set is a query on the engine's
 * information_schema (or a VALUES list for fixed answers), streamed like any other result.
 * What the engine cannot know (keys, indexes, privileges, procedures) is an empty result set
 * with the JDBC columns, never an exception: tools call everything.
 */
public class FfqDatabaseMetaData extends AvaticaDatabaseMetaData {
  private final FfqConnection conn;

  FfqDatabaseMetaData(FfqConnection connection) {
    super(connection);
    this.conn = connection;
  }

  /**
   * Arrow type names as information_schema.columns shows them (up to the first parenthesis)
   * and a sample Arrow type for each, so the JDBC code and name come from {@link JdbcType}.
   */
  private static final Object[][] TYPE_NAMES = {
    {"Boolean", ArrowType.Bool.INSTANCE},
    {"Int8", new ArrowType.Int(8, true)},
    {"Int16", new ArrowType.Int(16, true)},
    {"Int32", new ArrowType.Int(32, true)},
    {"Int64", new ArrowType.Int(64, true)},
    {"UInt8", new ArrowType.Int(8, false)},
    {"UInt16", new ArrowType.Int(16, false)},
    {"UInt32", new ArrowType.Int(32, false)},
    {"UInt64", new ArrowType.Int(64, false)},
    {"Float16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)},
    {"Float32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)},
    {"Float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)},
    {"Decimal32", new ArrowType.Decimal(9, 0, 32)},
    {"Decimal64", new ArrowType.Decimal(18, 0, 64)},
    {"Decimal128", new ArrowType.Decimal(38, 0, 128)},
    {"Decimal256", new ArrowType.Decimal(76, 0, 256)},
    {"Utf8", ArrowType.Utf8.INSTANCE},
    {"LargeUtf8", ArrowType.LargeUtf8.INSTANCE},
    {"Utf8View", ArrowType.Utf8View.INSTANCE},
    {"Binary", ArrowType.Binary.INSTANCE},
    {"LargeBinary", ArrowType.LargeBinary.INSTANCE},
    {"BinaryView", ArrowType.BinaryView.INSTANCE},
    {"FixedSizeBinary", new ArrowType.FixedSizeBinary(1)},
    {"Date32", new ArrowType.Date(DateUnit.DAY)},
    {"Date64", new ArrowType.Date(DateUnit.MILLISECOND)},
    {"Time32", new ArrowType.Time(TimeUnit.MILLISECOND, 32)},
    {"Time64", new ArrowType.Time(TimeUnit.MICROSECOND, 64)},
    {"Null", ArrowType.Null.INSTANCE},
    {"List", new ArrowType.List()},
    {"LargeList", new ArrowType.LargeList()},
    {"FixedSizeList", new ArrowType.FixedSizeList(1)},
    {"Struct", new ArrowType.Struct()},
    {"Map", new ArrowType.Map(false)},
  };

  /**
   * CASE expressions mapping information_schema's data_type to JDBC code and name: a simple
   * CASE on the name before "(" (cheap to plan), timestamps split by whether they have a zone.
   */
  private static String typeCase(boolean code) {
    JdbcType ts = JdbcType.of(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
    JdbcType tstz = JdbcType.of(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
    StringBuilder sb = new StringBuilder("CASE split_part(data_type, '(', 1)");
    sb.append(" WHEN 'Timestamp' THEN CASE WHEN data_type LIKE '%None%' OR data_type NOT LIKE '%,%' THEN ")
        .append(code ? Integer.toString(ts.code) : quote(ts.name)).append(" ELSE ")
        .append(code ? Integer.toString(tstz.code) : quote(tstz.name)).append(" END");
    for (Object[] p : TYPE_NAMES) {
      JdbcType t = JdbcType.of((ArrowType) p[1]);
      sb.append(" WHEN ").append(quote((String) p[0])).append(" THEN ")
          .append(code ? Integer.toString(t.code) : quote(t.name));
    }
    sb.append(" ELSE ").append(code ? Integer.toString(Types.OTHER) : "upper(data_type)").append(" END");
    return sb.toString();
  }

  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private ResultSet query(String sql) throws SQLException {
    Statement s = conn.createStatement();
    try {
      ResultSet rs = s.executeQuery(sql);
      s.closeOnCompletion();
      return rs;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A filter for a JDBC name pattern (null: any; LIKE with backslash escapes). */
  private static void pattern(List<String> where, String column, String pattern) {
    if (pattern != null) {
      where.add(column + " LIKE " + quote(pattern) + " ESCAPE '\\'");
    }
  }

  /** A filter for an exact catalog or schema name (null: any; "": those without one, i.e. none). */
  private static void exact(List<String> where, String column, String value) {
    if (value != null) {
      where.add(value.isEmpty() ? "false" : column + " = " + quote(value));
    }
  }

  private static String where(List<String> where) {
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }

  /** An empty result with the given columns ("NAME TYPE", SQL types). */
  private ResultSet empty(String... columns) throws SQLException {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.length; i++) {
      String[] nt = columns[i].split(" ", 2);
      sb.append(i > 0 ? ", " : "").append("CAST(NULL AS ").append(nt[1]).append(") AS \"").append(nt[0]).append('"');
    }
    return query(sb.append(" WHERE false").toString());
  }

  private static final String TABLE_TYPE =
      "CASE WHEN table_schema = 'information_schema' THEN 'SYSTEM TABLE'"
          + " WHEN table_type = 'BASE TABLE' THEN 'TABLE' ELSE table_type END";

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    List<String> w = new ArrayList<>();
    exact(w, "table_catalog", catalog);
    pattern(w, "table_schema", schemaPattern);
    pattern(w, "table_name", tableNamePattern);
    String inner = "SELECT table_catalog AS \"TABLE_CAT\", table_schema AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
        + TABLE_TYPE + " AS \"TABLE_TYPE\", CAST(NULL AS VARCHAR) AS \"REMARKS\", CAST(NULL AS VARCHAR) AS \"TYPE_CAT\", "
        + "CAST(NULL AS VARCHAR) AS \"TYPE_SCHEM\", CAST(NULL AS VARCHAR) AS \"TYPE_NAME\", "
        + "CAST(NULL AS VARCHAR) AS \"SELF_REFERENCING_COL_NAME\", CAST(NULL AS VARCHAR) AS \"REF_GENERATION\" "
        + "FROM information_schema.tables" + where(w);
    String sql = "SELECT * FROM (" + inner + ") t";
    if (types != null) {
      List<String> quoted = new ArrayList<>();
      for (String t : types) {
        quoted.add(quote(t));
      }
      sql += quoted.isEmpty() ? " WHERE false" : " WHERE \"TABLE_TYPE\" IN (" + String.join(", ", quoted) + ")";
    }
    return query(sql + " ORDER BY \"TABLE_TYPE\", \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\"");
  }

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
      throws SQLException {
    List<String> w = new ArrayList<>();
    exact(w, "table_catalog", catalog);
    pattern(w, "table_schema", schemaPattern);
    pattern(w, "table_name", tableNamePattern);
    pattern(w, "column_name", columnNamePattern);
    String sql = "SELECT table_catalog AS \"TABLE_CAT\", table_schema AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
        + "column_name AS \"COLUMN_NAME\", CAST(" + typeCase(true) + " AS INT) AS \"DATA_TYPE\", "
        + typeCase(false) + " AS \"TYPE_NAME\", "
        + "CAST(COALESCE(numeric_precision, character_maximum_length, datetime_precision) AS INT) AS \"COLUMN_SIZE\", "
        + "CAST(NULL AS INT) AS \"BUFFER_LENGTH\", CAST(numeric_scale AS INT) AS \"DECIMAL_DIGITS\", "
        + "CAST(COALESCE(numeric_precision_radix, 10) AS INT) AS \"NUM_PREC_RADIX\", "
        + "CAST(CASE WHEN is_nullable = 'YES' THEN " + DatabaseMetaData.columnNullable + " ELSE "
        + DatabaseMetaData.columnNoNulls + " END AS INT) AS \"NULLABLE\", CAST(NULL AS VARCHAR) AS \"REMARKS\", "
        + "column_default AS \"COLUMN_DEF\", CAST(NULL AS INT) AS \"SQL_DATA_TYPE\", CAST(NULL AS INT) AS \"SQL_DATETIME_SUB\", "
        + "CAST(character_octet_length AS INT) AS \"CHAR_OCTET_LENGTH\", CAST(ordinal_position + 1 AS INT) AS \"ORDINAL_POSITION\", "
        + "is_nullable AS \"IS_NULLABLE\", CAST(NULL AS VARCHAR) AS \"SCOPE_CATALOG\", CAST(NULL AS VARCHAR) AS \"SCOPE_SCHEMA\", "
        + "CAST(NULL AS VARCHAR) AS \"SCOPE_TABLE\", CAST(NULL AS SMALLINT) AS \"SOURCE_DATA_TYPE\", "
        + "'NO' AS \"IS_AUTOINCREMENT\", 'NO' AS \"IS_GENERATEDCOLUMN\" "
        + "FROM information_schema.columns" + where(w)
        + " ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"ORDINAL_POSITION\"";
    return query(sql);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return getSchemas(null, null);
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    List<String> w = new ArrayList<>();
    exact(w, "catalog_name", catalog);
    pattern(w, "schema_name", schemaPattern);
    // information_schema itself is not listed in schemata, but its tables are in getTables
    return query("SELECT schema_name AS \"TABLE_SCHEM\", catalog_name AS \"TABLE_CATALOG\" FROM ("
        + "SELECT schema_name, catalog_name FROM information_schema.schemata "
        + "UNION SELECT 'information_schema', catalog_name FROM information_schema.schemata) s"
        + where(w) + " ORDER BY catalog_name, schema_name");
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return query("SELECT DISTINCT catalog_name AS \"TABLE_CAT\" FROM information_schema.schemata ORDER BY 1");
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    return query("SELECT column1 AS \"TABLE_TYPE\" FROM (VALUES ('SYSTEM TABLE'), ('TABLE'), ('VIEW')) ORDER BY 1");
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    Object[][] types = {
      {ArrowType.Bool.INSTANCE, null, null},
      {new ArrowType.Int(8, true), null, null},
      {new ArrowType.Int(16, true), null, null},
      {new ArrowType.Int(32, true), null, null},
      {new ArrowType.Int(64, true), null, null},
      {new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), null, null},
      {new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null, null},
      {new ArrowType.Decimal(38, 0, 128), null, "precision,scale"},
      {ArrowType.Utf8.INSTANCE, "'", null},
      {ArrowType.Binary.INSTANCE, "X'", null},
      {new ArrowType.Date(DateUnit.DAY), "DATE '", null},
      {new ArrowType.Time(TimeUnit.MICROSECOND, 64), "TIME '", null},
      {new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "TIMESTAMP '", null},
      {new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), "TIMESTAMP '", null},
    };
    StringBuilder values = new StringBuilder();
    for (Object[] t : types) {
      JdbcType j = JdbcType.of((ArrowType) t[0]);
      String prefix = (String) t[1];
      boolean numeric = j.signed;
      boolean text = j.code == Types.VARCHAR;
      values.append(values.length() > 0 ? ", " : "").append('(')
          .append(quote(j.name)).append(", ").append(j.code).append(", ")
          .append(j.precision == Integer.MAX_VALUE ? Integer.MAX_VALUE : j.precision).append(", ")
          .append(prefix == null ? "NULL" : quote(prefix)).append(", ")
          .append(prefix == null ? "NULL" : "''''").append(", ")
          .append(t[2] == null ? "NULL" : quote((String) t[2])).append(", ")
          .append(DatabaseMetaData.typeNullable).append(", ")
          .append(text).append(", ")
          .append(DatabaseMetaData.typeSearchable).append(", ")
          .append(!numeric).append(", false, false, ")
          .append(quote(j.name)).append(", 0, ")
          .append(j.code == Types.DECIMAL ? 38 : j.scale).append(", ")
          .append(numeric ? "10" : "NULL").append(')');
    }
    return query("SELECT column1 AS \"TYPE_NAME\", CAST(column2 AS INT) AS \"DATA_TYPE\", CAST(column3 AS INT) AS \"PRECISION\", "
        + "CAST(column4 AS VARCHAR) AS \"LITERAL_PREFIX\", CAST(column5 AS VARCHAR) AS \"LITERAL_SUFFIX\", "
        + "CAST(column6 AS VARCHAR) AS \"CREATE_PARAMS\", CAST(column7 AS SMALLINT) AS \"NULLABLE\", "
        + "column8 AS \"CASE_SENSITIVE\", CAST(column9 AS SMALLINT) AS \"SEARCHABLE\", "
        + "column10 AS \"UNSIGNED_ATTRIBUTE\", column11 AS \"FIXED_PREC_SCALE\", column12 AS \"AUTO_INCREMENT\", "
        + "column13 AS \"LOCAL_TYPE_NAME\", CAST(column14 AS SMALLINT) AS \"MINIMUM_SCALE\", "
        + "CAST(column15 AS SMALLINT) AS \"MAXIMUM_SCALE\", CAST(NULL AS INT) AS \"SQL_DATA_TYPE\", "
        + "CAST(NULL AS INT) AS \"SQL_DATETIME_SUB\", CAST(column16 AS INT) AS \"NUM_PREC_RADIX\" "
        + "FROM (VALUES " + values + ") ORDER BY \"DATA_TYPE\"");
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
    List<String> w = new ArrayList<>();
    exact(w, "routine_catalog", catalog);
    pattern(w, "routine_schema", schemaPattern);
    pattern(w, "routine_name", functionNamePattern);
    return query("SELECT DISTINCT routine_catalog AS \"FUNCTION_CAT\", routine_schema AS \"FUNCTION_SCHEM\", "
        + "routine_name AS \"FUNCTION_NAME\", CAST(NULL AS VARCHAR) AS \"REMARKS\", "
        + "CAST(" + DatabaseMetaData.functionResultUnknown + " AS SMALLINT) AS \"FUNCTION_TYPE\", "
        + "routine_name AS \"SPECIFIC_NAME\" FROM information_schema.routines" + where(w)
        + " ORDER BY \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\"");
  }

  // ---- what the engine has none of: empty results with the JDBC columns ----

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    return empty("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR",
        "KEY_SEQ SMALLINT", "PK_NAME VARCHAR");
  }

  private static final String[] KEY_COLUMNS = {"PKTABLE_CAT VARCHAR", "PKTABLE_SCHEM VARCHAR", "PKTABLE_NAME VARCHAR",
    "PKCOLUMN_NAME VARCHAR", "FKTABLE_CAT VARCHAR", "FKTABLE_SCHEM VARCHAR", "FKTABLE_NAME VARCHAR",
    "FKCOLUMN_NAME VARCHAR", "KEY_SEQ SMALLINT", "UPDATE_RULE SMALLINT", "DELETE_RULE SMALLINT", "FK_NAME VARCHAR",
    "PK_NAME VARCHAR", "DEFERRABILITY SMALLINT"};

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(KEY_COLUMNS);
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(KEY_COLUMNS);
  }

  @Override
  public ResultSet getCrossReference(String pc, String ps, String pt, String fc, String fs, String ft)
      throws SQLException {
    return empty(KEY_COLUMNS);
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    // CREATE INDEX records indexes (they do not change how queries run); the engine lists them
    // in information_schema.indexes.
    List<String> w = new ArrayList<>();
    exact(w, "table_catalog", catalog);
    exact(w, "table_schema", schema);
    exact(w, "table_name", table);
    if (unique) {
      w.add("NOT non_unique");
    }
    return query("SELECT table_catalog AS \"TABLE_CAT\", table_schema AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
        + "non_unique AS \"NON_UNIQUE\", table_catalog AS \"INDEX_QUALIFIER\", index_name AS \"INDEX_NAME\", "
        + "CAST(" + DatabaseMetaData.tableIndexOther + " AS SMALLINT) AS \"TYPE\", "
        + "CAST(ordinal_position AS SMALLINT) AS \"ORDINAL_POSITION\", column_name AS \"COLUMN_NAME\", "
        + "CAST(NULL AS VARCHAR) AS \"ASC_OR_DESC\", CAST(NULL AS BIGINT) AS \"CARDINALITY\", "
        + "CAST(NULL AS BIGINT) AS \"PAGES\", CAST(NULL AS VARCHAR) AS \"FILTER_CONDITION\" "
        + "FROM information_schema.indexes" + where(w)
        + " ORDER BY \"NON_UNIQUE\", \"TYPE\", \"INDEX_NAME\", \"ORDINAL_POSITION\"");
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    return empty("SCOPE SMALLINT", "COLUMN_NAME VARCHAR", "DATA_TYPE INT", "TYPE_NAME VARCHAR", "COLUMN_SIZE INT",
        "BUFFER_LENGTH INT", "DECIMAL_DIGITS SMALLINT", "PSEUDO_COLUMN SMALLINT");
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    return empty("SCOPE SMALLINT", "COLUMN_NAME VARCHAR", "DATA_TYPE INT", "TYPE_NAME VARCHAR", "COLUMN_SIZE INT",
        "BUFFER_LENGTH INT", "DECIMAL_DIGITS SMALLINT", "PSEUDO_COLUMN SMALLINT");
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    return empty("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR", "GRANTOR VARCHAR",
        "GRANTEE VARCHAR", "PRIVILEGE VARCHAR", "IS_GRANTABLE VARCHAR");
  }

  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
      throws SQLException {
    return empty("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR",
        "GRANTOR VARCHAR", "GRANTEE VARCHAR", "PRIVILEGE VARCHAR", "IS_GRANTABLE VARCHAR");
  }

  @Override
  public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
      throws SQLException {
    return empty("PROCEDURE_CAT VARCHAR", "PROCEDURE_SCHEM VARCHAR", "PROCEDURE_NAME VARCHAR", "RESERVED1 VARCHAR",
        "RESERVED2 VARCHAR", "RESERVED3 VARCHAR", "REMARKS VARCHAR", "PROCEDURE_TYPE SMALLINT", "SPECIFIC_NAME VARCHAR");
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
      String columnNamePattern) throws SQLException {
    return empty("PROCEDURE_CAT VARCHAR", "PROCEDURE_SCHEM VARCHAR", "PROCEDURE_NAME VARCHAR", "COLUMN_NAME VARCHAR",
        "COLUMN_TYPE SMALLINT", "DATA_TYPE INT", "TYPE_NAME VARCHAR", "PRECISION INT", "LENGTH INT", "SCALE SMALLINT",
        "RADIX SMALLINT", "NULLABLE SMALLINT", "REMARKS VARCHAR", "COLUMN_DEF VARCHAR", "SQL_DATA_TYPE INT",
        "SQL_DATETIME_SUB INT", "CHAR_OCTET_LENGTH INT", "ORDINAL_POSITION INT", "IS_NULLABLE VARCHAR",
        "SPECIFIC_NAME VARCHAR");
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
      String columnNamePattern) throws SQLException {
    return empty("FUNCTION_CAT VARCHAR", "FUNCTION_SCHEM VARCHAR", "FUNCTION_NAME VARCHAR", "COLUMN_NAME VARCHAR",
        "COLUMN_TYPE SMALLINT", "DATA_TYPE INT", "TYPE_NAME VARCHAR", "PRECISION INT", "LENGTH INT", "SCALE SMALLINT",
        "RADIX SMALLINT", "NULLABLE SMALLINT", "REMARKS VARCHAR", "CHAR_OCTET_LENGTH INT", "ORDINAL_POSITION INT",
        "IS_NULLABLE VARCHAR", "SPECIFIC_NAME VARCHAR");
  }

  @Override
  public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
      throws SQLException {
    return empty("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR", "CLASS_NAME VARCHAR",
        "DATA_TYPE INT", "REMARKS VARCHAR", "BASE_TYPE SMALLINT");
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
    return empty("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR", "SUPERTYPE_CAT VARCHAR",
        "SUPERTYPE_SCHEM VARCHAR", "SUPERTYPE_NAME VARCHAR");
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
    return empty("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR", "SUPERTABLE_NAME VARCHAR");
  }

  @Override
  public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
      String attributeNamePattern) throws SQLException {
    return empty("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR", "ATTR_NAME VARCHAR", "DATA_TYPE INT",
        "ATTR_TYPE_NAME VARCHAR", "ATTR_SIZE INT", "DECIMAL_DIGITS INT", "NUM_PREC_RADIX INT", "NULLABLE INT",
        "REMARKS VARCHAR", "ATTR_DEF VARCHAR", "SQL_DATA_TYPE INT", "SQL_DATETIME_SUB INT", "CHAR_OCTET_LENGTH INT",
        "ORDINAL_POSITION INT", "IS_NULLABLE VARCHAR", "SCOPE_CATALOG VARCHAR", "SCOPE_SCHEMA VARCHAR",
        "SCOPE_TABLE VARCHAR", "SOURCE_DATA_TYPE SMALLINT");
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return empty("NAME VARCHAR", "MAX_LEN INT", "DEFAULT_VALUE VARCHAR", "DESCRIPTION VARCHAR");
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    return empty("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR",
        "DATA_TYPE INT", "COLUMN_SIZE INT", "DECIMAL_DIGITS INT", "NUM_PREC_RADIX INT", "COLUMN_USAGE VARCHAR",
        "REMARKS VARCHAR", "CHAR_OCTET_LENGTH INT", "IS_NULLABLE VARCHAR");
  }

  // ---- fixed answers about the engine ----

  // Result sets are read-only and forward-only: no changes to see or detect.
  @Override public boolean ownUpdatesAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean ownDeletesAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean ownInsertsAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean othersUpdatesAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean othersDeletesAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean othersInsertsAreVisible(int type) throws SQLException { return open(false); }
  @Override public boolean updatesAreDetected(int type) throws SQLException { return open(false); }
  @Override public boolean deletesAreDetected(int type) throws SQLException { return open(false); }
  @Override public boolean insertsAreDetected(int type) throws SQLException { return open(false); }

  private boolean open(boolean answer) throws SQLException {
    conn.checkOpen();
    return answer;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return FfqErrors.unwrap(this, iface);
  }

  @Override public String getDatabaseProductName() { return "FFQ"; }
  /** FFQ's version, {@code major.minor.patch}: tools (Hibernate, Flyway) parse it as a number. */
  @Override public String getDatabaseProductVersion() { return FfqVersion.DRIVER; }
  @Override public int getDatabaseMajorVersion() { return FfqVersion.majorMinor(FfqVersion.DRIVER)[0]; }
  @Override public int getDatabaseMinorVersion() { return FfqVersion.majorMinor(FfqVersion.DRIVER)[1]; }
  @Override public String getDriverName() { return "ffq-jdbc"; }
  @Override public String getDriverVersion() { return FfqVersion.DRIVER; }
  @Override public int getDriverMajorVersion() { return FfqVersion.majorMinor(FfqVersion.DRIVER)[0]; }
  @Override public int getDriverMinorVersion() { return FfqVersion.majorMinor(FfqVersion.DRIVER)[1]; }
  @Override public int getJDBCMajorVersion() { return 4; }
  @Override public int getJDBCMinorVersion() { return 2; }
  @Override public String getUserName() { return ""; }
  @Override public boolean isReadOnly() throws SQLException { return conn.isReadOnly(); }
  @Override public Connection getConnection() { return conn; }

  @Override public boolean supportsTransactions() { return false; }
  @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_NONE; }
  @Override public boolean supportsTransactionIsolationLevel(int level) { return level == Connection.TRANSACTION_NONE; }
  @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return false; }
  @Override public boolean supportsDataManipulationTransactionsOnly() { return false; }
  @Override public boolean dataDefinitionCausesTransactionCommit() { return false; }
  @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
  @Override public boolean supportsSavepoints() { return false; }
  @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }
  @Override public boolean supportsMultipleTransactions() { return true; }
  @Override public int getResultSetHoldability() { return ResultSet.HOLD_CURSORS_OVER_COMMIT; }
  @Override public boolean supportsResultSetHoldability(int h) { return h == ResultSet.HOLD_CURSORS_OVER_COMMIT; }

  @Override public boolean supportsResultSetType(int type) { return type == ResultSet.TYPE_FORWARD_ONLY; }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override public String getIdentifierQuoteString() { return "\""; }
  @Override public boolean storesLowerCaseIdentifiers() { return true; }
  @Override public boolean storesUpperCaseIdentifiers() { return false; }
  @Override public boolean storesMixedCaseIdentifiers() { return false; }
  @Override public boolean supportsMixedCaseIdentifiers() { return false; }
  @Override public boolean supportsMixedCaseQuotedIdentifiers() { return true; }
  @Override public boolean storesMixedCaseQuotedIdentifiers() { return true; }
  @Override public boolean storesLowerCaseQuotedIdentifiers() { return false; }
  @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
  @Override public String getSearchStringEscape() { return "\\"; }
  @Override public String getExtraNameCharacters() { return ""; }
  @Override public String getCatalogSeparator() { return "."; }
  @Override public String getCatalogTerm() { return "catalog"; }
  @Override public String getSchemaTerm() { return "schema"; }
  @Override public String getProcedureTerm() { return "procedure"; }
  @Override public boolean isCatalogAtStart() { return true; }
  @Override public boolean nullsAreSortedHigh() { return true; }
  @Override public boolean nullsAreSortedLow() { return false; }
  @Override public boolean nullsAreSortedAtStart() { return false; }
  @Override public boolean nullsAreSortedAtEnd() { return false; }
  @Override public boolean supportsBatchUpdates() { return true; }
  @Override public boolean supportsGetGeneratedKeys() { return false; }
  @Override public boolean supportsMultipleResultSets() { return false; }
  @Override public boolean supportsStoredProcedures() { return false; }
  @Override public boolean supportsNamedParameters() { return false; }
  @Override public boolean supportsStatementPooling() { return false; }
  @Override public boolean supportsOuterJoins() { return true; }
  @Override public boolean supportsFullOuterJoins() { return true; }
  @Override public boolean supportsLimitedOuterJoins() { return true; }
  @Override public boolean supportsSubqueriesInComparisons() { return true; }
  @Override public boolean supportsSubqueriesInExists() { return true; }
  @Override public boolean supportsSubqueriesInIns() { return true; }
  @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
  @Override public boolean supportsCorrelatedSubqueries() { return true; }
  @Override public boolean supportsUnion() { return true; }
  @Override public boolean supportsUnionAll() { return true; }
  @Override public boolean supportsGroupBy() { return true; }
  @Override public boolean supportsGroupByUnrelated() { return true; }
  @Override public boolean supportsGroupByBeyondSelect() { return true; }
  @Override public boolean supportsLikeEscapeClause() { return true; }
  @Override public boolean supportsColumnAliasing() { return true; }
  @Override public boolean supportsExpressionsInOrderBy() { return true; }
  @Override public boolean supportsOrderByUnrelated() { return true; }
  @Override public boolean supportsSchemasInDataManipulation() { return true; }
  @Override public boolean supportsSchemasInTableDefinitions() { return true; }
  @Override public boolean supportsCatalogsInDataManipulation() { return true; }
  @Override public boolean supportsCatalogsInTableDefinitions() { return true; }
  @Override public boolean allTablesAreSelectable() { return true; }
  @Override public boolean allProceduresAreCallable() { return false; }
  @Override public boolean usesLocalFiles() { return false; }
  @Override public boolean usesLocalFilePerTable() { return false; }
  @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
  @Override public boolean supportsMinimumSQLGrammar() { return true; }
  @Override public boolean supportsCoreSQLGrammar() { return true; }
  @Override public boolean generatedKeyAlwaysReturned() { return false; }
  @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
  @Override public int getMaxConnections() { return 0; }
  @Override public int getMaxStatements() { return 0; }

  @Override
  public String getSQLKeywords() {
    return "ANALYZE,COPY,DESCRIBE,EXPLAIN,EXTERNAL,LOCATION,QUALIFY,SHOW,STORED,UNNEST";
  }

  @Override
  public String getNumericFunctions() {
    return "abs,acos,asin,atan,atan2,cbrt,ceil,cos,cot,degrees,exp,floor,ln,log,log10,log2,mod,pi,power,radians,"
        + "random,round,signum,sin,sqrt,tan,trunc";
  }

  @Override
  public String getStringFunctions() {
    return "ascii,btrim,char_length,chr,concat,concat_ws,initcap,left,length,lower,lpad,ltrim,octet_length,"
        + "position,regexp_replace,repeat,replace,reverse,right,rpad,rtrim,split_part,starts_with,strpos,substr,"
        + "substring,translate,trim,upper";
  }

  @Override
  public String getTimeDateFunctions() {
    return "current_date,current_time,date_bin,date_part,date_trunc,extract,from_unixtime,make_date,now,"
        + "to_char,to_date,to_timestamp,to_unixtime";
  }

  @Override
  public String getSystemFunctions() {
    return "arrow_typeof,coalesce,nullif,nvl";
  }
}
