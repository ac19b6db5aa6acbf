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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * DatabaseMetaData answered from the engine's catalog. Schemas, tables, columns and indexes
 * come from a {@link CatalogSnapshot}, read once and kept until a statement or registration
 * may have changed the catalog; each call filters it in memory and returns the rows as Java
 * values behind a result set that answers like an engine result of the same column types, so
 * no SQL is planned per call. Fixed answers (type info, table types) are built the same way;
 * functions are a query on information_schema.routines. What the engine
 * cannot know (keys, privileges, procedures) is an empty result set with the JDBC columns,
 * never an exception: tools call everything.
 */
public class FfqDatabaseMetaData extends AvaticaDatabaseMetaData {
  private final FfqConnection conn;

  FfqDatabaseMetaData(FfqConnection connection) {
    super(connection);
    this.conn = connection;
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
    return local("empty metadata result", new LocalRows(columns), Collections.emptyList());
  }

  private volatile CatalogSnapshot snapshot;

  /** The catalog as of now: the copy read earlier while no DDL ran since, else a new one. */
  private CatalogSnapshot snapshot() throws SQLException {
    long version = conn.engine().catalogVersion();
    CatalogSnapshot s = snapshot;
    if (s == null || s.version != version) {
      s = CatalogSnapshot.read(conn, version);
      snapshot = s;
      snapshotReads++;
    }
    return s;
  }

  /** How often this object read the catalog (tests: a walk reads once, DDL forces a new read). */
  volatile int snapshotReads;

  /** A result set of rows the driver computed, on a statement that closes with it. */
  private ResultSet local(String label, LocalRows shape, List<Object[]> rows) throws SQLException {
    FfqStatement s = (FfqStatement) conn.createStatement();
    try {
      ResultSet rs = s.openLocal(rows, shape.columns, label);
      s.closeOnCompletion();
      return rs;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Whether a catalog or schema equals {@code exact} (null: any; "": those without one, i.e. none). */
  private static boolean exactly(String exact, Object value) {
    return exact == null || (!exact.isEmpty() && exact.equals(value));
  }

  private static final LocalRows TABLES = new LocalRows("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "TABLE_TYPE VARCHAR", "REMARKS VARCHAR", "TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR",
      "TYPE_NAME VARCHAR", "SELF_REFERENCING_COL_NAME VARCHAR", "REF_GENERATION VARCHAR");

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    List<String> wanted = types == null ? null : Arrays.asList(types);
    List<Object[]> rows = new ArrayList<>();
    CatalogSnapshot.NamePattern schemas = CatalogSnapshot.NamePattern.of(schemaPattern);
    CatalogSnapshot.NamePattern names = CatalogSnapshot.NamePattern.of(tableNamePattern);
    for (Object[] t : snapshot().tables) {
      if (exactly(catalog, t[0]) && schemas.matches((String) t[1]) && names.matches((String) t[2])
          && (wanted == null || wanted.contains(t[3]))) {
        rows.add(t);
      }
    }
    return local("getTables", TABLES, rows);
  }

  private static final LocalRows COLUMNS = new LocalRows("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "DATA_TYPE INT", "TYPE_NAME VARCHAR", "COLUMN_SIZE INT",
      "BUFFER_LENGTH INT", "DECIMAL_DIGITS INT", "NUM_PREC_RADIX INT", "NULLABLE INT", "REMARKS VARCHAR",
      "COLUMN_DEF VARCHAR", "SQL_DATA_TYPE INT", "SQL_DATETIME_SUB INT", "CHAR_OCTET_LENGTH INT",
      "ORDINAL_POSITION INT", "IS_NULLABLE VARCHAR", "SCOPE_CATALOG VARCHAR", "SCOPE_SCHEMA VARCHAR",
      "SCOPE_TABLE VARCHAR", "SOURCE_DATA_TYPE SMALLINT", "IS_AUTOINCREMENT VARCHAR", "IS_GENERATEDCOLUMN VARCHAR");

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    CatalogSnapshot.NamePattern schemas = CatalogSnapshot.NamePattern.of(schemaPattern);
    CatalogSnapshot.NamePattern tables = CatalogSnapshot.NamePattern.of(tableNamePattern);
    CatalogSnapshot.NamePattern names = CatalogSnapshot.NamePattern.of(columnNamePattern);
    for (Object[] c : snapshot().columns) {
      if (exactly(catalog, c[0]) && schemas.matches((String) c[1]) && tables.matches((String) c[2])
          && names.matches((String) c[3])) {
        rows.add(c);
      }
    }
    return local("getColumns", COLUMNS, rows);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return getSchemas(null, null);
  }

