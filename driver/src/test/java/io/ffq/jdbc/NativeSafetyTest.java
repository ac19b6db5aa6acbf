package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A panic in the engine is an SQLException, never a dead JVM; the engine is shared safely. */
class NativeSafetyTest {
  @AfterEach
  void noLeaks() {
    Leaks.assertNone();
  }

  @Test
  void panicBecomesInternalError() throws SQLException {
    // the surefire configuration sets FFQ_ENABLE_TEST_HOOKS=1, which adds ffq_test_panic()
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> {
        try (ResultSet rs = s.executeQuery("SELECT ffq_test_panic('boom')")) {
          rs.next();
        }
      }).isInstanceOf(SQLException.class)
          .hasMessageContaining("ffq_test_panic called")
          .satisfies(e -> {
            assertThat(((SQLException) e).getSQLState()).isEqualTo("XX000");
            assertThat(((SQLException) e).getErrorCode()).isEqualTo(6);
          });
      try (ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
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
