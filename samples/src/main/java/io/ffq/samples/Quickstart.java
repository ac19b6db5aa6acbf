package io.ffq.samples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC against the embedded engine: open a connection to a catalog of Parquet tables,
 * run a query, run a prepared query with a parameter, print the rows.
 *
 * <p>usage: Quickstart /path/to/catalog.json
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) throws SQLException {
    if (args.length != 1) {
      System.err.println("usage: Quickstart /path/to/catalog.json");
      System.exit(2);
    }
    String url = "jdbc:ffq:" + args[0];
    try (Connection conn = DriverManager.getConnection(url)) {
      System.out.println("connected to " + conn.getMetaData().getDatabaseProductName() + " "
          + conn.getMetaData().getDatabaseProductVersion());
      try (Statement s = conn.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT l_returnflag, l_linestatus, count(*) AS n, sum(l_extendedprice) AS revenue "
                  + "FROM lineitem GROUP BY 1, 2 ORDER BY 1, 2")) {
        print(rs);
      }
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT n_name, r_name FROM nation JOIN region ON n_regionkey = r_regionkey WHERE r_name = ? ORDER BY 1")) {
        ps.setString(1, "EUROPE");
        try (ResultSet rs = ps.executeQuery()) {
          print(rs);
        }
      }
    }
  }

  private static void print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder header = new StringBuilder();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      header.append(i > 1 ? " | " : "").append(md.getColumnLabel(i)).append(' ').append(md.getColumnTypeName(i));
    }
    System.out.println(header);
    int rows = 0;
    while (rs.next()) {
      StringBuilder line = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        line.append(i > 1 ? " | " : "").append(rs.getString(i));
      }
      System.out.println(line);
      rows++;
    }
    System.out.println("(" + rows + " rows)");
  }
}
