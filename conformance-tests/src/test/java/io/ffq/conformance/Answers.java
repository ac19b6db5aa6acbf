package io.ffq.conformance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rows in a form two databases can be compared in: numbers as decimals (doubles to 12
 * significant digits), dates and times as ISO text, strings as they are.
 */
public final class Answers {
  private Answers() {}

  public static Object value(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      return new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros();
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).stripTrailingZeros();
    }
    if (v instanceof Number) {
      return new BigDecimal(v.toString()).stripTrailingZeros();
    }
    if (v instanceof java.sql.Date) {
      return ((java.sql.Date) v).toLocalDate().toString();
    }
    if (v instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) v).toLocalDateTime().toString();
    }
    if (v instanceof TemporalAccessor) {
      return v.toString();
    }
    if (v instanceof Map) {
      List<Object> out = new ArrayList<>();
      for (Object o : ((Map<?, ?>) v).values()) {
        out.add(value(o));
      }
      return out;
    }
    if (v instanceof Collection) {
      List<Object> out = new ArrayList<>();
      for (Object o : (Collection<?>) v) {
        out.add(value(o));
      }
      return out;
    }
    return v.toString();
  }

  public static List<Object> row(Object... values) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      out.add(value(v));
    }
    return out;
  }

  public static List<List<Object>> rows(Collection<?> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object r : rows) {
      if (r instanceof Map) {
        out.add(row(((Map<?, ?>) r).values().toArray()));
      } else if (r instanceof Object[]) {
        out.add(row((Object[]) r));
      } else if (r instanceof Collection) {
        out.add(row(((Collection<?>) r).toArray()));
      } else {
        out.add(row(r));
      }
    }
    return out;
  }

  public static List<List<Object>> read(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<Object>> out = new ArrayList<>();
    while (rs.next()) {
      List<Object> r = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        r.add(value(rs.getObject(i)));
      }
      out.add(r);
    }
    return out;
  }

  /** Runs {@code sql} with {@code params} over plain JDBC. */
  public static List<List<Object>> query(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs);
      }
    }
  }

  private static Connection duck;

  /** DuckDB's answer to {@code sql} over the same Parquet files. */
  public static synchronized List<List<Object>> duckdb(String sql, Object... params) throws SQLException {
    if (duck == null) {
      duck = Tpch.duckdb();
    }
    return query(duck, sql, params);
  }
}
