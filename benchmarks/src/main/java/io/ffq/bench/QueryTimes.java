package io.ffq.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Median wall time of queries on one JDBC URL, every row fetched: for comparing the same
 * queries on an embedded engine and on a Ballista cluster ({@code jdbc:ffq://...}), which the
 * JMH suite does not start. Usage:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ffq.bench.QueryTimes URL RUNS NAME...
 * </pre>
 *
 * NAME is {@code select1}, {@code lookup} (one nation row by key) or a TPC-H query
 * ({@code q01} ... {@code q22}); a fifth of RUNS (at least one) warms up first.
 */
public final class QueryTimes {
  private QueryTimes() {}

  public static void main(String[] args) throws SQLException {
    if (args.length < 3) {
      System.err.println("usage: QueryTimes URL RUNS NAME... (NAME: select1, lookup, q01 ... q22)");
      System.exit(2);
    }
    int runs = Integer.parseInt(args[1]);
    try (Connection c = DriverManager.getConnection(args[0])) {
      for (int i = 2; i < args.length; i++) {
        String sql = text(args[i]);
        for (int w = 0; w < Math.max(1, runs / 5); w++) {
          once(c, sql);
        }
        long[] t = new long[runs];
        for (int r = 0; r < runs; r++) {
          t[r] = once(c, sql);
        }
        Arrays.sort(t);
        System.out.printf("%s %s: median %.3f ms of %d runs%n", args[0].replaceAll("\\?.*", ""), args[i],
            t[runs / 2] / 1e6, runs);
      }
    }
  }

  static String text(String name) {
    switch (name) {
      case "select1":
        return "SELECT 1";
      case "lookup":
        return "SELECT n_name FROM nation WHERE n_nationkey = 7";
      default:
        return TpchBenchmark.sql(name);
    }
  }

  /** Wall time of {@code sql} with every value of every row read. */
  static long once(Connection c, String sql) throws SQLException {
    long start = System.nanoTime();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          rs.getObject(i);
        }
      }
    }
    return System.nanoTime() - start;
  }
}
