package io.ffq.jdbc;

import io.ffq.jdbc.engine.NativeLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** A child JVM that runs one query and prints which build of the engine library it loaded. */
public final class NativeVariantProbe {
  private NativeVariantProbe() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT sum(value * 3), avg(CAST(value AS DOUBLE)), count(DISTINCT value % 1000) FROM generate_series(1, 2000000)")) {
      rs.next();
      System.out.println("folder " + NativeLoader.loadedFolder());
      System.out.println("answer " + rs.getLong(1) + " " + rs.getDouble(2) + " " + rs.getLong(3));
    }
  }
}
