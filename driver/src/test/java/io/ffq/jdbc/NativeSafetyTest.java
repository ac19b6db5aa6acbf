package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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

  /** A cancelled CPU-bound query stops using CPU within a second, not only its caller. */
  @Test
  void cancelStopsTheEnginesCpu() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        AtomicReference<SQLException> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
          try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT v % 10000019) FROM range(0, 3000000000) t(v)")) {
            rs.next();
          } catch (SQLException e) {
            failure.set(e);
          }
        });
        reader.start();
        Thread.sleep(1500);
        assertThat(EngineCpu.busyThreads()).as("the query is running").isPositive();
        s.cancel();
        reader.join(5_000);
        assertThat(failure.get() != null).as("the reader failed").isTrue();
        assertThat(failure.get().getSQLState()).isEqualTo("57014");
        Thread.sleep(1000);
        long before = EngineCpu.totalTicks();
        Thread.sleep(1000);
        long used = EngineCpu.totalTicks() - before;
        assertThat(used).as("engine CPU ticks (1/100 s) in the second after the cancel settled").isLessThan(10);
      }
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
