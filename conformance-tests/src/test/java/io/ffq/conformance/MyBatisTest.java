package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.Test;

/** A MyBatis mapper as its getting-started guide builds one, without XML. */
class MyBatisTest {
  /** A row of orders, mapped by MyBatis (underscores to camel case). */
  public static class OrderRow {
    public Long oOrderkey;
    public String oOrderstatus;
    public BigDecimal oTotalprice;
    public LocalDate oOrderdate;
  }

  public interface OrderMapper {
    @Select("SELECT o_orderkey, o_orderstatus, o_totalprice, o_orderdate FROM orders "
        + "WHERE o_custkey = #{customer} ORDER BY o_orderkey")
    List<OrderRow> ordersOf(@Param("customer") long customer);

    @Select("SELECT o_orderpriority AS priority, count(*) AS n FROM orders "
        + "WHERE o_orderdate BETWEEN #{from} AND #{to} GROUP BY o_orderpriority ORDER BY o_orderpriority")
    List<Map<String, Object>> priorities(@Param("from") LocalDate from, @Param("to") LocalDate to);
  }

  static SqlSessionFactory factory() {
    PooledDataSource ds = new PooledDataSource("io.ffq.jdbc.FfqDriver", Tpch.url(), null, null);
    Configuration config = new Configuration(new Environment("ffq", new JdbcTransactionFactory(), ds));
    config.setMapUnderscoreToCamelCase(true);
    config.addMapper(OrderMapper.class);
    return new SqlSessionFactoryBuilder().build(config);
  }

  @Test
  void mapperQueries() throws Exception {
    try (SqlSession session = factory().openSession()) {
      OrderMapper mapper = session.getMapper(OrderMapper.class);
      List<List<Object>> got = new ArrayList<>();
      for (OrderRow r : mapper.ordersOf(4)) {
        got.add(Answers.row(r.oOrderkey, r.oOrderstatus, r.oTotalprice, r.oOrderdate));
      }
      assertThat(got).isEqualTo(Answers.duckdb(
          "SELECT o_orderkey, o_orderstatus, o_totalprice, o_orderdate FROM orders WHERE o_custkey = 4 ORDER BY o_orderkey"))
          .isNotEmpty();
      List<Map<String, Object>> p = mapper.priorities(LocalDate.of(1995, 1, 1), LocalDate.of(1995, 12, 31));
      assertThat(Answers.rows(p)).isEqualTo(Answers.duckdb(
          "SELECT o_orderpriority AS priority, count(*) AS n FROM orders "
              + "WHERE o_orderdate BETWEEN DATE '1995-01-01' AND DATE '1995-12-31' GROUP BY 1 ORDER BY 1"))
          .hasSize(5);
    }
  }
}
