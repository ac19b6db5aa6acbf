package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

  @ParameterizedTest
  @ValueSource(strings = {"q01", "q03", "q04", "q05", "q06", "q10", "q12", "q14", "q18", "q19"})
  void matchesDuckDb(String query) throws Exception {
    String sql = TestData.tpchQuery(query);
    List<List<Object>> expected = TestData.rows(duck, sql);
    List<List<Object>> actual = TestData.rows(ffq, sql);
    assertThat(actual).as(query).isNotEmpty().hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      assertThat(actual.get(r)).as(query + " row " + r).hasSameSizeAs(expected.get(r));
      for (int c = 0; c < expected.get(r).size(); c++) {
        Object a = actual.get(r).get(c);
        Object e = expected.get(r).get(c);
        // the engines type averages differently (DataFusion keeps a decimal of scale 6,
        // DuckDB computes a double), both correct for their type
        assertThat(TestData.same(a, e, "1e-5")).as(query + " row " + r + " column " + (c + 1) + ": " + a + " vs " + e).isTrue();
      }
    }
  }

  /** avg of a DECIMAL is the exact mean (sum / count) rounded half up to the result's scale, not truncated. */
  @org.junit.jupiter.api.Test
  void decimalAveragesAreRoundedExactMeans() throws Exception {
    String sql = "SELECT avg(l_quantity), sum(l_quantity), avg(l_extendedprice), sum(l_extendedprice),"
        + " avg(l_discount), sum(l_discount), count(*) FROM lineitem GROUP BY l_returnflag, l_linestatus";
    int checked = 0;
    try (Statement s = ffq.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        java.math.BigDecimal count = java.math.BigDecimal.valueOf(rs.getLong(7));
        for (int c = 1; c <= 5; c += 2) {
          java.math.BigDecimal avg = rs.getBigDecimal(c);
          java.math.BigDecimal exact = rs.getBigDecimal(c + 1).divide(count, avg.scale(), java.math.RoundingMode.HALF_UP);
          assertThat(avg).as("column " + c + " of " + sql).isEqualByComparingTo(exact);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(12);
  }
}
