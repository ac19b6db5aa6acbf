package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** sqlline running a script file, as {@code sqlline -u ... -f script.sql} does. */
class SqllineTest {
  static final List<String> QUERIES = List.of(
      "SELECT r_name, count(*) AS nations FROM nation JOIN region ON n_regionkey = r_regionkey GROUP BY r_name ORDER BY r_name",
      "SELECT o_orderstatus, count(*) AS n FROM orders GROUP BY o_orderstatus ORDER BY o_orderstatus",
      "SELECT c_name FROM customer ORDER BY c_custkey OFFSET 3 ROWS FETCH FIRST 4 ROWS ONLY");

  @Test
  void scriptFileAnswersAsDuckDb(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("queries.sql");
    Files.writeString(script, String.join(";\n", QUERIES) + ";\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlLine sqlline = new SqlLine();
    sqlline.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
    sqlline.setErrorStream(new PrintStream(out, true, StandardCharsets.UTF_8));
    SqlLine.Status status = sqlline.begin(new String[] {
        "-d", "io.ffq.jdbc.FfqDriver", "-u", Tpch.url(), "-n", "", "-p", "",
        "--outputformat=csv", "--showHeader=false", "--silent=true", "--isolation=TRANSACTION_NONE",
        "-f", script.toString()}, null, false);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(text).isEqualTo(SqlLine.Status.OK);
    List<String> got = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("'")) {
        got.add(line.trim());
      }
    }
    List<String> want = new ArrayList<>();
    for (String q : QUERIES) {
      for (List<Object> r : Answers.duckdb(q.replace("OFFSET 3 ROWS FETCH FIRST 4 ROWS ONLY", "LIMIT 4 OFFSET 3"))) {
        List<String> cells = new ArrayList<>();
        for (Object v : r) {
          cells.add("'" + v + "'");
        }
        want.add(String.join(",", cells));
      }
    }
    assertThat(got).as(text).isEqualTo(want);
    assertThat(Arrays.asList(text.split("\n"))).noneMatch(l -> l.startsWith("Error"));
  }
}
