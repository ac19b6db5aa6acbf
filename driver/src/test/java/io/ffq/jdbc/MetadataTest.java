package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetadataTest {
  private static Connection conn;
  private static DatabaseMetaData md;

  @BeforeAll
  static void open() throws SQLException {
    conn = DriverManager.getConnection(TestData.tpchUrl());
    md = conn.getMetaData();
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    Leaks.assertNone();
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(name));
      }
    }
    return out;
  }

  @Test
  void tablesFromTheCatalog() throws SQLException {
    assertThat(column(md.getTables("ffq", "public", "%", new String[] {"TABLE"}), "TABLE_NAME"))
        .containsExactly("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
    assertThat(column(md.getTables(null, null, "line%", null), "TABLE_NAME")).containsExactly("lineitem");
    assertThat(column(md.getTables(null, "information_schema", "%", null), "TABLE_TYPE")).containsOnly("SYSTEM TABLE");
    assertThat(column(md.getTables("other", null, null, null), "TABLE_NAME")).isEmpty();
    assertThat(column(md.getTableTypes(), "TABLE_TYPE")).containsExactly("SYSTEM TABLE", "TABLE", "VIEW");
    assertThat(column(md.getSchemas(), "TABLE_SCHEM")).contains("public", "information_schema");
    assertThat(column(md.getCatalogs(), "TABLE_CAT")).containsExactly("ffq");
  }

  @Test
  void columnsWithJdbcTypes() throws SQLException {
    try (ResultSet rs = md.getColumns("ffq", "public", "lineitem", null)) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
        String name = rs.getString("COLUMN_NAME");
        int type = rs.getInt("DATA_TYPE");
        if (name.equals("l_orderkey")) {
          assertThat(type).isEqualTo(Types.BIGINT);
          assertThat(rs.getString("TYPE_NAME")).isEqualTo("BIGINT");
          assertThat(rs.getInt("ORDINAL_POSITION")).isEqualTo(1);
          assertThat(rs.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
        }
        if (name.equals("l_extendedprice")) {
          assertThat(type).isEqualTo(Types.DECIMAL);
          assertThat(rs.getInt("COLUMN_SIZE")).isEqualTo(15);
          assertThat(rs.getInt("DECIMAL_DIGITS")).isEqualTo(2);
        }
        if (name.equals("l_comment")) {
          assertThat(type).isEqualTo(Types.VARCHAR);
        }
        if (name.equals("l_shipdate")) {
          assertThat(type).isEqualTo(Types.DATE);
        }
      }
      assertThat(names).hasSize(16).startsWith("l_orderkey", "l_partkey");
    }
  }

  @Test
  void indexesCreatedBySqlAreListed() throws SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:ffq:");
         java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id BIGINT, name VARCHAR, city VARCHAR)");
      s.execute("CREATE UNIQUE INDEX people_id ON people (id)");
      s.execute("CREATE INDEX people_city_name ON people (city, name)");
      java.util.List<String> all = new java.util.ArrayList<>();
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "people", false, false)) {
        while (rs.next()) {
          all.add(rs.getString("INDEX_NAME") + ":" + rs.getBoolean("NON_UNIQUE") + ":"
              + rs.getShort("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME"));
        }
      }
      assertThat(all).containsExactly("people_id:false:1:id", "people_city_name:true:1:city",
          "people_city_name:true:2:name");
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "people", true, false)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("INDEX_NAME")).isEqualTo("people_id");
        assertThat(rs.next()).isFalse();
      }
      s.execute("DROP INDEX people_city_name");
      s.execute("DROP TABLE people");
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "people", false, false)) {
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void everyMetadataMethodAnswersWithoutThrowing() throws SQLException {
    for (ResultSet rs : new ResultSet[] {
      md.getPrimaryKeys(null, null, "lineitem"), md.getImportedKeys(null, null, "lineitem"),
      md.getExportedKeys(null, null, "lineitem"), md.getIndexInfo(null, null, "lineitem", false, true),
      md.getProcedures(null, null, null), md.getProcedureColumns(null, null, null, null),
      md.getUDTs(null, null, null, null), md.getTablePrivileges(null, null, null),
      md.getColumnPrivileges(null, null, "lineitem", null), md.getBestRowIdentifier(null, null, "lineitem", 0, true),
      md.getVersionColumns(null, null, "lineitem"), md.getSuperTables(null, null, null), md.getSuperTypes(null, null, null),
      md.getAttributes(null, null, null, null), md.getClientInfoProperties(), md.getPseudoColumns(null, null, null, null),
      md.getCrossReference(null, null, "a", null, null, "b"), md.getFunctionColumns(null, null, null, null)}) {
      try (rs) {
        assertThat(rs.getMetaData().getColumnCount()).isPositive();
        assertThat(rs.next()).isFalse();
      }
    }
    assertThat(column(md.getTypeInfo(), "TYPE_NAME")).contains("BIGINT", "VARCHAR", "DECIMAL", "TIMESTAMP");
    assertThat(column(md.getFunctions(null, null, "abs"), "FUNCTION_NAME")).containsExactly("abs");
    assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
    assertThat(md.supportsResultSetType(java.sql.ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
    assertThat(md.getDriverName()).isEqualTo("ffq-jdbc");
    assertThat(md.getURL()).isEqualTo(TestData.tpchUrl());
  }

  @Test
  void aWalkReadsTheCatalogOnceAndDdlFromAnyConnectionIsSeen() throws SQLException {
    String url = "jdbc:ffq:mem:metadata_snapshot";
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url);
         java.sql.Statement sb = b.createStatement()) {
      FfqDatabaseMetaData m = (FfqDatabaseMetaData) a.getMetaData();
      sb.execute("CREATE TABLE t1 (id BIGINT NOT NULL, amount DECIMAL(10, 3), note VARCHAR)");
      assertThat(column(m.getTables(null, "public", "%", new String[] {"TABLE"}), "TABLE_NAME")).containsExactly("t1");
      for (int i = 0; i < 5; i++) {
        assertThat(column(m.getColumns(null, null, "t1", null), "COLUMN_NAME")).containsExactly("id", "amount", "note");
        assertThat(column(m.getSchemas(), "TABLE_SCHEM")).contains("public", "information_schema");
      }
      assertThat(m.snapshotReads).isEqualTo(1);

      // DDL on the other connection of the same engine: the next call sees it
      sb.execute("CREATE VIEW v1 AS SELECT id FROM t1");
      sb.execute("CREATE TABLE t2 AS SELECT 1 AS x");
      try (ResultSet rs = m.getTables(null, "public", "%", null)) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString("TABLE_TYPE") + ":" + rs.getString("TABLE_NAME"));
        }
        assertThat(rows).containsExactly("TABLE:t1", "TABLE:t2", "VIEW:v1");
      }
      assertThat(m.snapshotReads).isEqualTo(2);
      try (ResultSet rs = m.getColumns(null, null, "t1", "%o%")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("COLUMN_NAME")).isEqualTo("amount");
        assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.DECIMAL);
        assertThat(rs.getInt("COLUMN_SIZE")).isEqualTo(10);
        assertThat(rs.getInt("DECIMAL_DIGITS")).isEqualTo(3);
        assertThat(rs.getInt("ORDINAL_POSITION")).isEqualTo(2);
        assertThat(rs.getString("IS_NULLABLE")).isEqualTo("YES");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("COLUMN_NAME")).isEqualTo("note");
        assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.VARCHAR);
        assertThat(rs.next()).isFalse();
      }
      sb.execute("DROP VIEW v1");
      sb.execute("DROP TABLE t2");
      assertThat(column(m.getTables(null, "public", "%", null), "TABLE_NAME")).containsExactly("t1");
      // a failed DDL statement changes nothing, and the answer stays the same
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> sb.execute("CREATE TABLE t1 (x INT)"))
          .isInstanceOf(SQLException.class);
      assertThat(column(m.getColumns(null, null, "t1", null), "COLUMN_NAME")).containsExactly("id", "amount", "note");
      // registering a table through the API is a catalog change too
      FfqConnection fb = b.unwrap(FfqConnection.class);
      try (org.apache.arrow.memory.BufferAllocator alloc = new org.apache.arrow.memory.RootAllocator();
           org.apache.arrow.vector.IntVector k = new org.apache.arrow.vector.IntVector("k", alloc)) {
        k.allocateNew(1);
        k.set(0, 7);
        k.setValueCount(1);
        try (org.apache.arrow.vector.VectorSchemaRoot data = org.apache.arrow.vector.VectorSchemaRoot.of(k)) {
          fb.registerTable("registered", data);
        }
      }
      assertThat(column(m.getTables(null, null, "reg%", null), "TABLE_NAME")).containsExactly("registered");
    }
  }

  @Test
  void metadataResultsHaveTheJdbcColumnTypes() throws SQLException {
    try (ResultSet rs = md.getColumns(null, null, "nation", null)) {
      java.sql.ResultSetMetaData rm = rs.getMetaData();
      assertThat(rm.getColumnCount()).isEqualTo(24);
      assertThat(rm.getColumnName(4)).isEqualTo("COLUMN_NAME");
      assertThat(rm.getColumnType(4)).isEqualTo(Types.VARCHAR);
      assertThat(rm.getColumnType(5)).isEqualTo(Types.INTEGER);
      assertThat(rm.getColumnType(22)).isEqualTo(Types.SMALLINT);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject("DATA_TYPE")).isEqualTo(Types.BIGINT);
      assertThat(rs.getString("TABLE_CAT")).isEqualTo("ffq");
      assertThat(rs.getObject("REMARKS")).isNull();
      assertThat(rs.getString("IS_AUTOINCREMENT")).isEqualTo("NO");
    }
    try (ResultSet rs = md.getTypeInfo()) {
      int last = Integer.MIN_VALUE;
      while (rs.next()) {
        assertThat(rs.getInt("DATA_TYPE")).isGreaterThanOrEqualTo(last);
        last = rs.getInt("DATA_TYPE");
        if (rs.getString("TYPE_NAME").equals("VARCHAR")) {
          assertThat(rs.getString("LITERAL_PREFIX")).isEqualTo("'");
          assertThat(rs.getBoolean("CASE_SENSITIVE")).isTrue();
        }
      }
    }
    // the result set closes its statement; it is the driver's rows, not an engine stream
    ResultSet rs = md.getTables(null, null, null, null);
    java.sql.Statement owner = rs.getStatement();
    assertThat(rs.isWrapperFor(org.apache.arrow.vector.ipc.ArrowReader.class)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rs.unwrap(org.apache.arrow.vector.ipc.ArrowReader.class))
        .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
    rs.close();
    assertThat(owner.isClosed()).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      DatabaseMetaData closed = c.getMetaData();
      c.close();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> closed.getTables(null, null, null, null))
          .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
    }
  }

  private static boolean like(String pattern, String value) {
    return CatalogSnapshot.NamePattern.of(pattern).matches(value);
  }

  @Test
  void namePatternsFollowJdbc() {
    assertThat(like(null, "anything")).isTrue();
    assertThat(like("%", "")).isTrue();
    assertThat(like("", "")).isTrue();
    assertThat(like("", "a")).isFalse();
    assertThat(like("line%", "lineitem")).isTrue();
    assertThat(like("line%", "line")).isTrue();
    assertThat(like("line%", "xlineitem")).isFalse();
    assertThat(like("%item", "lineitem")).isTrue();
    assertThat(like("%i%e%", "lineitem")).isTrue();
    assertThat(like("l_ne%", "lineitem")).isTrue();
    assertThat(like("l_ne", "lineitem")).isFalse();
    assertThat(like("a\\_b", "a_b")).isTrue();
    assertThat(like("a\\_b", "axb")).isFalse();
    assertThat(like("a\\%", "a%")).isTrue();
    assertThat(like("a\\%", "ab")).isFalse();
    assertThat(like("%%a%%", "bab")).isTrue();
    assertThat(like("a%b%c", "abxbxc")).isTrue();
    assertThat(like("a%b%c", "acb")).isFalse();
    assertThat(like("Line%", "lineitem")).isFalse(); // case-sensitive, as the engine's LIKE
  }
}
