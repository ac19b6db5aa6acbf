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

/** Full-scan and narrow fetches: query + fetch of every row through ResultSet getters. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class ScanBenchmark {
  /** One column of one type. */
  @State(Scope.Benchmark)
  public static class Column {
    @Param({"bigint", "double", "varchar", "decimal", "date"})
    public String type;
  }

  @Benchmark
  public long fullScan(PeerState s, Blackhole bh) throws SQLException {
    try (Statement st = s.conn.createStatement(); ResultSet rs = st.executeQuery(Lineitem.SQL)) {
      return Lineitem.readAll(rs, s.p.hasDates(), bh);
    }
  }

  /** The one-column query of a narrow fetch of {@code type}. */
  static String narrowSql(String type) {
    switch (type) {
      case "bigint": return "SELECT l_orderkey FROM lineitem";
      case "double": return "SELECT CAST(l_extendedprice AS DOUBLE) FROM lineitem";
      case "varchar": return "SELECT l_comment FROM lineitem";
      case "decimal": return "SELECT l_extendedprice FROM lineitem";
      default: return "SELECT l_shipdate FROM lineitem";
    }
  }

  @Benchmark
  public long narrow(PeerState s, Column c, Blackhole bh) throws SQLException {
    long rows = 0;
    try (Statement st = s.conn.createStatement(); ResultSet rs = st.executeQuery(narrowSql(c.type))) {
      // one loop per getter, so each loop's call site sees a single getter
      switch (c.type) {
        case "bigint":
          while (rs.next()) {
            bh.consume(rs.getLong(1));
            rows++;
          }
          break;
        case "double":
          while (rs.next()) {
            bh.consume(rs.getDouble(1));
            rows++;
          }
          break;
        case "decimal":
          while (rs.next()) {
            bh.consume(rs.getBigDecimal(1));
            rows++;
          }
          break;
        case "date":
          boolean dates = s.p.hasDates();
          while (rs.next()) {
            bh.consume(dates ? rs.getDate(1) : rs.getString(1));
            rows++;
          }
          break;
        default:
          while (rs.next()) {
            bh.consume(rs.getString(1));
            rows++;
          }
      }
    }
    return rows;
  }
}
