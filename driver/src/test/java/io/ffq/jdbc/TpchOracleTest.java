package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TPC-H queries on generated SF 0.01 data through JDBC, checked row by row against DuckDB
 * reading the same Parquet files: an independent engine as the oracle.
 */
class TpchOracleTest {
  private static Connection ffq;
  private static Connection duck;

  @BeforeAll
  static void open() throws SQLException {
    ffq = DriverManager.getConnection(TestData.tpchUrl());
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      for (String t : new String[] {"nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem"}) {
        s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('"
            + TestData.tpchDir().resolve(t + ".parquet").toString().replace("'", "''") + "')");
      }
    }
  }

  @AfterAll
  static void close() throws SQLException {
    ffq.close();
    duck.close();
    Leaks.assertNone();
  }

  private static String sql(String name) throws IOException {
    try (InputStream in = TpchOracleTest.class.getResourceAsStream("/tpch/" + name + ".sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Rows as values: numbers as BigDecimal, dates as ISO text, text trimmed. */
  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          Object o = rs.getObject(i);
          if (o instanceof Number) {
            row.add(new BigDecimal(o.toString()));
          } else if (o instanceof java.util.Date) {
            row.add(rs.getDate(i).toLocalDate().toString());
          } else {
            row.add(o == null ? null : o.toString().trim());
          }
        }
        out.add(row);
      }
    }
    return out;
  }

  /**
   * Numbers agree to a relative 1e-5: the engines type averages differently (DataFusion
   * keeps a decimal of scale 6, DuckDB computes a double), both correct for their type.
   */
  private static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal && b instanceof BigDecimal) {
      BigDecimal x = (BigDecimal) a;
      BigDecimal y = (BigDecimal) b;
      BigDecimal diff = x.subtract(y).abs();
      BigDecimal scale = x.abs().max(y.abs()).max(BigDecimal.ONE);
      return diff.compareTo(scale.multiply(new BigDecimal("1e-5"))) <= 0;
    }
    return java.util.Objects.equals(a, b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"q01", "q03", "q04", "q05", "q06", "q10", "q12", "q14", "q18", "q19"})
  void matchesDuckDb(String query) throws Exception {
    String sql = sql(query);
    List<List<Object>> expected = rows(duck, sql);
    List<List<Object>> actual = rows(ffq, sql);
    assertThat(actual).as(query).isNotEmpty().hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      assertThat(actual.get(r)).as(query + " row " + r).hasSameSizeAs(expected.get(r));
      for (int c = 0; c < expected.get(r).size(); c++) {
        Object a = actual.get(r).get(c);
        Object e = expected.get(r).get(c);
        assertThat(same(a, e)).as(query + " row " + r + " column " + (c + 1) + ": " + a + " vs " + e).isTrue();
      }
    }
  }
}
