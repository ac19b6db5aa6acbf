package io.ffq.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.infra.Blackhole;

/** The full scan: every lineitem column, each read with its natural getter. */
final class Lineitem {
  static final String COLUMNS = "l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, "
      + "l_discount, l_tax, l_returnflag, l_linestatus, l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, "
      + "l_shipmode, l_comment";
  static final String SQL = "SELECT " + COLUMNS + " FROM lineitem";
  static final int WIDTH = 16;

  private Lineitem() {}

  /** Reads every row; returns the row count. */
  static long readAll(ResultSet rs, boolean dates, Blackhole bh) throws SQLException {
    long rows = 0;
    while (rs.next()) {
      bh.consume(rs.getLong(1));
      bh.consume(rs.getLong(2));
      bh.consume(rs.getLong(3));
      bh.consume(rs.getInt(4));
      bh.consume(rs.getBigDecimal(5));
      bh.consume(rs.getBigDecimal(6));
      bh.consume(rs.getBigDecimal(7));
      bh.consume(rs.getBigDecimal(8));
      bh.consume(rs.getString(9));
      bh.consume(rs.getString(10));
      if (dates) {
        bh.consume(rs.getDate(11));
        bh.consume(rs.getDate(12));
        bh.consume(rs.getDate(13));
      } else {
        bh.consume(rs.getString(11));
        bh.consume(rs.getString(12));
        bh.consume(rs.getString(13));
      }
      bh.consume(rs.getString(14));
      bh.consume(rs.getString(15));
      bh.consume(rs.getString(16));
      rows++;
    }
    return rows;
  }
}
