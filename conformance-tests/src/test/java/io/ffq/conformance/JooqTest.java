package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jOOQ's DSL as its manual shows it, in the DEFAULT and POSTGRES dialects, against DuckDB's answers. */
class JooqTest {
  static final Table<Record> ORDERS = table(name("orders"));
  static final Field<Long> O_CUSTKEY = field(name("o_custkey"), Long.class);
  static final Field<Long> O_ORDERKEY = field(name("o_orderkey"), Long.class);
  static final Field<String> O_STATUS = field(name("o_orderstatus"), String.class);
  static final Field<BigDecimal> O_PRICE = field(name("o_totalprice"), BigDecimal.class);
  static final Field<String> O_PRIORITY = field(name("o_orderpriority"), String.class);

  /** The same jOOQ query run on the driver and on DuckDB, rendered for one dialect. */
  static void sameAnswer(SQLDialect dialect, Function<DSLContext, List<List<Object>>> query) throws Exception {
    try (Connection ffq = Tpch.ffq(); Connection duck = Tpch.duckdb()) {
      List<List<Object>> got = query.apply(DSL.using(ffq, dialect));
      List<List<Object>> want = query.apply(DSL.using(duck, dialect));
      assertThat(got).isEqualTo(want);
      assertThat(got).isNotEmpty();
    }
  }

  static List<List<Object>> rows(Result<?> r) {
    List<List<Object>> out = new ArrayList<>();
    for (Record rec : r) {
      out.add(Answers.row(rec.intoArray()));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = SQLDialect.class, names = {"DEFAULT", "POSTGRES"})
  void selectWhereGroupBy(SQLDialect dialect) throws Exception {
    sameAnswer(dialect, ctx -> rows(ctx.select(O_PRIORITY, count(), sum(O_PRICE))
        .from(ORDERS)
        .where(O_STATUS.eq("F").and(O_PRICE.gt(new BigDecimal("100000"))))
        .groupBy(O_PRIORITY)
        .orderBy(O_PRIORITY)
        .fetch()));
  }

  @ParameterizedTest
  @EnumSource(value = SQLDialect.class, names = {"DEFAULT", "POSTGRES"})
  void limitOffsetWithBinds(SQLDialect dialect) throws Exception {
    sameAnswer(dialect, ctx -> rows(ctx.select(O_ORDERKEY, O_CUSTKEY, O_PRICE)
        .from(ORDERS)
        .where(O_CUSTKEY.between(100L, 400L))
        .orderBy(O_ORDERKEY)
        .limit(7)
        .offset(5)
        .fetch()));
  }

  @ParameterizedTest
  @EnumSource(value = SQLDialect.class, names = {"DEFAULT", "POSTGRES"})
  void fetchLazyStreamsEveryRow(SQLDialect dialect) throws Exception {
    sameAnswer(dialect, ctx -> {
      List<List<Object>> out = new ArrayList<>();
      try (Cursor<? extends Record> cursor = ctx.select(O_ORDERKEY, O_STATUS).from(ORDERS)
          .where(O_ORDERKEY.lt(2000L)).orderBy(O_ORDERKEY).fetchSize(50).fetchLazy()) {
        for (Record r : cursor) {
          out.add(Answers.row(r.intoArray()));
        }
      }
      return out;
    });
  }

  @ParameterizedTest
  @EnumSource(value = SQLDialect.class, names = {"DEFAULT", "POSTGRES"})
  void plainSqlWithBinds(SQLDialect dialect) throws Exception {
    sameAnswer(dialect, ctx -> rows(ctx.resultQuery(
        "SELECT n_name, r_name FROM nation JOIN region ON n_regionkey = r_regionkey WHERE r_name = ? ORDER BY n_name",
        "EUROPE").fetch()));
  }

  /** meta() sees the eight tables and their columns, as DuckDB's catalog lists them. */
  @ParameterizedTest
  @EnumSource(value = SQLDialect.class, names = {"DEFAULT", "POSTGRES"})
  void meta(SQLDialect dialect) throws Exception {
    TreeSet<String> got = new TreeSet<>();
    try (Connection ffq = Tpch.ffq()) {
      for (Table<?> t : DSL.using(ffq, dialect).meta().getTables()) {
        if (Tpch.TABLES.contains(t.getName())) {
          for (Field<?> f : t.fields()) {
            got.add(t.getName() + "." + f.getName().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    TreeSet<String> want = new TreeSet<>();
    for (List<Object> r : Answers.duckdb("SELECT table_name, column_name FROM information_schema.columns")) {
      want.add(r.get(0) + "." + r.get(1));
    }
    assertThat(got).isEqualTo(want);
  }
}
