package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Arrow's {@code Schema} class builds a JSON mapper in its static initialiser (about 200 ms of
 * CPU in a fresh JVM, taken from the first query on a small machine). Queries, prepared
 * queries and parameters through JDBC never load it; only Arrow's reader API does.
 */
class SchemaFreeTest {
  @Test
  void statementsThroughJdbcNeverLoadArrowsSchemaClass() throws Exception {
    Forked.Result r = Forked.run(SchemaFreeProbe.class, List.of("-verbose:class"), Map.of(), 120);
    assertThat(r.clean()).as("%s", r).isTrue();
    assertThat(r.output()).contains("row 42 v1 y", "row 44 v3 y", "doubled 42 1 1", "done");
    // the class loading log names every class loaded; Field is, Schema is not
    assertThat(r.output()).contains("org.apache.arrow.vector.types.pojo.Field ");
    assertThat(r.output()).doesNotContain("org.apache.arrow.vector.types.pojo.Schema ");
  }
}
