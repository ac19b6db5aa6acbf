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
}
