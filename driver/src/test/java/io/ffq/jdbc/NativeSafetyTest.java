package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What used to kill or outrun the host JVM, checked where it would show: child JVMs and
 * their exit status and crash files, the engine threads' CPU after a cancel, peak RSS.
 */
class NativeSafetyTest {
  @AfterEach
  void noLeaks() {
    Leaks.assertNone();
  }

  /** The library built with its test hooks (./run-tests.sh builds it); the shipped one has none. */
  private static String hooksLibrary() {
    String lib = System.getProperty("ffq.test.hooks.lib", "");
    assumeTrue(!lib.isEmpty(), "ffq.test.hooks.lib is not set (./run-tests.sh sets it)");
    assertThat(Path.of(lib)).as("the test-hooks build of the engine").isRegularFile();
    return lib;
  }

  @Test
  void panicBecomesInternalErrorAndTheJvmLivesOn() throws Exception {
    Forked.Result r = Forked.run(SafetyProbe.class, List.of("-Dffq.native.path=" + hooksLibrary()),
        Map.of("FFQ_ENABLE_TEST_HOOKS", "1"), 120, "panic");
    assertThat(r.clean()).as(r.toString()).isTrue();
    assertThat(r.output()).contains("panic: XX000 6 ").contains("ffq_test_panic called").contains("after: 42");
  }

  @Test
  void theShippedLibraryHasNoTestHooks() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT ffq_test_panic('boom')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("ffq_test_panic");
    }
  }

  /**
   * Every way of stopping a busy query from another thread, against a reader inside
   * executeQuery or next(), in a child JVM: no crash, no hs_err file, every failure an
   * SQLException with a SQLState (the probe exits 3 otherwise).
   */
  @Test
  void closeCancelAndAbortFromAnotherThreadNeverKillTheJvm() throws Exception {
    Forked.Result r = Forked.run(SafetyProbe.class, List.of("-Xmx512m"), Map.of(), 300,
        "races", TestData.tpchUrl(), "60", "400");
    assertThat(r.clean()).as(r.toString()).isTrue();
    assertThat(r.output()).contains("races: rounds=");
  }

  @Test
  void deepStatementsFailCleanlyNamingTheLimit() throws Exception {
    Forked.Result r = Forked.run(SafetyProbe.class, List.of("-Xss512k"), Map.of(), 300, "deep");
    assertThat(r.clean()).as(r.toString()).isTrue();
    assertThat(r.output())
        .contains("deep 500+: rows=1")
        .contains("deep 1000+: 54001")
        .contains("deep 100000OR: 54001")
        .contains("deep 100000||: 54001")
        .contains("unions 500: rows=500")
        .contains("unions 20000: 54001")
        .contains("max_expression_depth");
    // statements just shallow enough to run on the caller's thread, on stacks just big
    // enough (and on smaller ones): each runs and gives its row
    assertThat(r.output().lines().filter(l -> l.startsWith("shallow ") && l.endsWith(": rows=1")).count())
        .as(r.output()).isEqualTo(24);
  }

  @Test
  void sizeByArgumentFunctionsStayWithinTheBudget() throws Exception {
    Forked.Result r = Forked.run(SafetyProbe.class,
        List.of("-Xmx256m", "-Dprobe.url=" + TestData.tpchUrl() + "?mem_budget_bytes=256m"), Map.of(), 300, "memory");
    assertThat(r.clean()).as(r.toString()).isTrue();
    assertThat(r.output().lines().filter(l -> l.startsWith("memory ") && l.contains(": 53200")).count())
        .as(r.output()).isEqualTo(8);
    assertThat(r.output()).contains("length(repeat('x', 1000)): rows=1");
    long peakKib = Long.parseLong(r.output().replaceAll("(?s).*peak VmHWM: (\\d+) kB.*", "$1"));
    assertThat(peakKib).as("peak RSS (KiB) against a 256 MiB budget and a 256 MiB heap").isLessThan(1_500_000);
  }

  @Test
  void hugeColumnNamesAreRefusedNotMisread() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 AS \"" + "x".repeat(16_384) + "\"")) {
        assertThat(rs.getMetaData().getColumnLabel(1)).hasSize(16_384);
      }
      for (int n : new int[] {16_385, 70_000, 1_000_000}) {
        assertThatThrownBy(() -> s.executeQuery("SELECT 1 AS \"" + "x".repeat(n) + "\""))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42622"))
            .hasMessageContaining("limit is 16384");
      }
    }
  }

  /**
   * A cancelled query stops using CPU, not only its caller: aggregate, sort and join, the
   * engine threads' CPU watched after every cancel; p99 under a second.
   */
  @Test
  void cancelStopsTheEnginesCpu() throws Exception {
    Forked.Result r = Forked.run(SafetyProbe.class, List.of(), Map.of(), 300, "cancel", "12");
    assertThat(r.clean()).as(r.toString()).isTrue();
    long p99 = Long.parseLong(r.output().replaceAll("(?s).*cancel trials=\\d+ p50=\\d+ p99=(\\d+) .*", "$1"));
    assertThat(p99).as(r.output()).isLessThan(1000);
  }

  /** A table wider than 1600 columns is refused (planning time grows with the square of the width). */
  @Test
  void tablesWiderThanTheLimitAreRefused() throws Exception {
    Path csv = Files.createTempFile("wide", ".csv");
    StringBuilder sb = new StringBuilder();
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 10_000; col++) {
        sb.append(col == 0 ? "" : ",").append(row == 0 ? "c" + col : Integer.toString(col + row));
      }
      sb.append('\n');
    }
    Files.writeString(csv, sb);
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.execute("CREATE EXTERNAL TABLE wide STORED AS CSV LOCATION '" + csv
          + "' OPTIONS ('format.has_header' 'true')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54011"))
          .hasMessageContaining("limit is 1600");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to refuse").isLessThan(5_000);
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM wide"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  @Test
  void manyConnectionsQueryOneSharedEngineAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int k = i;
        results.add(pool.submit(() -> {
          try (Connection c = DriverManager.getConnection(TestData.tpchUrl());
              Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM lineitem WHERE l_linenumber = " + (k % 4 + 1))) {
            rs.next();
            return rs.getLong(1);
          }
        }));
      }
      long[] got = new long[8];
      for (int i = 0; i < 8; i++) {
        got[i] = results.get(i).get();
      }
      for (int i = 4; i < 8; i++) {
        assertThat(got[i]).isEqualTo(got[i - 4]).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
