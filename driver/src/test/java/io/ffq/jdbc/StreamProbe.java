package io.ffq.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Run in a forked JVM: reads a query's every row and prints the count and a checksum. */
public final class StreamProbe {
  private StreamProbe() {}

  public static void main(String[] args) throws Exception {
    long rows = 0;
    long sum = 0;
    long chars = 0;
    try (Connection c = DriverManager.getConnection(args[0]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(args[1])) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        rows++;
        sum += rs.getLong(1);
        for (int i = 2; i <= n; i++) {
          String v = rs.getString(i);
          chars += v == null ? 0 : v.length();
        }
      }
    }
    System.out.println("rows=" + rows + " sum=" + sum + " chars=" + chars
        + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
