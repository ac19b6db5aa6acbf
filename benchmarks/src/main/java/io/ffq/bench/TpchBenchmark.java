package io.ffq.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** TPC-H queries end to end, fetching every result row. Dates are literal (no interval arithmetic) so every peer runs the same SQL. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class TpchBenchmark {
  /** Which query. */
  @State(Scope.Benchmark)
  public static class Query {
    @Param({"q1", "q3", "q6"})
    public String query;
  }

  static String sql(String q, Peer p) {
    switch (q) {
      case "q1":
        return "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price, "
            + "sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, "
            + "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge, avg(l_quantity) AS avg_qty, "
            + "avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order "
            + "FROM lineitem WHERE l_shipdate <= " + p.date("1998-09-02")
            + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";
      case "q3":
        return "SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority "
            + "FROM customer, orders, lineitem WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey "
            + "AND l_orderkey = o_orderkey AND o_orderdate < " + p.date("1995-03-15") + " AND l_shipdate > "
            + p.date("1995-03-15") + " GROUP BY l_orderkey, o_orderdate, o_shippriority "
            + "ORDER BY revenue DESC, o_orderdate LIMIT 10";
      case "q6":
        return "SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_shipdate >= "
            + p.date("1994-01-01") + " AND l_shipdate < " + p.date("1995-01-01")
            + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24";
      default:
        throw new IllegalArgumentException(q);
    }
  }

  @Benchmark
  public long query(PeerState s, Query q, Blackhole bh) throws SQLException {
    long rows = 0;
    try (Statement st = s.conn.createStatement(); ResultSet rs = st.executeQuery(sql(q.query, s.p))) {
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
}
