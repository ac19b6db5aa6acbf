package io.ffq.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * The fuzz cases, generated from (seed, index) alone so any case can be replayed: URLs and
 * Properties, catalog files, SQL (mutations of valid queries, deep nesting, huge literals,
 * pathological functions) and parameters (every setter with extreme values). {@link #run}
 * runs one case and returns its outcome: "ok", a SQLState, or a line starting with "BAD"
 * for anything that is not an SQLException with a SQLState.
 */
final class FuzzCases {
  static final String[] KINDS = {"url", "catalog", "sql", "params"};

  private static final String[] VALID_SQL = {
    "SELECT n_name, r_name FROM nation JOIN region ON n_regionkey = r_regionkey WHERE r_name = 'ASIA'",
    "SELECT l_returnflag, sum(l_extendedprice * (1 - l_discount)) FROM lineitem GROUP BY 1 ORDER BY 1",
    "SELECT o_orderpriority, count(*) FROM orders WHERE o_orderdate >= DATE '1995-01-01' GROUP BY 1",
    "SELECT c_name, (SELECT count(*) FROM orders WHERE o_custkey = c_custkey) FROM customer LIMIT 10",
    "WITH t AS (SELECT p_type, avg(p_retailprice) a FROM part GROUP BY 1) SELECT * FROM t WHERE a > 1000",
    "SELECT s_name, rank() OVER (PARTITION BY s_nationkey ORDER BY s_acctbal DESC) FROM supplier",
    "SELECT CASE WHEN ps_availqty > 5000 THEN 'many' ELSE 'few' END, count(*) FROM partsupp GROUP BY 1",
    "SELECT substr(c_phone, 1, 2), count(*) FROM customer WHERE c_acctbal > 0 GROUP BY 1 ORDER BY 2 DESC",
  };

  private static final String[] TOKENS = {
    "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "(", ")", ",", "+", "-", "*", "/", "%", "||", "AND",
    "OR", "NOT", "=", "<>", "<", ">=", "NULL", "UNION ALL", "JOIN", "ON", "LIMIT", "OFFSET", "CAST(", "AS",
    "INT", "VARCHAR", "DECIMAL(38, 10)", "'x'", "''", "1e308", "-9223372036854775808",
    "99999999999999999999999999999999999999999", "0.0000000000000000000000001", "$1", "?", ";", "\"", "'",
    "/*", "--", "\u0000", "\ud800", "lineitem", "nation", "l_comment", "count(*)", "sum(", "avg(", "over (",
    "EXPLAIN", "EXPLAIN ANALYZE", "INSERT INTO nation VALUES (1)", "DROP TABLE nation", "SET", "PREPARE p AS",
  };

  private static final String[] PATHOLOGICAL = {
    "SELECT repeat('x', %d)", "SELECT lpad('x', %d, 'y')", "SELECT rpad('ab', %d)", "SELECT range(1, %d)",
    "SELECT generate_series(1, %d)", "SELECT array_repeat('abc', %d)", "SELECT length(repeat(l_comment, %d)) FROM lineitem",
    "SELECT count(*) FROM range(0, %d) t(v)", "SELECT 1 FROM range(0, 10) LIMIT %d",
    "SELECT regexp_like(repeat('a', 40), '(a+)+b') FROM range(0, %d) t(v) LIMIT 10",
    "SELECT to_timestamp(%d)", "SELECT arrow_cast(%d, 'Timestamp(Second, None)')",
    "SELECT arrow_cast(%d, 'Time64(Nanosecond)')", "SELECT CAST(%d AS DECIMAL(38, 37))",
    "SELECT make_array(%d) FROM range(0, 3)", "SELECT %d / 0", "SELECT CAST(%d AS TINYINT)",
  };

  private static final long[] EXTREMES = {
    0, 1, -1, 255, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
    2_000_000_000L, 1L << 40, 100_000, 10_000_000,
  };

  private final long seed;
  private final Path scratch;
  private final Path tpchDir;
  private final String tpchUrl;

  FuzzCases(long seed, Path scratch, Path tpchDir) {
    this.seed = seed;
    this.scratch = scratch;
    this.tpchDir = tpchDir;
    this.tpchUrl = "jdbc:ffq:" + tpchDir.resolve("catalog.json");
  }

  static String kindOf(int index) {
    return KINDS[index % KINDS.length];
  }

  String run(int index) {
    Random r = new Random(seed * 1_000_003L + index);
    try {
      switch (kindOf(index)) {
        case "url":
          return url(r);
        case "catalog":
          return catalog(r, index);
        case "sql":
          return sql(r);
        default:
          return params(r);
      }
    } catch (SQLException e) {
      if (e.getSQLState() == null) {
        return "BAD null SQLState: " + e;
      }
      // internal errors carry their message, for the report
      return e.getSQLState().equals("XX000") ? "XX000 " + e.getMessage() : e.getSQLState();
    } catch (Throwable t) {
      return "BAD " + t.getClass().getName() + ": " + t.getMessage();
    }
  }

  private static <T> T pick(Random r, T[] xs) {
    return xs[r.nextInt(xs.length)];
  }

  private static String junk(Random r, int maxLen) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(maxLen + 1);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> sb.append((char) r.nextInt(0x20));
        case 1 -> sb.append(pick(r, new String[] {"%", "%zz", "%00", "&", ";", "=", "?", "/", "\\", ":", "//"}));
        case 2 -> sb.append((char) (0xD800 + r.nextInt(0x800)));
        case 3 -> sb.append(r.nextInt(10));
        default -> sb.append((char) ('a' + r.nextInt(26)));
      }
    }
    return sb.toString();
  }

  private String url(Random r) throws SQLException {
    String[] keys = {"batch_size_rows", "mem_budget_bytes", "shuffle_partitions", "broadcast_threshold_bytes",
        "spill_dir", "schema_inference", "schema_drift_policy", "schema_writeback", "password", "user",
        "catalog_path", "coordinator_endpoint", "nope", "BATCH_SIZE_ROWS", ""};
    String[] values = {"0", "1", "-1", "1073741824", "99999999999999999999", "512m", "1k", "64g", "on", "maybe",
        "true", "", "/nonexistent/dir", "x%zz", "%00"};
    String[] locations = {"", "mem:fuzz" + r.nextInt(4), "mem:", "/nonexistent/c.json", "/tmp/../c.toml",
        "//localhost:1", "relative.json", "x.csv", junk(r, 12) + ".json"};
    StringBuilder url = new StringBuilder("jdbc:ffq:").append(pick(r, locations));
    char sep = r.nextBoolean() ? '?' : ';';
    Properties p = new Properties();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String k = r.nextInt(5) == 0 ? junk(r, 6) : pick(r, keys);
      String v = r.nextInt(4) == 0 ? junk(r, 10) : pick(r, values);
      if (r.nextBoolean()) {
        url.append(i == 0 ? sep : (sep == '?' ? '&' : ';')).append(k).append('=').append(v);
      } else if (!k.isEmpty()) {
        p.setProperty(k, v);
      }
    }
    if (r.nextInt(10) == 0) {
      url.append(junk(r, 20));
    }
    try (Connection c = DriverManager.getConnection(url.toString(), p);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      c.getMetaData().getURL();
      return "ok";
    }
  }

  private String catalog(Random r, int index) throws Exception {
    String lineitem = tpchDir.resolve("lineitem.parquet").toString();
    String[] tables = {
      "{\"name\": \"t\", \"uri\": \"" + lineitem + "\", \"format\": \"parquet\"}",
      "{\"name\": \"t\", \"paths\": [], \"format\": \"parquet\"}",
      "{\"name\": \"t\", \"uri\": \"s3://b/x.parquet\", \"format\": \"parquet\"}",
      "{\"name\": \"t\", \"uri\": \"" + lineitem + "\", \"format\": \"avro\"}",
      "{\"name\": \"t\", \"uri\": \"" + lineitem + "\", \"format\": \"csv\", \"options\": {\"delimiter\": \"ab\"}}",
      "{\"name\": \"t\", \"uri\": \"" + lineitem + "\", \"format\": \"parquet\", \"schema\": [{\"name\": \"x\", \"type\": \"int9\"}]}",
      "{\"name\": 7}",
      "{\"name\": \"t\", \"uri\": \"" + lineitem + "\", \"format\": \"parquet\", \"stats\": {\"rows\": -1}}",
      "[" .repeat(1 + r.nextInt(5000)),
      "{\"tables\": " + "[".repeat(1 + r.nextInt(3000)) + "]".repeat(r.nextInt(3000)) + "}",
    };
    StringBuilder body = new StringBuilder();
    boolean toml = r.nextInt(4) == 0;
    if (toml) {
      body.append(r.nextBoolean() ? "[[tables]]\nname = \"t\"\nuri = \"" + lineitem + "\"\nformat = \"parquet\"\n"
          : "[[tables]]\n" + "a.".repeat(r.nextInt(3000)) + "b = 1\n");
      body.append(junk(r, 30));
    } else {
      body.append("{\"tables\": [").append(pick(r, tables)).append("]}");
      if (r.nextInt(3) == 0) {
        int cut = r.nextInt(body.length() + 1);
        body.setLength(cut);
        body.append(junk(r, 10));
      }
    }
    Path file = scratch.resolve("catalog-" + index + (toml ? ".toml" : ".json"));
    Files.write(file, body.toString().getBytes(StandardCharsets.UTF_8));
    try (Connection c = DriverManager.getConnection("jdbc:ffq:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return "ok";
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private String sql(Random r) throws SQLException {
    String sql;
    switch (r.nextInt(5)) {
      case 0 -> {
        List<String> toks = new ArrayList<>(List.of(pick(r, VALID_SQL).split(" ")));
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !toks.isEmpty(); i++) {
          int at = r.nextInt(toks.size());
          switch (r.nextInt(4)) {
            case 0 -> toks.remove(at);
            case 1 -> toks.add(at, pick(r, TOKENS));
            case 2 -> toks.add(at, toks.get(r.nextInt(toks.size())));
            default -> Collections.swap(toks, at, r.nextInt(toks.size()));
          }
        }
        sql = String.join(" ", toks);
      }
      case 1 -> {
        int n = new int[] {10, 100, 999, 1001, 5000, 50_000}[r.nextInt(6)];
        String op = pick(r, new String[] {" + ", " AND ", " OR ", " || ", " * ", " UNION ALL SELECT "});
        String one = op.contains("AND") || op.contains("OR") ? "true" : op.contains("||") ? "'a'" : "1";
        sql = "SELECT " + String.join(op, Collections.nCopies(n, one));
      }
      case 2 -> {
        int n = new int[] {10, 49, 60, 500, 5000}[r.nextInt(5)];
        sql = r.nextBoolean() ? "SELECT " + "(".repeat(n) + "1" + ")".repeat(n)
            : "SELECT * FROM " + "(SELECT * FROM ".repeat(n) + "nation" + ") x".repeat(n);
      }
      case 3 -> sql = String.format(pick(r, PATHOLOGICAL), EXTREMES[r.nextInt(EXTREMES.length)]);
      default -> {
        int len = new int[] {0, 10, 70_000, 1_000_000}[r.nextInt(4)];
        String lit = "x".repeat(len);
        sql = pick(r, new String[] {"SELECT '" + lit + "'", "SELECT 1 AS \"" + lit + "\"",
            "SELECT " + "9".repeat(Math.min(len, 5000) + 1), "SELECT " + junk(r, 200)});
      }
    }
    try (Connection c = DriverManager.getConnection(tpchUrl + "?mem_budget_bytes=64m");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(10);
      s.setMaxRows(1000);
      c.setReadOnly(r.nextBoolean());
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          java.sql.ResultSetMetaData md = rs.getMetaData();
          int cols = md.getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= cols; i++) {
              // a list value becomes a Java object per element: not read, the heap is the fuzzer's
              if (md.getColumnType(i) != Types.ARRAY && md.getColumnType(i) != Types.STRUCT) {
                rs.getObject(i);
                rs.getString(i);
              }
            }
          }
        }
      }
      return "ok";
    }
  }

  private String params(Random r) throws SQLException {
    String[] sqls = {"SELECT ?", "SELECT CAST(? AS BIGINT)", "SELECT CAST(? AS DATE)", "SELECT CAST(? AS TIMESTAMP)",
        "SELECT CAST(? AS DECIMAL(10, 2))", "SELECT CAST(? AS VARCHAR)", "SELECT n_name FROM nation WHERE n_nationkey = ?",
        "SELECT ? + 1", "SELECT length(?)", "SELECT CAST(? AS DOUBLE) * 2"};
    Object[] values = {
      Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Float.MIN_VALUE,
      new BigDecimal("1e400"), new BigDecimal("-0.000000000000000000000000000000000000001"),
      new BigDecimal("123456789012345678901234567890123456789"), "", "\u0000", "\ud800", "x".repeat(100_000),
      new byte[0], new byte[100_000], LocalDate.MIN, LocalDate.MAX, LocalDate.of(1582, 10, 10),
      LocalDateTime.MAX, LocalDateTime.MIN, LocalTime.MAX, Instant.MAX, Instant.MIN, OffsetDateTime.MAX,
      new Date(Long.MIN_VALUE), new Date(Long.MAX_VALUE), new Time(-1), Timestamp.valueOf("9999-12-31 23:59:59.999999999"),
      Timestamp.valueOf("0001-01-01 00:00:00"), true, (byte) -128, (short) 32767, new Object(), new int[] {1},
      java.util.UUID.randomUUID(), 'c', null,
    };
    try (Connection c = DriverManager.getConnection(tpchUrl);
        PreparedStatement ps = c.prepareStatement(pick(r, sqls))) {
      ps.setQueryTimeout(10);
      Object v = values[r.nextInt(values.length)];
      switch (r.nextInt(4)) {
        case 0 -> ps.setObject(1, v);
        case 1 -> ps.setNull(1, pick(r, new Integer[] {Types.BIGINT, Types.VARCHAR, Types.DATE, Types.OTHER, 12345}));
        case 2 -> {
          if (v instanceof Number n) {
            ps.setLong(1, n.longValue());
          } else {
            ps.setString(1, String.valueOf(v));
          }
        }
        default -> ps.setObject(1, v, pick(r, new Integer[] {Types.INTEGER, Types.DECIMAL, Types.TIMESTAMP,
            Types.VARBINARY, Types.STRUCT, -999}));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getObject(1);
          rs.getString(1);
        }
      }
      return "ok";
    }
  }
}
