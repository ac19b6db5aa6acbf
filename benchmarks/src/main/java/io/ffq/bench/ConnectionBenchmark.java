package io.ffq.bench;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening and closing a connection while the database is already open (as in a pool),
 * and a metadata walk: getTables, then getColumns for every table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class ConnectionBenchmark {
  @Benchmark
  public boolean openClose(PeerState s) throws SQLException {
    Connection c;
    switch (s.p) {
      case DUCKDB:
        c = s.conn.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
        break;
      default:
        c = DriverManager.getConnection(s.url);
    }
    boolean closed;
    try (c) {
      closed = c.isClosed();
    }
    return closed;
  }

  @Benchmark
  public int metadataWalk(PeerState s) throws SQLException {
    DatabaseMetaData md = s.conn.getMetaData();
    List<String[]> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")});
      }
    }
    int columns = 0;
    for (String[] t : tables) {
      try (ResultSet rs = md.getColumns(t[0], t[1], t[2], "%")) {
        while (rs.next()) {
          columns += rs.getString("COLUMN_NAME").length() > 0 ? 1 : 0;
        }
      }
    }
    return columns;
  }
}
