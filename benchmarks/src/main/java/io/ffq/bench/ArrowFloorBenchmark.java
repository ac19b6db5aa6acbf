package io.ffq.bench;

import io.ffq.jdbc.FfqConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.ReusableByteArray;
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
 * The floor: the same full-scan stream read straight from the Arrow vectors, without the
 * JDBC row layer. It produces the same Java values a JDBC consumer gets for the reference
 * types (String, BigDecimal) and primitives for the rest.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class ArrowFloorBenchmark {
  /** An ffq connection. */
  @State(Scope.Benchmark)
  public static class Ffq {
    @Param({"1"})
    public String sf;

    FfqConnection conn;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      Connection c = Peer.FFQ.open(sf);
      conn = c.unwrap(FfqConnection.class);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      conn.close();
    }
  }

  @Benchmark
  public long fullScan(Ffq f, Blackhole bh) throws SQLException, IOException {
    long rows = 0;
    ReusableByteArray buf = new ReusableByteArray();
    try (ArrowReader reader = f.conn.queryArrow(Lineitem.SQL)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<FieldVector> vs = root.getFieldVectors();
      while (reader.loadNextBatch()) {
        int n = root.getRowCount();
        for (FieldVector v : vs) {
          if (v instanceof BaseIntVector) {
            BaseIntVector iv = (BaseIntVector) v;
            for (int r = 0; r < n; r++) {
              bh.consume(iv.getValueAsLong(r));
            }
          } else if (v instanceof DecimalVector) {
            DecimalVector dv = (DecimalVector) v;
            for (int r = 0; r < n; r++) {
              bh.consume(dv.getObject(r));
            }
          } else if (v instanceof DateDayVector) {
            DateDayVector dv = (DateDayVector) v;
            for (int r = 0; r < n; r++) {
              bh.consume(dv.get(r));
            }
          } else {
            VariableWidthFieldVector sv = (VariableWidthFieldVector) v;
            for (int r = 0; r < n; r++) {
              sv.read(r, buf);
              bh.consume(new String(buf.getBuffer(), 0, (int) buf.getLength(), StandardCharsets.UTF_8));
            }
          }
        }
        rows += n;
      }
    }
    return rows;
  }

  /** The floor's type of a narrow fetch (the two primitive types). */
  @State(Scope.Benchmark)
  public static class Narrow {
    @Param({"bigint", "double"})
    public String type;
  }

  /**
   * The floor of a narrow fetch: the same one-column stream as {@code ScanBenchmark.narrow},
   * each value read from its vector: what the engine and the Arrow import cost without the
   * JDBC row layer.
   */
  @Benchmark
  public long narrow(Ffq f, Narrow n, Blackhole bh) throws SQLException, IOException {
    long rows = 0;
    try (ArrowReader reader = f.conn.queryArrow(ScanBenchmark.narrowSql(n.type))) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        int count = root.getRowCount();
        FieldVector v = root.getVector(0);
        if (v instanceof BigIntVector) {
          BigIntVector b = (BigIntVector) v;
          for (int r = 0; r < count; r++) {
            bh.consume(b.isNull(r) ? 0L : b.get(r));
          }
        } else {
          Float8Vector d = (Float8Vector) v;
          for (int r = 0; r < count; r++) {
            bh.consume(d.isNull(r) ? 0.0 : d.get(r));
          }
        }
        rows += count;
      }
    }
    return rows;
  }
}
