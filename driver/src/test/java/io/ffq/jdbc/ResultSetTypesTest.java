package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every supported Arrow type through every getter, on a value row and a NULL row. */
class ResultSetTypesTest {
  /** name, SQL expression producing the type, expected JDBC type, getObject class. */
  private static final Object[][] COLUMNS = {
    {"i8", "arrow_cast(-8, 'Int8')", Types.TINYINT, Integer.class},
    {"i16", "arrow_cast(-16, 'Int16')", Types.SMALLINT, Integer.class},
    {"i32", "arrow_cast(-32, 'Int32')", Types.INTEGER, Integer.class},
    {"i64", "arrow_cast(-64, 'Int64')", Types.BIGINT, Long.class},
    {"u8", "arrow_cast(8, 'UInt8')", Types.SMALLINT, Integer.class},
    {"u16", "arrow_cast(16, 'UInt16')", Types.INTEGER, Integer.class},
    {"u32", "arrow_cast(32, 'UInt32')", Types.BIGINT, Long.class},
    {"u64", "arrow_cast(64, 'UInt64')", Types.NUMERIC, BigDecimal.class},
    {"f32", "arrow_cast(1.5, 'Float32')", Types.REAL, Float.class},
    {"f64", "arrow_cast(2.5, 'Float64')", Types.DOUBLE, Double.class},
    {"dec", "CAST(12.34 AS DECIMAL(10, 2))", Types.DECIMAL, BigDecimal.class},
    {"big_dec", "CAST('1234567890123456789012.5' AS DECIMAL(38, 1))", Types.DECIMAL, BigDecimal.class},
    {"utf8", "arrow_cast('héllo', 'Utf8')", Types.VARCHAR, String.class},
    {"large_utf8", "arrow_cast('large', 'LargeUtf8')", Types.VARCHAR, String.class},
    {"utf8_view", "arrow_cast('view', 'Utf8View')", Types.VARCHAR, String.class},
    {"bool", "true", Types.BOOLEAN, Boolean.class},
    {"bin", "arrow_cast(X'CAFE', 'Binary')", Types.VARBINARY, byte[].class},
    {"bin_view", "arrow_cast(X'BEEF', 'BinaryView')", Types.VARBINARY, byte[].class},
    {"d", "DATE '2024-02-29'", Types.DATE, java.sql.Date.class},
    {"t", "arrow_cast(TIME '12:34:56.789', 'Time64(Microsecond)')", Types.TIME, java.sql.Time.class},
    {"ts", "arrow_cast(TIMESTAMP '2024-02-29 12:34:56.123456', 'Timestamp(Microsecond, None)')", Types.TIMESTAMP,
        Timestamp.class},
    {"ts_ns", "arrow_cast(TIMESTAMP '1969-12-31 23:59:59.5', 'Timestamp(Nanosecond, None)')", Types.TIMESTAMP,
        Timestamp.class},
    {"tstz", "arrow_cast(TIMESTAMP '2024-02-29 12:34:56', 'Timestamp(Millisecond, Some(\"+02:00\"))')",
        Types.TIMESTAMP_WITH_TIMEZONE, OffsetDateTime.class},
    {"nul", "NULL", Types.NULL, null},
  };

  private static Connection conn;

  @BeforeAll
  static void open() throws SQLException {
    conn = DriverManager.getConnection("jdbc:ffq:");
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    Leaks.assertNone();
  }

  private static ResultSet query(boolean nulls) throws SQLException {
    List<String> exprs = new ArrayList<>();
    for (Object[] c : COLUMNS) {
      String e = (String) c[1];
      // the NULL row keeps each column's type
      exprs.add((nulls && !c[0].equals("nul") ? "CASE WHEN false THEN " + e + " END" : e) + " AS " + c[0]);
    }
    Statement s = conn.createStatement();
    s.closeOnCompletion();
    ResultSet rs = s.executeQuery("SELECT " + String.join(", ", exprs));
    assertThat(rs.next()).isTrue();
    return rs;
  }

  @Test
  void metadataMapsEveryType() throws SQLException {
    try (ResultSet rs = query(false)) {
      ResultSetMetaData md = rs.getMetaData();
      assertThat(md.getColumnCount()).isEqualTo(COLUMNS.length);
      for (int i = 0; i < COLUMNS.length; i++) {
        assertThat(md.getColumnLabel(i + 1)).isEqualTo(COLUMNS[i][0]);
        assertThat(md.getColumnType(i + 1)).as((String) COLUMNS[i][0]).isEqualTo(COLUMNS[i][2]);
        Object cls = rs.getObject(i + 1);
        if (COLUMNS[i][3] != null) {
          assertThat(cls).as((String) COLUMNS[i][0]).isInstanceOf((Class<?>) COLUMNS[i][3]);
          assertThat(md.getColumnClassName(i + 1)).isEqualTo(((Class<?>) COLUMNS[i][3]).getName());
        }
      }
      assertThat(md.getPrecision(11)).isEqualTo(10);
      assertThat(md.getScale(11)).isEqualTo(2);
    }
  }

