package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ffq.jdbc.engine.EngineRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** HikariCP the way its README configures it: a pool over the driver's URL. */
class HikariCpTest {
  /** A query that runs for minutes on SF 0.01 unless stopped (a 3.6 billion row join). */
  static final String LONG_QUERY =
      "SELECT count(*) FROM lineitem a, lineitem b WHERE a.l_orderkey + b.l_orderkey < 0";

  static HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Tpch.url());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(10_000);
    config.setPoolName("ffq-" + size);
    return new HikariDataSource(config);
  }

  @Test
  void concurrentBorrowsAnswerAsDuckDb() throws Exception {
    String sql = "SELECT n_name, n_nationkey FROM nation WHERE n_regionkey = ? ORDER BY n_nationkey";
    List<List<List<Object>>> expected = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      expected.add(Answers.duckdb(sql, r));
    }
    try (HikariDataSource ds = pool(4)) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = t;
          done.add(threads.submit(() -> {
            int checked = 0;
            for (int i = 0; i < 25; i++) {
              int region = (seed + i) % 5;
              try (Connection c = ds.getConnection()) {
                assertThat(Answers.query(c, sql, region)).isEqualTo(expected.get(region));
                checked++;
              }
            }
            return checked;
          }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
          total += f.get(120, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(200);
      } finally {
        threads.shutdownNow();
      }
      assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isEqualTo(4);
    }
  }

  @Test
  void isValidOnBorrowAndAfterUse() throws Exception {
    try (HikariDataSource ds = pool(1); Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
      assertThat(Answers.query(c, "SELECT count(*) FROM region")).isEqualTo(Answers.duckdb("SELECT count(*) FROM region"));
      assertThat(c.isValid(1)).isTrue();
    }
  }

  /** Every kind of failed statement: the connection stays in the pool (none is evicted). */
  @Test
  void failedStatementsLeaveTheConnectionInThePool() throws Exception {
    try (HikariDataSource ds = pool(1)) {
      Object physical;
      try (Connection c = ds.getConnection()) {
        physical = c.unwrap(Connection.class);
      }
      String[][] failures = {
          {"SELEC 1", "42601"},
          {"SELECT * FROM no_such_table", "42P01"},
          {"SELECT no_such_column FROM nation", "42703"},
          {"GRANT SELECT ON nation TO bob", "42000"},
          {"SELECT CAST('abc' AS INT)", "22018"},
          {"SELECT 1 / 0", "22012"},
          {"SELECT n_name FROM nation ORDER BY n_nationkey OFFSET 1 ROWS FETCH FIRST 2 ROWS WITH TIES", "42000"},
      };
      for (String[] f : failures) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          assertThatThrownBy(() -> {
            try (ResultSet rs = s.executeQuery(f[0])) {
              while (rs.next()) {
                rs.getObject(1);
              }
            }
          }).as(f[0]).isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(f[0]).isEqualTo(f[1]));
        }
        assertSameConnection(ds, physical, f[0]);
      }
      // a query timeout and a cancel from another thread
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        assertThatThrownBy(() -> s.executeQuery(LONG_QUERY).next()).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
      }
      assertSameConnection(ds, physical, "timeout");
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try {
          canceller.submit(() -> {
            Thread.sleep(300);
            s.cancel();
            return null;
          });
          assertThatThrownBy(() -> s.executeQuery(LONG_QUERY).next()).isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        } finally {
          canceller.shutdownNow();
        }
      }
      assertSameConnection(ds, physical, "cancel");
      // a rollback that cannot undo a write
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS hikari_scratch AS SELECT 1 AS x");
        c.setAutoCommit(false);
        s.execute("INSERT INTO hikari_scratch VALUES (2)");
        assertThatThrownBy(c::rollback).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25000"));
        c.setAutoCommit(true);
        s.execute("DROP TABLE hikari_scratch");
      }
      assertSameConnection(ds, physical, "rollback after a write");
      assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
    }
  }

  private static void assertSameConnection(HikariDataSource ds, Object physical, String after) throws SQLException {
    try (Connection c = ds.getConnection()) {
      assertThat(c.unwrap(Connection.class)).as("the pooled connection after: " + after).isSameAs(physical);
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM nation"); ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(25);
      }
    }
  }

  /** Closing the pool aborts a query that is still running; its native work is released. */
  @Test
  void poolCloseAbortsARunningQuery() throws Exception {
    HikariDataSource ds = pool(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread runner = new Thread(() -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        started.countDown();
        try (ResultSet rs = s.executeQuery(LONG_QUERY)) {
          rs.next();
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    runner.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(500);
    long t0 = System.nanoTime();
    ds.close();
    runner.join(30_000);
    assertThat(runner.isAlive()).as("the query ended").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
    assertThat(failure.get()).isInstanceOf(SQLException.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (EngineRegistry.liveNativeStreams() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(EngineRegistry.liveNativeStreams()).isZero();
  }
}
