package io.ffq.bench;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Tiny queries: the fixed cost of a statement round trip. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class LatencyBenchmark {
  /** A point lookup prepared once. */
  @State(Scope.Benchmark)
  public static class Prepared {
    PreparedStatement ps;
    int key;

    @Setup(Level.Trial)
    public void prepare(PeerState s) throws SQLException {
      ps = s.conn.prepareStatement("SELECT n_name FROM nation WHERE n_nationkey = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      ps.close();
    }
  }

  @Benchmark
  public int select1(PeerState s) throws SQLException {
    try (Statement st = s.conn.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Benchmark
  public void preparedPointLookup(Prepared p, Blackhole bh) throws SQLException {
    p.ps.setInt(1, p.key);
    p.key = (p.key + 1) % 25;
    try (ResultSet rs = p.ps.executeQuery()) {
      while (rs.next()) {
        bh.consume(rs.getString(1));
      }
    }
  }
}