  /**
   * getDate() is midnight of the date in the connection's zone (the JVM's when it opened):
   * computed directly in a fixed-offset zone, through java.time in a zone with transitions
   * (DST, historical changes), the same instant in both, for dates before 1970 and 1582 too.
   */
  @Test
  void datesAreMidnightInTheJvmZoneWhateverItsRules() throws SQLException {
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      for (String zone : new String[] {"UTC", "GMT+05:30", "Etc/GMT+11", "America/Sao_Paulo", "Europe/Berlin"}) {
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(zone));
        int rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:ffq:");
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT arrow_cast(value, 'Date32') AS d, value FROM "
                + "generate_series(-150000, 150000, 97) UNION ALL SELECT arrow_cast(value, 'Date32'), value FROM "
                + "generate_series(-2, 2) UNION ALL SELECT NULL, NULL")) {
          while (rs.next()) {
            long day = rs.getLong(2);
            java.sql.Date expected = rs.wasNull() ? null : new java.sql.Date(
                LocalDate.ofEpochDay(day).atStartOfDay(java.time.ZoneId.of(zone)).toInstant().toEpochMilli());
            assertThat(rs.getDate(1)).as("%s day %d", zone, day).isEqualTo(expected);
            // a calendar passed in takes the general path: the same instant in its zone
            assertThat(rs.getDate(1, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone(zone))))
                .isEqualTo(expected);
            rows++;
          }
        }
        assertThat(rows).isEqualTo(3093 + 5 + 1);
      }
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @Test
  void valuesThroughTheirNaturalAndConvertingGetters() throws SQLException {
    try (ResultSet rs = query(false)) {
      assertThat(rs.getByte("i8")).isEqualTo((byte) -8);
      assertThat(rs.getShort("i16")).isEqualTo((short) -16);
      assertThat(rs.getInt("i32")).isEqualTo(-32);
      assertThat(rs.getLong("i64")).isEqualTo(-64L);
      assertThat(rs.getString("i64")).isEqualTo("-64");
      assertThat(rs.getDouble("i32")).isEqualTo(-32.0);
      assertThat(rs.getBigDecimal("i64")).isEqualByComparingTo("-64");
      assertThat(rs.getInt("u8")).isEqualTo(8);
      assertThat(rs.getLong("u32")).isEqualTo(32L);
      assertThat(rs.getLong("u64")).isEqualTo(64L);
      assertThat(rs.getFloat("f32")).isEqualTo(1.5f);
      assertThat(rs.getDouble("f64")).isEqualTo(2.5);
      assertThat(rs.getInt("f64")).isEqualTo(2);
      assertThat(rs.getString("f64")).isEqualTo("2.5");
      assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo("12.34");
      assertThat(rs.getDouble("dec")).isEqualTo(12.34);
      assertThat(rs.getLong("dec")).isEqualTo(12L);
      assertThat(rs.getString("dec")).isEqualTo("12.34");
      assertThat(rs.getBigDecimal("big_dec")).isEqualByComparingTo("1234567890123456789012.5");
      assertThat(rs.getString("utf8")).isEqualTo("héllo");
      assertThat(rs.getString("large_utf8")).isEqualTo("large");
      assertThat(rs.getString("utf8_view")).isEqualTo("view");
      assertThat(rs.getBytes("utf8")).isEqualTo("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(rs.getBoolean("bool")).isTrue();
      assertThat(rs.getInt("bool")).isEqualTo(1);
      assertThat(rs.getString("bool")).isEqualTo("true");
      assertThat(rs.getBytes("bin")).containsExactly(0xCA, 0xFE);
      assertThat(rs.getString("bin")).isEqualTo("cafe");
      assertThat(rs.getBytes("bin_view")).containsExactly(0xBE, 0xEF);
      assertThat(rs.getDate("d")).isEqualTo(java.sql.Date.valueOf("2024-02-29"));
      assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
      assertThat(rs.getString("d")).isEqualTo("2024-02-29");
      assertThat(rs.getObject("t", LocalTime.class)).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
      assertThat(rs.getString("t")).isEqualTo("12:34:56.789");
      assertThat(rs.getTime("t").toLocalTime()).isEqualTo(LocalTime.of(12, 34, 56));
      assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
      assertThat(rs.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-02-29 12:34:56.123456"));
      assertThat(rs.getString("ts")).isEqualTo("2024-02-29 12:34:56.123456");
      assertThat(rs.getObject("ts_ns", LocalDateTime.class)).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000));
      OffsetDateTime tz = rs.getObject("tstz", OffsetDateTime.class);
      assertThat(tz.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
      assertThat(rs.getTimestamp("tstz").toInstant()).isEqualTo(tz.toInstant());
      assertThat(rs.getObject("tstz", java.time.Instant.class)).isEqualTo(tz.toInstant());
      assertThat(rs.getObject("nul")).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getInt("nul")).isZero();
      assertThat(rs.getObject("i32", Integer.class)).isEqualTo(-32);
      assertThat(rs.getObject("i32", Long.class)).isEqualTo(-32L);
      assertThat(rs.getObject("dec", Double.class)).isEqualTo(12.34);
      assertThat(rs.getObject("utf8", String.class)).isEqualTo("héllo");
    }
  }

  @Test
  void failedConversionsNameColumnTypeAndTarget() throws SQLException {
    try (ResultSet rs = query(false)) {
      assertThatThrownBy(() -> rs.getInt("utf8"))
          .isInstanceOf(SQLDataException.class)
          .hasMessage("column 'utf8' (VARCHAR): 'héllo' cannot be converted to long");
      assertThatThrownBy(() -> rs.getDate("bool"))
          .isInstanceOf(SQLDataException.class)
          .hasMessage("column 'bool' (BOOLEAN) cannot be read as Date");
      assertThatThrownBy(() -> rs.getObject("d", java.util.UUID.class))
          .isInstanceOf(SQLDataException.class).hasMessageContaining("java.util.UUID");
      assertThat(rs.getShort("u32")).isEqualTo((short) 32);
    }
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT arrow_cast(300, 'Int32') AS big, arrow_cast(18446744073709551615, 'UInt64') AS umax")) {
      assertThat(rs.next()).isTrue();
      assertThatThrownBy(() -> rs.getByte("big"))
          .isInstanceOf(SQLDataException.class)
          .hasMessage("column 'big' (INTEGER): value 300 is out of range for byte")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22003");
      assertThat(rs.getBigDecimal("umax")).isEqualByComparingTo("18446744073709551615");
      assertThat(rs.getString("umax")).isEqualTo("18446744073709551615");
      assertThatThrownBy(() -> rs.getLong("umax")).isInstanceOf(SQLDataException.class);
    }
  }

  @Test
  void nullsThroughEveryGetter() throws SQLException {
    try (ResultSet rs = query(true)) {
      for (int i = 1; i <= COLUMNS.length; i++) {
        String name = (String) COLUMNS[i - 1][0];
        assertThat(rs.getObject(i)).as(name).isNull();
        assertThat(rs.wasNull()).as(name).isTrue();
        assertThat(rs.getString(i)).as(name).isNull();
        assertThat(rs.wasNull()).isTrue();
        int type = (int) COLUMNS[i - 1][2];
        if (type == Types.TINYINT || type == Types.SMALLINT || type == Types.INTEGER || type == Types.BIGINT
            || type == Types.DOUBLE || type == Types.REAL || type == Types.DECIMAL || type == Types.NUMERIC) {
          assertThat(rs.getInt(i)).as(name).isZero();
          assertThat(rs.wasNull()).isTrue();
          assertThat(rs.getLong(i)).isZero();
          assertThat(rs.getDouble(i)).isZero();
          assertThat(rs.getBigDecimal(i)).isNull();
          assertThat(rs.getObject(i, Integer.class)).isNull();
        }
        if (type == Types.DATE || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
          assertThat(rs.getTimestamp(i)).as(name).isNull();
          assertThat(rs.getObject(i, LocalDateTime.class)).isNull();
        }
        if (type == Types.BOOLEAN) {
          assertThat(rs.getBoolean(i)).isFalse();
          assertThat(rs.wasNull()).isTrue();
        }
      }
      assertThat(rs.next()).isFalse();
      assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void wasNullIsExactAcrossRows() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT CASE WHEN v % 2 = 0 THEN v END AS x FROM range(0, 6) t(v) ORDER BY v")) {
      for (int i = 0; i < 6; i++) {
        assertThat(rs.next()).isTrue();
        long x = rs.getLong(1);
        assertThat(rs.wasNull()).isEqualTo(i % 2 == 1);
        if (i % 2 == 0) {
          assertThat(x).isEqualTo(i);
        }
      }
    }
  }

  /**
   * BIGINT and DOUBLE reads over batches with and without NULLs (the getters skip the validity
   * bits of a batch without any), and the checks of the direct getters: before the first row, a column
   * out of range, after the end and after close.
   */
  @Test
  void bigintsAndDoublesAcrossBatchesWithAndWithoutNulls() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.setFetchSize(1000);
      try (ResultSet rs = s.executeQuery("SELECT CASE WHEN v < 2500 OR v % 7 = 0 THEN v * 3 END AS x, v, "
          + "CASE WHEN v < 2500 OR v % 7 = 0 THEN v / 4.0 END AS y FROM range(0, 5000) t(v) ORDER BY v")) {
        assertThatThrownBy(() -> rs.getLong(1)).isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("24000");
        for (int v = 0; v < 5000; v++) {
          assertThat(rs.next()).isTrue();
          boolean isNull = !(v < 2500 || v % 7 == 0);
          assertThat(rs.getLong(1)).isEqualTo(isNull ? 0 : v * 3L);
          assertThat(rs.wasNull()).isEqualTo(isNull);
          assertThat(rs.getLong(2)).isEqualTo(v);
          assertThat(rs.wasNull()).isFalse();
          assertThat(rs.getString(1)).isEqualTo(isNull ? null : Long.toString(v * 3L));
          assertThat(rs.getInt(2)).isEqualTo(v);
          assertThat(rs.getDouble(3)).isEqualTo(isNull ? 0.0 : v / 4.0);
          assertThat(rs.wasNull()).isEqualTo(isNull);
        }
        assertThatThrownBy(() -> rs.getLong(4)).isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("07009");
        assertThat(rs.next()).isFalse();
        assertThatThrownBy(() -> rs.getLong(1)).isInstanceOf(SQLException.class);
        rs.close();
        assertThatThrownBy(() -> rs.getLong(1)).isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY010");
      }
    }
  }

  /** Stored values Java cannot hold are SQLDataException 22008, not DateTimeException. */
  @Test
  void temporalValuesPastJavaTimeAre22008() throws SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:ffq:");
        java.sql.Statement s = c.createStatement()) {
      for (String sql : new String[] {
          "SELECT arrow_cast(9223372036854775807, 'Timestamp(Second, None)')",
          "SELECT arrow_cast(9223372036854775807, 'Time64(Nanosecond)')",
      }) {
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
          assertThat(rs.next()).isTrue();
          for (int k = 0; k < 3; k++) {
            final int kind = k;
            assertThatThrownBy(() -> {
              if (kind == 0) {
                rs.getObject(1);
              } else if (kind == 1) {
                rs.getString(1);
              } else {
                rs.getObject(1, java.time.LocalDateTime.class);
              }
            }).isInstanceOf(java.sql.SQLException.class)
                .satisfies(e -> assertThat(((java.sql.SQLException) e).getSQLState()).isIn("22008", "22018"));
          }
        }
      }
    }
  }

  /** Parameters past the engine's range are SQLDataException, not ArithmeticException. */
  @Test
  void parametersPastTheRangeAreDataErrors() throws SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:ffq:");
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?")) {
      Object[] values = {
        java.time.LocalDate.MIN, java.time.LocalDate.MAX, java.time.LocalDateTime.MAX, java.time.Instant.MAX,
        java.time.OffsetDateTime.MAX, new java.sql.Date(Long.MIN_VALUE),
        java.sql.Timestamp.valueOf("9999-12-31 23:59:59.999999999"),
      };
      for (Object v : values) {
        assertThatThrownBy(() -> {
          ps.setObject(1, v);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            rs.getObject(1);
          }
        }).as(String.valueOf(v)).isInstanceOf(java.sql.SQLException.class)
            .satisfies(e -> assertThat(((java.sql.SQLException) e).getSQLState()).as(e.toString()).startsWith("22"));
      }
      ps.setObject(1, java.time.LocalDate.of(1582, 10, 10));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  /** Small decimals are read from their unscaled long: same value and scale as written, sign kept. */
  @Test
  void smallDecimalsKeepTheirValueAndScale() throws Exception {
    try (java.sql.Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT CAST(-12.34 AS DECIMAL(10, 2)), CAST(0 AS DECIMAL(18, 4)), "
            + "CAST('999999999999999.999' AS DECIMAL(18, 3)), CAST('-999999999999999.999' AS DECIMAL(18, 3)), "
            + "CAST(NULL AS DECIMAL(5, 1)), CAST(7 AS DECIMAL(3, 0))")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("-12.34"));
      assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("0.0000"));
      assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("999999999999999.999"));
      assertThat(rs.getBigDecimal(4)).isEqualTo(new BigDecimal("-999999999999999.999"));
      assertThat(rs.getBigDecimal(5)).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getBigDecimal(6)).isEqualTo(new BigDecimal("7"));
      assertThat(rs.getObject(4)).isEqualTo(new BigDecimal("-999999999999999.999"));
    }
  }
}
