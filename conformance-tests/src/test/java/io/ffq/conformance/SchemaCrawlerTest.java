package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/** A SchemaCrawler crawl at the "standard" info level, the way its API guide runs one. */
class SchemaCrawlerTest {
  @Test
  void crawlSeesEveryTableAndColumnAsDuckDb() throws Exception {
    SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
        .withLoadOptions(LoadOptionsBuilder.builder()
            .withSchemaInfoLevel(SchemaInfoLevelBuilder.standard()).toOptions());
    TreeSet<String> got = new TreeSet<>();
    TreeSet<String> types = new TreeSet<>();
    try (Connection c = Tpch.ffq()) {
      Catalog catalog = SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromConnection(c), options);
      for (Table t : catalog.getTables()) {
        if (!Tpch.TABLES.contains(t.getName())) {
          continue;
        }
        for (Column col : t.getColumns()) {
          got.add(t.getName() + "." + col.getName().toLowerCase(Locale.ROOT));
          types.add(t.getName() + "." + col.getName() + ":" + col.getColumnDataType().getJavaSqlType().getName());
        }
      }
    }
    TreeSet<String> want = new TreeSet<>();
    for (List<Object> r : Answers.duckdb("SELECT table_name, column_name FROM information_schema.columns")) {
      want.add(r.get(0) + "." + r.get(1));
    }
    assertThat(got).isEqualTo(want);
    assertThat(types).contains("orders.o_orderdate:DATE", "orders.o_totalprice:DECIMAL", "orders.o_orderkey:BIGINT");
  }
}
