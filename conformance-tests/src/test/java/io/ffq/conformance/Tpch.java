package io.ffq.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * TPC-H SF 0.01 as Parquet, generated once per build by the engine's generator; the driver
 * reads it through the generated catalog, DuckDB (the control) through views over the same files.
 */
public final class Tpch {
  public static final List<String> TABLES =
      List.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");

  private static Path catalog;

  private Tpch() {}

  public static synchronized Path catalog() {
    if (catalog == null) {
      Path dir = Paths.get(System.getProperty("ffq.test.data", "target/test-data")).toAbsolutePath().resolve("sf0.01");
      Path c = dir.resolve("catalog.json");
      if (!Files.isRegularFile(c)) {
        String tool = System.getProperty("ffq.tpchgen", "../driver/target/tools/ffq-tpchgen");
        try {
          Process p = new ProcessBuilder(tool, "--sf", "0.01", "--out", dir.toString())
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
          if (p.waitFor() != 0) {
            throw new IllegalStateException(tool + " failed with exit status " + p.exitValue());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot run " + tool, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      catalog = c;
    }
    return catalog;
  }

  /** The driver's URL for the sample (an engine shared by every connection to it). */
  public static String url() {
    return "jdbc:ffq:" + catalog();
  }

  public static Connection ffq() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /** A DuckDB connection with one view per TPC-H table over the same Parquet files. */
  public static Connection duckdb() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      for (String t : TABLES) {
        Path file = catalog().getParent().resolve(t + ".parquet");
        s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + file.toString().replace("'", "''") + "')");
      }
    }
    return c;
  }
}