  private static final LocalRows SCHEMAS = new LocalRows("TABLE_SCHEM VARCHAR", "TABLE_CATALOG VARCHAR");

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    CatalogSnapshot.NamePattern schemas = CatalogSnapshot.NamePattern.of(schemaPattern);
    for (Object[] r : snapshot().schemas) {
      if (exactly(catalog, r[1]) && schemas.matches((String) r[0])) {
        rows.add(r);
      }
    }
    return local("getSchemas", SCHEMAS, rows);
  }

  private static final LocalRows CATALOGS = new LocalRows("TABLE_CAT VARCHAR");

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return local("getCatalogs", CATALOGS, snapshot().catalogs);
  }

  private static final LocalRows TABLE_TYPES = new LocalRows("TABLE_TYPE VARCHAR");

  @Override
  public ResultSet getTableTypes() throws SQLException {
    return local("getTableTypes", TABLE_TYPES,
        List.of(new Object[] {"SYSTEM TABLE"}, new Object[] {"TABLE"}, new Object[] {"VIEW"}));
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
    List<Object[]> rows = new ArrayList<>();
    for (Object[] t : types) {
      JdbcType j = JdbcType.of((ArrowType) t[0]);
      String prefix = (String) t[1];
      boolean numeric = j.signed;
      rows.add(new Object[] {j.name, j.code, j.precision, prefix, prefix == null ? null : "'", t[2],
        (short) DatabaseMetaData.typeNullable, j.code == Types.VARCHAR, (short) DatabaseMetaData.typeSearchable,
        !numeric, false, false, j.name, (short) 0, (short) (j.code == Types.DECIMAL ? 38 : j.scale), null, null,
        numeric ? 10 : null});
    }
    rows.sort(Comparator.comparing(r -> (Integer) r[1]));
    return local("getTypeInfo", TYPE_INFO, rows);
  }

  private static final LocalRows TYPE_INFO = new LocalRows("TYPE_NAME VARCHAR", "DATA_TYPE INT", "PRECISION INT",
      "LITERAL_PREFIX VARCHAR", "LITERAL_SUFFIX VARCHAR", "CREATE_PARAMS VARCHAR", "NULLABLE SMALLINT",
      "CASE_SENSITIVE BOOLEAN", "SEARCHABLE SMALLINT", "UNSIGNED_ATTRIBUTE BOOLEAN", "FIXED_PREC_SCALE BOOLEAN",
      "AUTO_INCREMENT BOOLEAN", "LOCAL_TYPE_NAME VARCHAR", "MINIMUM_SCALE SMALLINT", "MAXIMUM_SCALE SMALLINT",
      "SQL_DATA_TYPE INT", "SQL_DATETIME_SUB INT", "NUM_PREC_RADIX INT");

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
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : snapshot().indexes) {
      if (exactly(catalog, r[0]) && exactly(schema, r[1]) && exactly(table, r[2]) && !(unique && (Boolean) r[3])) {
        rows.add(r);
      }
    }
    return local("getIndexInfo", INDEXES, rows);
  }

  private static final LocalRows INDEXES = new LocalRows("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "NON_UNIQUE BOOLEAN", "INDEX_QUALIFIER VARCHAR", "INDEX_NAME VARCHAR", "TYPE SMALLINT",
      "ORDINAL_POSITION SMALLINT", "COLUMN_NAME VARCHAR", "ASC_OR_DESC VARCHAR", "CARDINALITY BIGINT",
      "PAGES BIGINT", "FILTER_CONDITION VARCHAR");

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
