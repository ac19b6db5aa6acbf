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
      case "cancel" -> cancel(Integer.parseInt(args[1]));
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
    shallowOnSmallStacks();
  }

  /**
   * Statements just shallow enough to run on the caller's thread, from threads whose stacks
   * are just big enough to be allowed to (and from smaller ones, which hand the work over).
   */
  private static void shallowOnSmallStacks() {
    java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("plus60", "SELECT " + String.join(" + ", java.util.Collections.nCopies(60, "1")));
    cases.put("abs40", "SELECT " + "abs(".repeat(40) + "-1" + ")".repeat(40));
    cases.put("parens60", "SELECT " + "(".repeat(60) + "1" + ")".repeat(60));
    cases.put("case20", "SELECT " + "CASE WHEN true THEN ".repeat(20) + "1" + " END".repeat(20));
    cases.put("subquery15", "SELECT " + "(SELECT ".repeat(15) + "1" + ")".repeat(15));
    cases.put("and60", "SELECT count(*) FROM range(0, 1000) t(v) WHERE "
        + String.join(" AND ", java.util.Collections.nCopies(60, "v >= 0")));
    for (int kib : new int[] {256, 520, 640, 1024}) {
      Thread t = new Thread(null, () -> {
        try (Connection c = DriverManager.getConnection("jdbc:ffq:"); Statement s = c.createStatement()) {
          for (var e : cases.entrySet()) {
            System.out.println("shallow " + kib + "k " + e.getKey() + ": " + outcome(s, e.getValue()));
          }
        } catch (SQLException e) {
          System.out.println("shallow " + kib + "k: " + e.getSQLState());
        }
      }, "shallow-" + kib, kib << 10);
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * How long the engine keeps using CPU after a cancel: per trial, the time from cancel()
   * to the last clock tick (1/100 s) the engine threads used, over a 1.5 s watch. Prints
   * p50, p99 and the maximum in milliseconds.
   */
  private static void cancel(int trials) throws Exception {
    String[] queries = {
      "SELECT count(DISTINCT v % 10000019) FROM range(0, 3000000000) t(v)",
      "SELECT v FROM range(0, 3000000000) t(v) ORDER BY v % 1000 DESC, v LIMIT 5",
      "SELECT count(*) FROM range(0, 20000000) a(x) JOIN range(0, 3000000000) b(y) ON x = y % 20000000",
    };
    java.util.List<Long> stops = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:ffq:?mem_budget_bytes=1g"); Statement s = c.createStatement()) {
      for (int i = 0; i < trials; i++) {
        String q = queries[i % queries.length];
        AtomicReference<String> state = new AtomicReference<>();
        Thread reader = new Thread(() -> {
          try (ResultSet rs = s.executeQuery(q)) {
            rs.next();
            state.set("completed");
          } catch (SQLException e) {
            state.set(e.getSQLState());
          }
        });
        reader.start();
        Thread.sleep(800);
        long t0 = System.nanoTime();
        s.cancel();
        long last = t0;
        long ticks = EngineCpu.totalTicks();
        while (System.nanoTime() - t0 < 1_500_000_000L) {
          Thread.sleep(10);
          long now = EngineCpu.totalTicks();
          if (now > ticks) {
            last = System.nanoTime();
            ticks = now;
          }
        }
        reader.join(10_000);
        if (!"57014".equals(state.get())) {
          fail("trial " + i + " ended with " + state.get());
        }
        stops.add((last - t0) / 1_000_000);
      }
    }
    java.util.Collections.sort(stops);
    long p50 = stops.get(stops.size() / 2);
    long p99 = stops.get(Math.min(stops.size() - 1, (int) Math.ceil(stops.size() * 0.99) - 1));
    System.out.println("cancel trials=" + stops.size() + " p50=" + p50 + " p99=" + p99 + " max="
        + stops.get(stops.size() - 1) + " ms");
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
