package io.ffq.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A driver under test and how it gets the benchmark rows. */
public enum Peer {
  /** ffq-jdbc on the Parquet files, as a user would query them. */
  FFQ,
  /**
   * ffq-jdbc with the same rows loaded into in-memory tables of a private engine
   * ({@code CREATE TABLE t AS SELECT * FROM} the Parquet file), once per connection: the
   * counterpart of DuckDB on its own storage.
   */
  FFQ_MEMORY,
  /** DuckDB on the same Parquet files as ffq, through views (nothing loaded). */
  DUCKDB_PARQUET,
  /** DuckDB, a database file of its own storage format, loaded once from the same Parquet files. */
  DUCKDB,
  /** SQLite, a file database loaded once from the engine's rows (dates as ISO text: SQLite has no DATE), join keys indexed. */
  SQLITE,
  /** H2, a file database loaded once (in-memory H2 would reload 6M rows in every JMH fork), join keys indexed. */
  H2;

  /** The name in benchmark parameters and reports. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Peer of(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** Opens a connection with the data in place (loading it first if needed). */
  public Connection open(String sf) throws SQLException {
    Path dir = BenchData.dir(sf);
    switch (this) {
      case FFQ:
        return DriverManager.getConnection(BenchData.ffqUrl(sf));
      case FFQ_MEMORY: {
        // The loaded tables leave too little of the default 512 MiB budget for Q18's hash
        // joins at SF 1; DuckDB may use 80% of the machine's memory by default.
        Connection c = DriverManager.getConnection("jdbc:ffq:?mem_budget_bytes=" + (4L << 30));
        try (java.sql.Statement s = c.createStatement()) {
          for (String t : BenchData.TABLES) {
            String file = BenchData.parquet(sf).getParent().resolve(t + ".parquet").toString().replace("'", "''");
            s.execute("CREATE EXTERNAL TABLE parquet_" + t + " STORED AS PARQUET LOCATION '" + file + "'");
            s.execute("CREATE TABLE " + t + " AS SELECT * FROM parquet_" + t);
            s.execute("DROP TABLE parquet_" + t);
          }
        } catch (SQLException e) {
          c.close();
          throw e;
        }
        return c;
      }
      case DUCKDB_PARQUET: {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (java.sql.Statement s = c.createStatement()) {
          for (String t : BenchData.TABLES) {
            s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('"
                + BenchData.parquet(sf).getParent().resolve(t + ".parquet").toString().replace("'", "''") + "')");
          }
        }
        return c;
      }
      case DUCKDB: {
        String url = "jdbc:duckdb:" + dir.resolve("duckdb.db");
        BenchData.loadDuckDbOnce(sf, url);
        return DriverManager.getConnection(url);
      }
      case SQLITE: {
        String url = "jdbc:sqlite:" + dir.resolve("sqlite.db");
        BenchData.loadOnce(sf, "sqlite", url, true);
        BenchData.indexOnce(sf, "sqlite", url);
        return DriverManager.getConnection(url);
      }
      case H2: {
        // H2 would otherwise hand back the previous result of an identical query on
        // unchanged data, so repeated runs of one query would measure a cache hit.
        String url = "jdbc:h2:" + dir.resolve("h2").resolve("tpch") + ";CACHE_SIZE=65536;OPTIMIZE_REUSE_RESULTS=FALSE";
        BenchData.loadOnce(sf, "h2", url, false);
        BenchData.indexOnce(sf, "h2", url);
        return DriverManager.getConnection(url);
      }
      default:
        throw new IllegalStateException();
    }
  }

  /** A date literal in this peer's SQL. */
  public String date(String iso) {
    return this == SQLITE ? "'" + iso + "'" : "DATE '" + iso + "'";
  }

  /** Whether DATE columns are read with getDate (SQLite stores them as text: getString). */
  public boolean hasDates() {
    return this != SQLITE;
  }
}
