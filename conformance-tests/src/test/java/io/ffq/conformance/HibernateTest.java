package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Immutable;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM 6 read queries over entities mapped onto the TPC-H tables, with the
 * driver's dialect and {@code hbm2ddl.auto=validate}; answers compared with DuckDB's SQL.
 */
class HibernateTest {
  @Entity
  @Immutable
  @Table(name = "region")
  public static class Region {
    @Id @Column(name = "r_regionkey") Long key;
    @Column(name = "r_name") String name;
    @Column(name = "r_comment") String comment;
  }

  @Entity
  @Immutable
  @Table(name = "nation")
  public static class Nation {
    @Id @Column(name = "n_nationkey") Long key;
    @Column(name = "n_name") String name;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "n_regionkey") Region region;
    @Column(name = "n_comment") String comment;
  }

  @Entity
  @Immutable
  @Table(name = "customer")
  public static class Customer {
    @Id @Column(name = "c_custkey") Long key;
    @Column(name = "c_name") String name;
    @Column(name = "c_address") String address;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "c_nationkey") Nation nation;
    @Column(name = "c_phone") String phone;
    @Column(name = "c_acctbal", precision = 15, scale = 2) BigDecimal balance;
    @Column(name = "c_mktsegment") String segment;
    @Column(name = "c_comment") String comment;
  }

  @Entity
  @Immutable
  @Table(name = "orders")
  public static class Order {
    @Id @Column(name = "o_orderkey") Long key;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "o_custkey") Customer customer;
    @Column(name = "o_orderstatus") String status;
    @Column(name = "o_totalprice", precision = 15, scale = 2) BigDecimal total;
    @Column(name = "o_orderdate") LocalDate date;
    @Column(name = "o_orderpriority") String priority;
    @Column(name = "o_clerk") String clerk;
    @Column(name = "o_shippriority") Integer shipPriority;
    @Column(name = "o_comment") String comment;
  }

  static SessionFactory sessions;

  @BeforeAll
  static void start() {
    // validate: Hibernate checks every mapped table and column against DatabaseMetaData
    sessions = new Configuration()
        .addAnnotatedClass(Region.class).addAnnotatedClass(Nation.class)
        .addAnnotatedClass(Customer.class).addAnnotatedClass(Order.class)
        .setProperty("hibernate.connection.url", Tpch.url())
        .setProperty("hibernate.dialect", "io.ffq.hibernate.FfqDialect")
        .setProperty("hibernate.hbm2ddl.auto", "validate")
        .setProperty("hibernate.connection.pool_size", "2")
        .buildSessionFactory();
  }

  @AfterAll
  static void stop() {
    if (sessions != null) {
      sessions.close();
    }
  }

  @Test
  void hqlWithParameters() throws Exception {
    List<Object[]> got = sessions.fromSession(s -> s.createQuery(
            "select c.key, c.name, c.balance from HibernateTest$Customer c "
                + "where c.segment = :segment and c.balance > :floor order by c.key", Object[].class)
        .setParameter("segment", "MACHINERY").setParameter("floor", new BigDecimal("9000"))
        .getResultList());
    assertThat(Answers.rows(got)).isEqualTo(Answers.duckdb(
        "SELECT c_custkey, c_name, c_acctbal FROM customer WHERE c_mktsegment = ? AND c_acctbal > ? ORDER BY c_custkey",
        "MACHINERY", new BigDecimal("9000"))).isNotEmpty();
  }

  @Test
  void criteriaWithLike() throws Exception {
    List<Object[]> got = sessions.fromSession(s -> {
      CriteriaBuilder cb = s.getCriteriaBuilder();
      CriteriaQuery<Object[]> q = cb.createQuery(Object[].class);
      Root<Customer> c = q.from(Customer.class);
      q.multiselect(c.get("key"), c.get("phone"))
          .where(cb.like(c.get("name"), "Customer#00000001%"), cb.like(c.get("phone"), "2%"))
          .orderBy(cb.asc(c.get("key")));
      return s.createQuery(q).getResultList();
    });
    assertThat(Answers.rows(got)).isEqualTo(Answers.duckdb(
        "SELECT c_custkey, c_phone FROM customer WHERE c_name LIKE 'Customer#00000001%' AND c_phone LIKE '2%' "
            + "ORDER BY c_custkey")).isNotEmpty();
  }

  @Test
  void pagination() throws Exception {
    for (int first : new int[] {0, 10, 1490}) {
      List<Long> got = sessions.fromSession(s -> s.createQuery(
              "select o.key from HibernateTest$Order o where o.priority = :p order by o.key", Long.class)
          .setParameter("p", "1-URGENT").setFirstResult(first).setMaxResults(20).getResultList());
      assertThat(Answers.rows(got)).as("first result %d", first).isEqualTo(Answers.duckdb(
          "SELECT o_orderkey FROM orders WHERE o_orderpriority = '1-URGENT' ORDER BY o_orderkey LIMIT 20 OFFSET " + first));
    }
  }

  @Test
  void joinsAndEntities() throws Exception {
    List<Object[]> got = sessions.fromSession(s -> s.createQuery(
            "select n.name, r.name, count(c) from HibernateTest$Customer c join c.nation n join n.region r "
                + "where r.name in (:regions) group by n.name, r.name order by n.name", Object[].class)
        .setParameter("regions", List.of("ASIA", "EUROPE")).getResultList());
    assertThat(Answers.rows(got)).isEqualTo(Answers.duckdb(
        "SELECT n_name, r_name, count(*) FROM customer JOIN nation ON c_nationkey = n_nationkey "
            + "JOIN region ON n_regionkey = r_regionkey WHERE r_name IN ('ASIA', 'EUROPE') "
            + "GROUP BY n_name, r_name ORDER BY n_name")).isNotEmpty();
    // whole entities, with a lazy association resolved in the session
    List<List<Object>> orders = sessions.fromSession(s -> {
      List<List<Object>> out = new ArrayList<>();
      for (Order o : s.createQuery("from HibernateTest$Order o where o.customer.key = :c order by o.key", Order.class)
          .setParameter("c", 1L).getResultList()) {
        out.add(Answers.row(o.key, org.hibernate.Hibernate.unproxy(o.customer, Customer.class).name, o.status, o.total, o.date, o.shipPriority));
      }
      return out;
    });
    assertThat(orders).isEqualTo(Answers.duckdb(
        "SELECT o_orderkey, c_name, o_orderstatus, o_totalprice, o_orderdate, o_shippriority FROM orders "
            + "JOIN customer ON o_custkey = c_custkey WHERE o_custkey = 1 ORDER BY o_orderkey")).isNotEmpty();
  }

  @Test
  void nativeQuery() throws Exception {
    String sql = "SELECT l_returnflag, l_linestatus, sum(l_quantity), count(*) FROM lineitem "
        + "WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2";
    List<Object[]> got = sessions.fromSession(s -> s.createNativeQuery(sql, Object[].class).getResultList());
    assertThat(Answers.rows(got)).isEqualTo(Answers.duckdb(sql)).isNotEmpty();
  }
}
