package io.ffq.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The 22 TPC-H queries end to end, every result row fetched. One SQL text per query
 * ({@code tpch/qNN.sql}), the same for every peer: ffq and DuckDB over the same Parquet
 * files, DuckDB on its own storage, and ffq on the same rows loaded into in-memory tables.
 * SQLite and H2 are left out (minutes per query). Seven measured runs after three warm-ups:
 * single runs of the same query on a shared 2-core machine move by up to 40%.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class TpchBenchmark {
  public static final String[] QUERIES = {
    "q01", "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10", "q11",
    "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22",
  };

  /** The peers that run all 22. */
  public static final String[] PEERS = {"ffq", "duckdb_parquet", "duckdb", "ffq_memory"};

  /** One connection to one of {@link #PEERS} for a whole trial. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"ffq", "duckdb_parquet", "duckdb", "ffq_memory"})
    public String peer;

    @Param({"1"})
    public String sf;

    Connection conn;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      conn = Peer.of(peer).open(sf);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      conn.close();
    }
  }

  /** Which query. */
  @State(Scope.Benchmark)
  public static class Query {
    @Param({
      "q01", "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10", "q11",
      "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22",
    })
    public String query;

    String sql;

    @Setup(Level.Trial)
    public void load() {
      sql = sql(query);
    }
  }

  /** The text of query {@code q} (q01 ... q22). */
  public static String sql(String q) {
    try (InputStream in = TpchBenchmark.class.getResourceAsStream("/tpch/" + q + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no TPC-H query " + q);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  public long query(Engine e, Query q, Blackhole bh) throws SQLException {
    long rows = 0;
    try (Statement st = e.conn.createStatement(); ResultSet rs = st.executeQuery(q.sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          bh.consume(rs.getObject(i));
        }
        rows++;
      }
    }
    return rows;
  }

  /** The rows of a query as text, numbers to 2 decimal places (and 4 significant digits below 1). */
  public static List<String> answer(Connection c, String q) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql(q))) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          boolean integral = v instanceof Long || v instanceof Integer || v instanceof Short
              || v instanceof java.math.BigInteger;
          if (v instanceof Number num && !integral) {
            double d = num.doubleValue();
            v = Math.abs(d) < 1 ? String.format(java.util.Locale.ROOT, "%.4g", d)
                : String.format(java.util.Locale.ROOT, "%.2f", d);
          } else if (v instanceof Number num) {
            v = num.longValue();
          } else if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) {
            v = v.toString();
          }
          row.append(i > 1 ? "|" : "").append(v);
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
