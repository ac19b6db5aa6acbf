package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Spring JDBC as its reference guide shows it: templates over a DataSource. */
class SpringJdbcTest {
  static DataSource ffq() {
    return new DriverManagerDataSource(Tpch.url());
  }

  @Test
  void jdbcTemplateQueries() throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(ffq());
    String sql = "SELECT o_orderpriority, count(*) AS n, sum(o_totalprice) AS total FROM orders "
        + "WHERE o_orderdate >= DATE '1995-01-01' GROUP BY o_orderpriority ORDER BY o_orderpriority";
    assertThat(Answers.rows(jdbc.queryForList(sql))).isEqualTo(Answers.duckdb(sql));
    Long n = jdbc.queryForObject("SELECT count(*) FROM customer WHERE c_mktsegment = ?", Long.class, "BUILDING");
    assertThat(Answers.row(n)).isEqualTo(
        Answers.duckdb("SELECT count(*) FROM customer WHERE c_mktsegment = ?", "BUILDING").get(0));
    List<String> names = jdbc.query("SELECT n_name FROM nation ORDER BY n_name", (rs, i) -> rs.getString(1));
    assertThat(Answers.rows(names)).isEqualTo(Answers.duckdb("SELECT n_name FROM nation ORDER BY n_name"));
  }

  @Test
  void namedParameters() throws Exception {
    NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(ffq());
    String sql = "SELECT c_custkey, c_name, c_acctbal FROM customer "
        + "WHERE c_nationkey = :nation AND c_acctbal > :floor ORDER BY c_custkey";
    List<Map<String, Object>> got = named.queryForList(sql,
        new MapSqlParameterSource().addValue("nation", 7).addValue("floor", new BigDecimal("5000.00")));
    assertThat(Answers.rows(got)).isEqualTo(Answers.duckdb(
        "SELECT c_custkey, c_name, c_acctbal FROM customer WHERE c_nationkey = ? AND c_acctbal > ? ORDER BY c_custkey",
        7, new BigDecimal("5000.00")));
    assertThat(got).isNotEmpty();
  }

  /** SimpleJdbcInsert reads the table's columns from DatabaseMetaData; batchUpdate counts rows. */
  @Test
  void simpleJdbcInsertAndBatchUpdate() throws Exception {
    String ddl = "CREATE TABLE visits (id BIGINT, page VARCHAR, ms DOUBLE)";
    try (Connection ffqConn = DriverManager.getConnection("jdbc:ffq:mem:spring-insert");
         Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (Connection c : List.of(ffqConn, duck)) {
        try (Statement s = c.createStatement()) {
          s.execute(ddl);
        }
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(c, true));
        SimpleJdbcInsert insert = new SimpleJdbcInsert(jdbc).withTableName("visits");
        assertThat(insert.execute(Map.of("id", 1L, "page", "/home", "ms", 12.5))).isEqualTo(1);
        assertThat(insert.execute(Map.of("id", 2L, "page", "/cart", "ms", 40.0))).isEqualTo(1);
        int[] counts = jdbc.batchUpdate("INSERT INTO visits VALUES (?, ?, ?)",
            List.of(new Object[] {3L, "/pay", 7.25}, new Object[] {4L, "/home", 3.0}, new Object[] {5L, null, null}));
        assertThat(counts).containsExactly(1, 1, 1);
      }
      String q = "SELECT id, page, ms FROM visits ORDER BY id";
      assertThat(Answers.query(ffqConn, q)).isEqualTo(Answers.query(duck, q)).hasSize(5);
    }
  }

  @Test
  void exceptionTranslation() {
    JdbcTemplate jdbc = new JdbcTemplate(ffq());
    assertThatThrownBy(() -> jdbc.queryForList("SELEC 1")).isInstanceOf(BadSqlGrammarException.class);
    assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM no_such_table")).isInstanceOf(BadSqlGrammarException.class);
    assertThatThrownBy(() -> jdbc.queryForList("SELECT CAST('abc' AS INT)"))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void queryTimeout() {
    JdbcTemplate jdbc = new JdbcTemplate(ffq());
    jdbc.setQueryTimeout(1);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> jdbc.queryForList(HikariCpTest.LONG_QUERY)).isInstanceOf(QueryTimeoutException.class);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
  }
}
