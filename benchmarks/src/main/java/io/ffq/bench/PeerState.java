package io.ffq.bench;

import java.sql.Connection;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One open connection to one peer for a whole trial. */
@State(Scope.Benchmark)
public class PeerState {
  @Param({"ffq", "duckdb_parquet", "duckdb", "sqlite", "h2"})
  public String peer;

  @Param({"1"})
  public String sf;

  public Peer p;
  public Connection conn;
  /** The URL a new connection to the same data uses. */
  public String url;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    p = Peer.of(peer);
    conn = p.open(sf);
    url = p == Peer.FFQ ? BenchData.ffqUrl(sf) : conn.getMetaData().getURL();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    conn.close();
  }
}
