package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Arrow in and out of the driver: result sets unwrapped as readers, Java data registered as tables. */
class ArrowInteropTest {
  @AfterEach
  void noLeaks() {
    Leaks.assertNone();
  }

  @Test
  void resultSetHandsTheRestOverAsAnArrowReader() throws Exception {
    try (FfqConnection c = (FfqConnection) DriverManager.getConnection("jdbc:ffq:?batch_size_rows=1000");
        Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT v, v * 2 AS w FROM range(0, 10000) t(v)");
      assertThat(rs.isWrapperFor(ArrowReader.class)).isTrue();
      long rows = 0;
      long sum = 0;
      try (ArrowReader reader = rs.unwrap(ArrowReader.class)) {
        assertThat(rs.isClosed()).isTrue();
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          BigIntVector w = (BigIntVector) root.getVector("w");
          for (int i = 0; i < root.getRowCount(); i++) {
            sum += w.get(i);
          }
          rows += root.getRowCount();
        }
      }
      assertThat(rows).isEqualTo(10_000);
      assertThat(sum).isEqualTo(2L * 9_999 * 10_000 / 2);

      // in the middle of a batch the rest cannot be handed over; after its last row it can
      ResultSet mid = s.executeQuery("SELECT v FROM range(0, 3000) t(v)");
      mid.next();
      assertThatThrownBy(() -> mid.unwrap(ArrowReader.class)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("24000"));
      mid.close();
    }
  }

  @Test
  void javaArrowDataBecomesATableThatJoinsWithSql() throws Exception {
    try (BufferAllocator mine = new RootAllocator();
        FfqConnection c = (FfqConnection) DriverManager.getConnection(TestData.tpchUrl() + "?mem_budget_bytes=256m");
        Statement s = c.createStatement()) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(List.of(
              org.apache.arrow.vector.types.pojo.Field.nullable("key", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
              org.apache.arrow.vector.types.pojo.Field.nullable("label", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE))),
          mine)) {
        BigIntVector key = (BigIntVector) root.getVector("key");
        VarCharVector label = (VarCharVector) root.getVector("label");
        for (int i = 0; i < 3; i++) {
          key.setSafe(i, i);
          label.setSafe(i, ("region " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        label.setNull(2);
        root.setRowCount(3);
        c.registerTable("labels", root);
      }
      assertThat(mine.getAllocatedMemory()).as("the engine copied the data; nothing of ours is held").isZero();
      try (ResultSet rs = s.executeQuery(
          "SELECT r_name, label FROM region JOIN labels ON r_regionkey = key ORDER BY key")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("AFRICA");
        assertThat(rs.getString(2)).isEqualTo("region 0");
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isNull();
        assertThat(rs.next()).isFalse();
      }
      s.execute("DROP TABLE labels");
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM labels"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
    }
  }

  /** Ten million rows through an Arrow reader, read once into engine memory within the budget. */
  @Test
  void tenMillionRowsRegisterWithinTheBudget() throws Exception {
    try (FfqConnection c = (FfqConnection) DriverManager.getConnection("jdbc:ffq:?mem_budget_bytes=512m");
        Statement s = c.createStatement()) {
      c.registerTable("big", c.queryArrow("SELECT v AS id, v % 7 AS bucket FROM range(0, 10000000) t(v)"));
      try (ResultSet rs = s.executeQuery("SELECT count(*), sum(bucket) FROM big")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(10_000_000L);
      }
      // 10M rows of two BIGINT columns is ~160 MB: past a 64 MB budget it is refused cleanly
      try (FfqConnection small = (FfqConnection) DriverManager.getConnection("jdbc:ffq:?mem_budget_bytes=64m")) {
        assertThatThrownBy(() -> small.registerTable("big", small.queryArrow("SELECT v FROM range(0, 10000000) t(v)")))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("53200"));
      }
    }
  }
}
