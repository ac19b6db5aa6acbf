package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatementTest {
  private static final String LONG = "SELECT count(*) FROM range(0, 100000000000)";

  @AfterEach
  void noLeaks() {
    Leaks.assertNone();
  }

  @Test
  void executeFamiliesAndUpdateCounts() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      assertThat(s.execute("CREATE TABLE t (a BIGINT, b VARCHAR)")).isFalse();
      assertThat(s.getUpdateCount()).isZero();
      assertThat(s.getResultSet()).isNull();
      assertThat(s.executeUpdate("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)")).isEqualTo(3);
      assertThat(s.executeLargeUpdate("INSERT INTO t SELECT a + 10, b FROM t")).isEqualTo(3L);
      assertThat(s.execute("SELECT * FROM t ORDER BY a")).isTrue();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      ResultSet rs = s.getResultSet();
      int n = 0;
      while (rs.next()) {
        n++;
      }
      assertThat(n).isEqualTo(6);
      assertThat(s.getMoreResults()).isFalse();
      assertThat(rs.isClosed()).isTrue();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      assertThatThrownBy(() -> s.executeQuery("INSERT INTO t VALUES (9, 'z')"))
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("02000");
      assertThatThrownBy(() -> s.executeUpdate("SELECT 1")).isInstanceOf(SQLException.class);
      s.addBatch("INSERT INTO t VALUES (100, 'a')");
      s.addBatch("INSERT INTO t VALUES (101, 'b'), (102, 'c')");
      assertThat(s.executeBatch()).containsExactly(1, 2);
    }
  }

  @Test
  void errorsCarrySqlStateVendorCodeAndMessage() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
          .isInstanceOf(SQLSyntaxErrorException.class)
          .hasMessageContaining("SELEC")
          .satisfies(e -> {
            assertThat(((SQLException) e).getSQLState()).isEqualTo("42601");
            assertThat(((SQLException) e).getErrorCode()).isEqualTo(2);
          });
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM nope"))
          .isInstanceOf(SQLSyntaxErrorException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42P01");
      assertThatThrownBy(() -> s.executeQuery("SELECT 1/0").next())
          .isInstanceOf(SQLDataException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22012");
      // still usable
      try (ResultSet rs = s.executeQuery("SELECT 2")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void errorsDuringStreamingKeepTheirState() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:?batch_size_rows=10"); Statement s = c.createStatement()) {
      // the division by zero happens in a later batch, after rows were delivered
      ResultSet rs = s.executeQuery("SELECT 10 / (v - 5000) FROM range(0, 10000) t(v)");
      assertThatThrownBy(() -> {
        while (rs.next()) {
          rs.getLong(1);
        }
      }).isInstanceOf(SQLDataException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22012");
    }
  }

  @Test
  void maxRowsIsPushedDownAndFetchSizeSizesBatches() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      s.setMaxRows(7);
      s.setFetchSize(3);
      try (ResultSet rs = s.executeQuery("SELECT * FROM range(0, 1000000000)")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertThat(n).isEqualTo(7);
      }
      assertThat(s.getMaxRows()).isEqualTo(7);
      assertThat(s.getFetchSize()).isEqualTo(3);
    }
  }

  @Test
  void queryTimeoutCancelsTheEngineAndTheStatementStaysUsable() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.executeQuery(LONG).next())
          .isInstanceOf(SQLTimeoutException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      s.setQueryTimeout(0);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheQuery() throws Exception {
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      long[] cancelledAt = new long[1];
      ex.schedule(() -> {
        cancelledAt[0] = System.nanoTime();
        s.cancel();
        return null;
      }, 500, TimeUnit.MILLISECONDS);
      assertThatThrownBy(() -> s.executeQuery(LONG).next())
          .isInstanceOf(SQLException.class)
          .isNotInstanceOf(SQLTimeoutException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
      assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt[0])).isLessThan(Duration.ofSeconds(1));
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void closingAStatementReleasesAnUnfinishedStream() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT v, 'row ' || v FROM range(0, 100000000) t(v)");
      assertThat(rs.next()).isTrue();
      s.close();
      assertThat(rs.isClosed()).isTrue();
      assertThat(io.ffq.jdbc.engine.EngineRegistry.liveNativeStreams()).isZero();
    }
  }

  @Test
  void preparedStatementsBindParameters() throws SQLException {
    try (Connection c = DriverManager.getConnection(TestData.tpchUrl());
        PreparedStatement ps = c.prepareStatement(
            "SELECT n_name, n_regionkey FROM nation WHERE n_nationkey = ? AND n_name <> ?")) {
      assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
      assertThat(ps.getMetaData().getColumnLabel(1)).isEqualTo("n_name");
      assertThatThrownBy(ps::executeQuery).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("07001");
      ps.setInt(1, 7);
      ps.setString(2, "x");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("GERMANY");
        assertThat(rs.getStatement()).isSameAs(ps);
        assertThat(rs.next()).isFalse();
      }
      ps.setLong(1, 24L);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("n_name")).isEqualTo("UNITED STATES");
      }
      ps.setString(1, "not a number");
      assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLDataException.class);
      assertThatThrownBy(() -> ps.setInt(3, 1)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("07009");
    }
  }

  @Test
  void preparedUpdatesAndBatches() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      c.createStatement().execute("CREATE TABLE t (a BIGINT, b VARCHAR, d DATE, x DECIMAL(10, 2))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 3; i++) {
          ps.setLong(1, i);
          ps.setString(2, "v" + i);
          ps.setDate(3, java.sql.Date.valueOf("2024-01-0" + (i + 1)));
          ps.setBigDecimal(4, new java.math.BigDecimal("1.25").multiply(java.math.BigDecimal.valueOf(i)));
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
        ps.setNull(1, java.sql.Types.BIGINT);
        ps.setNull(2, java.sql.Types.VARCHAR);
        ps.setObject(3, java.time.LocalDate.of(2030, 5, 6));
        ps.setObject(4, 9.5);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT a, b, d, x FROM t ORDER BY a NULLS LAST")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isZero();
        assertThat(rs.getString(2)).isEqualTo("v0");
        assertThat(rs.next() && rs.next() && rs.next()).isTrue();
        assertThat(rs.getLong(1)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getObject(3, java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.of(2030, 5, 6));
        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("9.50");
      }
    }
  }

  @Test
  void aTableWhoseFileWasDeletedIsAnErrorNotAnEmptyResult(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws SQLException {
    String file = dir.resolve("t.parquet").toString();
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM generate_series(1, 5) AS g(v)) TO '" + file + "' STORED AS PARQUET");
      s.execute("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION '" + file + "'");
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM t WHERE v > ?")) {
        ps.setLong(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(3);
        }
        assertThat(new java.io.File(file).delete()).isTrue();
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM t").next())
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("t.parquet")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("58030");
        assertThatThrownBy(() -> ps.executeQuery().next())
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("58030");
      }
    }
  }
}
