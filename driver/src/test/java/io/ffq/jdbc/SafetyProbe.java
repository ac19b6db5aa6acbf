package io.ffq.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a child JVM by {@link NativeSafetyTest}: scenarios that used to kill the JVM. Prints
 * one line of counts per scenario and exits 0; any failure that is not an SQLException with
 * a SQLState exits 3 with the failure (a crash shows as another exit status).
 */
public final class SafetyProbe {
  private SafetyProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "panic" -> panic();
      case "races" -> races(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
      case "deep" -> deep();
      case "memory" -> memory();
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void panic() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT ffq_test_panic('boom')")) {
        rs.next();
        fail("no error");
      } catch (SQLException e) {
        System.out.println("panic: " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage());
      }
      try (ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
        rs.next();
        System.out.println("after: " + rs.getInt(1));
      }
    }
  }

  /** The ways a busy query is stopped from another thread. */
  private enum Stopper { STATEMENT_CLOSE, CONNECTION_CLOSE, ABORT, RESULT_CLOSE, CANCEL }

  /**
   * A reader inside next() (or inside executeQuery) while another thread stops it, every
   * pair, until {@code seconds} pass or {@code rounds} rounds ran.
   */
  private static void races(String url, long seconds, int rounds) throws Exception {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    Map<String, Integer> outcomes = new TreeMap<>();
    String[] queries = {
      // long CPU-bound aggregate: the stop lands inside executeQuery or the first next()
      "SELECT count(DISTINCT v % 1000003) FROM range(0, 30000000) t(v)",
      // many small batches: the stop lands between or inside fetches
      "SELECT * FROM lineitem",
    };
    int n = 0;
    var pool = Executors.newCachedThreadPool();
    try {
      while (n < rounds && System.nanoTime() < until) {
        for (Stopper stopper : Stopper.values()) {
          for (String q : queries) {
            String outcome = race(url, q, stopper, pool);
            outcomes.merge(stopper + " " + outcome, 1, Integer::sum);
          }
        }
        n++;
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("races: rounds=" + n + " outcomes=" + outcomes);
  }

  private static String race(String url, String sql, Stopper stopper, java.util.concurrent.ExecutorService pool)
      throws Exception {
    Connection c = DriverManager.getConnection(url);
    Statement s = c.createStatement();
    s.setFetchSize(1024);
    AtomicReference<ResultSet> open = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    var reader = pool.submit(() -> {
      started.countDown();
      try (ResultSet rs = s.executeQuery(sql)) {
        open.set(rs);
        long rows = 0;
        while (rs.next()) {
          rows += rs.getLong(1) >= 0 ? 1 : 1;
        }
        return "completed";
      } catch (SQLException e) {
        if (e.getSQLState() == null) {
          return "NULL-SQLSTATE " + e;
        }
        return e.getSQLState();
      } catch (Throwable t) {
        return "NOT-SQLEXCEPTION " + t;
      }
    });
    started.await();
    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 40));
    switch (stopper) {
      case STATEMENT_CLOSE -> s.close();
      case CONNECTION_CLOSE -> c.close();
      case ABORT -> c.abort(Runnable::run);
      case RESULT_CLOSE -> {
        ResultSet rs = open.get();
        if (rs != null) {
          rs.close();
        } else {
          s.cancel();
        }
      }
      case CANCEL -> s.cancel();
    }
    String outcome = reader.get();
    c.close();
    if (outcome.startsWith("NULL") || outcome.startsWith("NOT")) {
      fail(stopper + " on " + sql + ": " + outcome);
    }
    return outcome;
  }

  /** Deep and wide statements: a clean error past the limit, answers below it. */
  private static void deep() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
      for (int terms : new int[] {500, 1_000, 10_000, 100_000}) {
        for (String op : new String[] {" + ", " AND ", " OR ", " || "}) {
          String one = op.equals(" + ") ? "1" : op.equals(" || ") ? "'x'" : "true";
          String sql = "SELECT " + String.join(op, java.util.Collections.nCopies(terms, one));
          System.out.println("deep " + terms + op.trim() + ": " + outcome(s, sql));
        }
      }
      for (int n : new int[] {500, 2_000, 20_000}) {
        String sql = String.join(" UNION ALL ", java.util.Collections.nCopies(n, "SELECT 1"));
        System.out.println("unions " + n + ": " + outcome(s, sql));
      }
      String nested = "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
      System.out.println("parens 5000: " + outcome(s, nested));
    }
  }

  /** Functions whose output size is an argument: refused past the budget; peak RSS printed. */
  private static void memory() throws Exception {
    String[] sqls = {
      "SELECT repeat('x', 2147483647)",
      "SELECT length(repeat(l_comment, 100000)) FROM lineitem",
      "SELECT lpad('x', 2147483647, 'y')",
      "SELECT rpad('x', 2147483647)",
      "SELECT range(1, 2000000000)",
      "SELECT generate_series(1, 2000000000)",
      "SELECT array_repeat(1, 2147483647)",
      "SELECT replace(repeat('a', 100000), 'a', repeat('b', 100000))",
      "SELECT length(repeat('x', 1000))",
    };
    try (Connection c = DriverManager.getConnection(System.getProperty("probe.url"));
        Statement s = c.createStatement()) {
      for (String sql : sqls) {
        System.out.println("memory " + sql + ": " + outcome(s, sql));
      }
    }
    String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        System.out.println("peak " + line.replaceAll("\\s+", " "));
      }
    }
  }

  private static String outcome(Statement s, String sql) {
    try (ResultSet rs = s.executeQuery(sql)) {
      int rows = 0;
      while (rs.next()) {
        rows++;
      }
      return "rows=" + rows;
    } catch (SQLException e) {
      if (e.getSQLState() == null) {
        fail("null SQLState: " + e);
      }
      return e.getSQLState() + " " + e.getMessage();
    } catch (RuntimeException e) {
      fail("not an SQLException: " + e);
      return null;
    }
  }

  private static void fail(String what) {
    System.out.println("FAILED: " + what);
    System.out.flush();
    Runtime.getRuntime().halt(3);
  }
}
