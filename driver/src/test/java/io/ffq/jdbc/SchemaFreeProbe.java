package io.ffq.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/** A child JVM's first statements through JDBC: a query, and a prepared query with a parameter. */
public final class SchemaFreeProbe {
  private SchemaFreeProbe() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 41 + value AS x, 'v' || value AS y FROM generate_series(1, 3)")) {
        while (rs.next()) {
          System.out.println("row " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getMetaData().getColumnLabel(2));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS BIGINT) * 2 AS doubled")) {
        ps.setLong(1, 21);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          System.out.println("doubled " + rs.getLong(1) + " " + ps.getMetaData().getColumnCount()
              + " " + ps.getParameterMetaData().getParameterCount());
        }
      }
    }
    System.out.println("done");
  }
}
