package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The driver on a real Ballista cluster: {@code ./ffq-cluster start} with one scheduler and
 * two executors as processes on loopback, the same SQL through {@code jdbc:ffq://}, answers
 * compared with the embedded engine over the same files. The failure cases (cancel, an
 * executor killed, the scheduler killed) check what the user sees and that the cluster
 * stopped working. The cluster is stopped whatever happens (also from a shutdown hook).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedTest {
  /**
   * A query that runs for a minute or more on the cluster unless cancelled: 1.8 billion
   * pairs of lineitem rows, each concatenating two comments (most pairs pass the filter, so
   * every operator emits batches steadily: cancel stops the work at the next batch).
   */
  static final String ENDLESS = "SELECT count(*) FROM lineitem a JOIN lineitem b "
      + "ON a.l_partkey % 2 = b.l_suppkey % 2 WHERE a.l_comment || b.l_comment LIKE '%a%'";

  private final Path root = Paths.get("..").toAbsolutePath().normalize();
  private final Path dir = Paths.get("target/ffq-cluster-test").toAbsolutePath();
  private int port;
  private String url;
  private Connection embedded;
  private Thread hook;

  @BeforeAll
  void start() throws Exception {
    port = freePorts(5);
    hook = new Thread(this::stopQuietly);
    Runtime.getRuntime().addShutdownHook(hook);
    String out = cluster("start", "--executors", "2", "--port", Integer.toString(port));
    assertThat(out).contains("JDBC URL: jdbc:ffq://127.0.0.1:" + port);
    url = "jdbc:ffq://127.0.0.1:" + port + "?catalog_path=" + TestData.tpchCatalog();
    embedded = DriverManager.getConnection(TestData.tpchUrl());
  }

  @AfterAll
  void stop() throws Exception {
    if (embedded != null) {
      embedded.close();
    }
    String out = cluster("stop");
    assertThat(out).contains("stopped");
    Runtime.getRuntime().removeShutdownHook(hook);
    assertThat(cluster("status", "--expect-failure")).contains("no cluster started");
  }

  @Test
  @Order(1)
  void tpchAnswersEqualTheEmbeddedEngine() throws Exception {
    List<String> failed = new ArrayList<>();
    try (Connection remote = DriverManager.getConnection(url)) {
      for (int q = 1; q <= 22; q++) {
        String name = String.format("q%02d", q);
        String sql = TestData.tpchQuery(name);
        List<List<Object>> expected = TestData.rows(embedded, sql);
        List<List<Object>> actual;
        try {
          actual = TestData.rows(remote, sql);
        } catch (SQLException e) {
          failed.add(name + ": " + e.getSQLState() + " " + e.getMessage());
          continue;
        }
        assertThat(actual).as(name).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
          for (int c = 0; c < expected.get(r).size(); c++) {
            Object a = actual.get(r).get(c);
            Object e = expected.get(r).get(c);
            assertThat(TestData.same(a, e, "1e-9")).as(name + " row " + r + " column " + (c + 1) + ": " + a + " vs " + e).isTrue();
          }
        }
      }
    }
    assertThat(failed).as("queries that failed on the cluster").isEmpty();
  }

  @Test
  @Order(2)
  void resultsStreamAndMetadataWorks() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertThat(c.isValid(5)).isTrue();
      try (ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      s.setFetchSize(1000);
      long rows = 0;
      long sum = 0;
      try (ResultSet rs = s.executeQuery("SELECT l_orderkey, l_linenumber FROM lineitem")) {
        while (rs.next()) {
          rows++;
          sum += rs.getLong(1) * 10 + rs.getInt(2);
        }
      }
      try (Statement e = embedded.createStatement();
          ResultSet rs = e.executeQuery("SELECT count(*), sum(l_orderkey * 10 + l_linenumber) FROM lineitem")) {
        assertThat(rs.next()).isTrue();
        assertThat(rows).isEqualTo(rs.getLong(1));
        assertThat(sum).isEqualTo(rs.getLong(2));
      }
      DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("lineitem", "orders", "nation", "region");
      try (ResultSet rs = md.getColumns(null, null, "nation", "%")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertThat(n).isEqualTo(4);
      }
      // a parameterized statement, twice
      try (var ps = c.prepareStatement("SELECT n_name FROM nation WHERE n_nationkey = ?")) {
        ps.setInt(1, 7);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("GERMANY");
        }
        ps.setInt(1, 24);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("UNITED STATES");
        }
      }
      // a query error on the executors keeps its class and leaves the connection usable
      assertThatThrownBy(() -> s.executeQuery("SELECT no_such_column FROM nation"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42703");
      assertThat(scalar(s, "SELECT count(*) FROM region")).isEqualTo(5);
    }
  }

  @Test
  @Order(3)
  void whatTheClusterCannotDoIsRefusedByName() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      String[][] cases = {
        {"CREATE TABLE t AS SELECT 1 AS x", "CREATE TABLE"},
        {"CREATE TABLE m (a INT)", "CREATE TABLE"},
        {"INSERT INTO nation VALUES (99, 'X', 1, 'x')", "INSERT"},
        {"DELETE FROM nation WHERE n_nationkey = 1", "DELETE"},
      };
      for (String[] k : cases) {
        assertThatThrownBy(() -> s.execute(k[0])).as(k[0])
            .isInstanceOf(SQLFeatureNotSupportedException.class)
            .hasMessageContaining(k[1] + " ")
            .hasMessageContaining("distributed engine")
            .hasMessageContaining("127.0.0.1:" + port);
      }
      // an in-memory table can be registered (it lives in the driver) but not read on the cluster
      FfqConnection f = c.unwrap(FfqConnection.class);
      f.registerTable("mem", f.queryArrow("SELECT 1 AS x"));
      assertThatThrownBy(() -> s.executeQuery("SELECT n_name FROM nation JOIN mem ON n_nationkey = x"))
          .isInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("table 'mem' is an in-memory table")
          .hasMessageContaining("127.0.0.1:" + port);
      assertThat(scalar(s, "SELECT count(*) FROM nation")).isEqualTo(25);
    }
  }

  @Test
  @Order(4)
  void cancelStopsTheJobOnTheCluster() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      CompletableFuture<Object> run = inBackground(() -> scalar(s, ENDLESS));
      awaitExecutorsBusy();
      String job = lastJob();
      long t0 = System.nanoTime();
      s.cancel();
      Object outcome = run.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(outcome).isInstanceOf(SQLException.class);
      assertThat(((SQLException) outcome).getSQLState()).isEqualTo("57014");
      assertThat(ms).as("cancel returned after %d ms", ms).isLessThan(1000);
      assertCancelledOnTheCluster(job);
      // the connection works after the cancel
      assertThat(scalar(s, "SELECT count(*) FROM region")).isEqualTo(5);
      // and a query timeout cancels the same way
      s.setQueryTimeout(3);
      long t1 = System.nanoTime();
      assertThatThrownBy(() -> s.executeQuery(ENDLESS).next())
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
      assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(6000);
      assertCancelledOnTheCluster(lastJob());
    }
  }

  /** The scheduler cancelled {@code job} (it did not finish) and the executors went idle. */
  private void assertCancelledOnTheCluster(String job) throws Exception {
    awaitLog("scheduler", "Job cancelled: [" + job + "]", 1, 10);
    assertThat(log("scheduler")).doesNotContain("Job finished successfully: [" + job + "]");
    assertExecutorsIdle();
  }

  /** The id of the job the scheduler accepted last. */
  private String lastJob() throws IOException {
    String text = log("scheduler");
    int at = text.lastIndexOf("Job submitted: [");
    assertThat(at).as("no job was submitted").isGreaterThanOrEqualTo(0);
    int start = at + "Job submitted: [".length();
    return text.substring(start, text.indexOf(']', start));
  }

  @Test
  @Order(5)
  void aKilledExecutorGivesTheAnswerOrAnErrorWithinSeconds() throws Exception {
    // half a billion pairs, a few seconds on the cluster: the kill lands mid-query
    String sql = "SELECT count(*), sum(a.l_quantity * b.l_discount) FROM lineitem a "
        + "JOIN lineitem b ON a.l_partkey % 7 = b.l_suppkey % 7";
    List<List<Object>> expected = TestData.rows(embedded, sql);
    try (Connection c = DriverManager.getConnection(url)) {
      CompletableFuture<Object> run = inBackground(() -> TestData.rows(c, sql));
      // kill the executor that is working on the query
      String busiest = awaitExecutorsBusy();
      long pid = pid(busiest);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      Object outcome;
      try {
        outcome = run.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("the query neither answered nor failed within 60 s of the kill", e);
      }
      if (outcome instanceof SQLException) {
        assertThat(((SQLException) outcome).getSQLState()).as(((SQLException) outcome).getMessage()).isNotNull();
      } else {
        assertThat(outcome).isEqualTo(expected);
      }
      // the remaining executor still answers
      assertThat(TestData.rows(c, "SELECT count(*) FROM nation")).isEqualTo(List.of(List.of(new BigDecimal(25))));
    }
  }

  @Test
  @Order(6)
  void aLostSchedulerIsAConnectionError() throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      CompletableFuture<Object> run = inBackground(() -> scalar(s, ENDLESS));
      Thread.sleep(1000);
      ProcessHandle.of(pid("scheduler")).ifPresent(ProcessHandle::destroyForcibly);
      long t0 = System.nanoTime();
      Object outcome;
      try {
        outcome = run.get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        s.cancel();
        throw new AssertionError("no error within 30 s of losing the scheduler", e);
      }
      assertThat(outcome).isInstanceOf(SQLException.class);
      SQLException e = (SQLException) outcome;
      assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
      assertThat(e.getMessage()).contains("127.0.0.1:" + port);
      assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(30);
    }
    // a new connection to the lost scheduler fails at connect, naming it
    assertThatThrownBy(() -> DriverManager.getConnection(url))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
  }

  // ---- helpers

  /** The one value of a one-row, one-column query. */
  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }

  interface Query {
    Object run() throws SQLException;
  }

  /** Runs {@code q} on another thread; its outcome is the value or the SQLException. */
  private static CompletableFuture<Object> inBackground(Query q) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return q.run();
      } catch (SQLException e) {
        return e;
      }
    });
  }

  private String cluster(String... args) throws IOException, InterruptedException {
    boolean expectFailure = args.length > 1 && args[args.length - 1].equals("--expect-failure");
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("ffq-cluster").toString());
    for (int i = 0; i < args.length - (expectFailure ? 1 : 0); i++) {
      cmd.add(args[i]);
    }
    cmd.add("--dir");
    cmd.add(dir.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path tools = Paths.get(System.getProperty("ffq.tpchgen", "target/tools/ffq-tpchgen")).toAbsolutePath().getParent();
    pb.environment().put("FFQ_CLUSTER_BIN", tools.toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ffq-cluster " + String.join(" ", args) + " did not finish within 120 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (!expectFailure) {
      assertThat(p.exitValue()).as("ffq-cluster %s:%n%s", String.join(" ", args), text).isZero();
    }
    return text;
  }

  private void stopQuietly() {
    try {
      cluster("stop");
    } catch (Exception | AssertionError e) {
      // best effort at JVM exit
    }
  }

  private long pid(String process) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(process + ".pid")).trim());
  }

  private String log(String process) throws IOException {
    Path f = dir.resolve("logs").resolve(process + ".log");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private void awaitLog(String process, String needle, int times, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (count(log(process), needle) < times) {
      if (System.nanoTime() > end) {
        throw new AssertionError(process + " log does not say '" + needle + "' " + times + " times within "
            + seconds + " s");
      }
      Thread.sleep(50);
    }
  }

  /** CPU time (clock ticks) an executor used so far (0 once it is gone). */
  private long ticks(String executor) throws IOException {
    Path stat = Paths.get("/proc", Long.toString(pid(executor)), "stat");
    if (!Files.exists(stat)) {
      return 0;
    }
    String s = Files.readString(stat);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** CPU time (clock ticks) the executors used so far. */
  private long executorTicks() throws IOException {
    return ticks("executor-1") + ticks("executor-2");
  }

  /**
   * Waits (at most 20 s) until the executors use more than half a core; returns the one
   * that used more.
   */
  private String awaitExecutorsBusy() throws Exception {
    for (int i = 0; i < 40; i++) {
      long a = ticks("executor-1");
      long b = ticks("executor-2");
      Thread.sleep(500);
      long da = ticks("executor-1") - a;
      long db = ticks("executor-2") - b;
      if (da + db > 25) {
        return da >= db ? "executor-1" : "executor-2";
      }
    }
    throw new AssertionError("the executors did not start working on the query within 20 s");
  }

  /** The executors use (almost) no CPU within 5 s: the job is not running anywhere. */
  private void assertExecutorsIdle() throws Exception {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5 && used > 10; i++) {
      long a = executorTicks();
      Thread.sleep(1000);
      used = executorTicks() - a;
    }
    assertThat(used).as("executor CPU ticks in a second after the cancel").isLessThanOrEqualTo(10);
  }

  private static int freePorts(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + (int) (Math.random() * 30000);
      boolean free = true;
      for (int p = base; p < base + n && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + n + " free consecutive ports on loopback");
  }
}
