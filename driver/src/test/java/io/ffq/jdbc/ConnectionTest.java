package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  @AfterEach
  void noLeaks() {
    Leaks.assertNone();
  }

  @Test
  void driverManagerFindsTheDriverFromTheServiceFile() throws SQLException {
    assertThat(DriverManager.getDriver("jdbc:ffq:")).isInstanceOf(FfqDriver.class);
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      assertThat(c.isValid(1)).isTrue();
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("FFQ");
      assertThat(c.getMetaData().getJDBCMajorVersion()).isEqualTo(4);
      assertThat(c.getMetaData().getJDBCMinorVersion()).isEqualTo(2);
    }
  }

  @Test
  void namedMemoryEnginesAreSharedAndFreedWithTheLastConnection() throws SQLException {
    try (Connection a = DriverManager.getConnection("jdbc:ffq:mem:shared1");
        Connection b = DriverManager.getConnection("jdbc:ffq:mem:shared1");
        Connection other = DriverManager.getConnection("jdbc:ffq:mem:shared2");
        Connection priv = DriverManager.getConnection("jdbc:ffq:")) {
      a.createStatement().executeUpdate("CREATE TABLE t AS SELECT 1 AS x");
      try (ResultSet rs = b.createStatement().executeQuery("SELECT x FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      assertThatThrownBy(() -> other.createStatement().executeQuery("SELECT x FROM t"))
          .isInstanceOf(java.sql.SQLSyntaxErrorException.class);
      assertThatThrownBy(() -> priv.createStatement().executeQuery("SELECT x FROM t"))
          .isInstanceOf(SQLException.class);
      // different settings for an open shared engine are an error, not a silent mismatch
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:ffq:mem:shared1;batch_size_rows=7"))
          .isInstanceOf(SQLException.class).hasMessageContaining("already open");
    }
    // all closed: the name starts fresh
    try (Connection c = DriverManager.getConnection("jdbc:ffq:mem:shared1")) {
      assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT x FROM t"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void catalogUrlsLoadTables() throws SQLException {
    try (Connection c = DriverManager.getConnection(TestData.tpchUrl());
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM nation")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(25);
    }
  }

  @Test
  void connectFailuresNameTheProblem() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:ffq:/definitely/missing/catalog.json"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("missing/catalog.json")
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:ffq:?shuffle_partitions=abc"))
        .hasMessage("invalid value 'abc' for key 'shuffle_partitions': expected a positive integer");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    String url = "jdbc:ffq://127.0.0.1:" + port;
    assertThatThrownBy(() -> DriverManager.getConnection(url))
        .isInstanceOf(java.sql.SQLNonTransientConnectionException.class)
        .hasMessageContaining("cannot reach the Ballista scheduler at 127.0.0.1:" + port)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
  }

  @Test
  void closeIsIdempotentAndClosesChildrenNewestFirst() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:ffq:");
    Statement s1 = c.createStatement();
    ResultSet rs1 = s1.executeQuery("SELECT * FROM range(0, 100000)");
    assertThat(rs1.next()).isTrue();
    PreparedStatement ps = c.prepareStatement("SELECT ? + 1");
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(s1.isClosed()).isTrue();
    assertThat(rs1.isClosed()).isTrue();
    assertThat(ps.isClosed()).isTrue();
    assertThat(c.isValid(0)).isFalse();
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
    assertThatThrownBy(() -> s1.executeQuery("SELECT 1"))
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY010");
    assertThatThrownBy(rs1::next)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY010");
  }

  @Test
  void readOnlyRefusesDdlAndDml() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      c.createStatement().execute("CREATE TABLE t (a INT)");
      c.setReadOnly(true);
      assertThat(c.isReadOnly()).isTrue();
      assertThat(c.getMetaData().isReadOnly()).isTrue();
      for (String sql : new String[] {"INSERT INTO t VALUES (1)", "CREATE TABLE u (a INT)", "DROP TABLE t"}) {
        assertThatThrownBy(() -> c.createStatement().execute(sql))
            .as(sql).isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
        assertThat(rs.next()).isTrue();
      }
      c.setReadOnly(false);
      assertThat(c.createStatement().executeUpdate("INSERT INTO t VALUES (1)")).isEqualTo(1);
    }
  }

  @Test
  void autoCommitAndTransactionsAreHonest() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(c.getMetaData().supportsTransactions()).isFalse();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
      assertThatThrownBy(c::commit).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25000");
      assertThatThrownBy(c::rollback).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25000");
      c.setAutoCommit(false);
      c.rollback(); // nothing changed: fine
      c.createStatement().execute("CREATE TABLE t (a INT)");
      assertThatThrownBy(c::rollback).isInstanceOf(SQLException.class)
          .isNotInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("no transactions")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25000");
      c.createStatement().execute("INSERT INTO t VALUES (1)");
      c.commit();
      c.rollback();
    }
  }

  @Test
  void clientInfoNeverEchoesSecrets() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "s3cret");
    try (Connection c = DriverManager.getConnection("jdbc:ffq:", p)) {
      assertThat(c.getClientInfo().toString()).doesNotContain("s3cret");
      assertThat(c.getClientInfo("password")).isNull();
      c.setClientInfo("ApplicationName", "test");
      assertThat(c.getClientInfo("ApplicationName")).isEqualTo("test");
    }
  }

  @Test
  void schemaAndCatalog() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      assertThat(c.getCatalog()).isEqualTo("ffq");
      assertThat(c.getSchema()).isEqualTo("public");
      c.setSchema("public");
      assertThatThrownBy(() -> c.setSchema("other")).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("3F000");
    }
  }
}
