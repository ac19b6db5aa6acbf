package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SQLite's sqllogictest corpus (as {@code net.hydromatic:sql-logic-test} ships it) through the
 * driver, one private engine per file. Records run in order; a failed statement is counted and
 * the file goes on (nothing is abandoned). The engine runs as {@code postgresql} for the
 * corpus' {@code skipif}/{@code onlyif} conditions, since its SQL is PostgreSQL's.
 *
 * <p>{@code -Dslt.files=ci} (default) runs a fixed sample from every directory within
 * {@code -Dslt.seconds}; {@code -Dslt.files=all} runs the whole corpus and writes the pass rate
 * per directory into this module's README; any other value is a comma-separated list of
 * path prefixes inside the corpus ({@code random/expr,select1}).
 */
class SqlLogicTest {
  static final String ENGINE = "postgresql";
  /** Each statement's query timeout ({@code -Dslt.query.seconds}); a timeout counts as a failure. */
  static final int QUERY_SECONDS = Integer.getInteger("slt.query.seconds", 60);
  /** {@code -Dslt.show=N} prints the first N failing records (for diagnosis). */
  static final int SHOW = Integer.getInteger("slt.show", 0);
  static final java.util.concurrent.atomic.AtomicInteger SHOWN = new java.util.concurrent.atomic.AtomicInteger();

  /** The CI sample: the first file of each corpus directory (index/view: the first non-empty one). */
  static final List<String> CI = List.of(
      "select1.test", "select2.test", "select3.test", "select4.test", "select5.test",
      "evidence/in1.test", "evidence/in2.test", "evidence/slt_lang_aggfunc.test",
      "evidence/slt_lang_createtrigger.test", "evidence/slt_lang_createview.test",
      "evidence/slt_lang_dropindex.test", "evidence/slt_lang_droptable.test",
      "evidence/slt_lang_droptrigger.test", "evidence/slt_lang_dropview.test",
      "evidence/slt_lang_reindex.test", "evidence/slt_lang_replace.test", "evidence/slt_lang_update.test",
      "index/between/10/slt_good_0.test", "index/commute/10/slt_good_0.test",
      "index/delete/10/slt_good_0.test", "index/in/10/slt_good_0.test", "index/orderby/10/slt_good_0.test",
      "index/orderby_nosort/10/slt_good_0.test", "index/random/10/slt_good_0.test",
      "index/view/10/slt_good_1.test",
      "random/aggregates/slt_good_0.test", "random/expr/slt_good_0.test",
      "random/groupby/slt_good_0.test", "random/select/slt_good_0.test");

  /** Totals of one directory (or one file). */
  static final class Tally {
    int files;
    int completed;
    long passed;
    long failed;
    long skipped;
    final Map<String, Integer> reasons = new TreeMap<>();

    void add(Tally o) {
      files += o.files;
      completed += o.completed;
      passed += o.passed;
      failed += o.failed;
      skipped += o.skipped;
      o.reasons.forEach((k, v) -> reasons.merge(k, v, Integer::sum));
    }

    double rate() {
      return passed + failed == 0 ? 100.0 : 100.0 * passed / (passed + failed);
    }
  }

  static final class Record {
    final List<String> conditions = new ArrayList<>();
    String kind;
    String header;
    String sql;
    final List<String> expected = new ArrayList<>();
  }

  @Test
  void corpus() throws Exception {
    String which = System.getProperty("slt.files", "ci");
    long seconds = Long.getLong("slt.seconds", 240);
    List<String> files = select(corpusFiles(), which);
    long deadline = seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, Tally> byDir = new TreeMap<>();
    int run = 0;
    for (String f : files) {
      if (System.nanoTime() > deadline) {
        break;
      }
      Tally t = runFile(f, deadline);
      byDir.computeIfAbsent(directory(f), k -> new Tally()).add(t);
      run++;
      if (run % 10 == 0) {
        write(byDir, which, run, files.size()); // a long run leaves its numbers so far
      }
    }
    String report = write(byDir, which, run, files.size());
    Tally total = new Tally();
    byDir.values().forEach(total::add);
    System.out.println(report);
    if ("all".equals(which)) {
      writeReadme(report);
    }
    // A file stops early only when the time budget runs out (then it is the last one run):
    // no file is abandoned on a failed statement.
    assertThat(total.completed).as("files run to their end").isGreaterThanOrEqualTo(total.files - 1);
    assertThat(run).as("files run within %d s (of %d)", seconds, files.size()).isGreaterThanOrEqualTo(
        Math.max(1, files.size() / 2));
    if ("ci".equals(which)) {
      assertThat(total.rate()).as(report).isGreaterThanOrEqualTo(Double.parseDouble(
          System.getProperty("slt.min.rate", "98.0")));
    }
  }

  /** Writes the report of the files run so far to {@code -Dslt.report}; returns it. */
  static String write(Map<String, Tally> byDir, String which, int run, int planned) throws IOException {
    Tally total = new Tally();
    byDir.values().forEach(total::add);
    String report = report(byDir, total, which, run, planned);
    Path out = Paths.get(System.getProperty("slt.report", "target/slt-report.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    return report;
  }

  static String directory(String file) {
    String[] parts = file.split("/");
    return parts.length == 1 ? parts[0].replace(".test", "") : parts[0] + "/" + parts[1];
  }

  static List<String> select(List<String> all, String which) {
    if ("all".equals(which)) {
      return all;
    }
    if ("ci".equals(which)) {
      return CI;
    }
    List<String> prefixes = List.of(which.split(","));
    return all.stream().filter(f -> prefixes.stream().anyMatch(f::startsWith)).collect(Collectors.toList());
  }

  /** Every {@code .test} file of the corpus jar, relative to its {@code test/} folder. */
  static List<String> corpusFiles() throws IOException {
    URL url = SqlLogicTest.class.getClassLoader().getResource("test/select1.test");
    assertThat(url).as("the sqllogictest corpus on the class path").isNotNull();
    String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
    List<String> out = new ArrayList<>();
    try (JarFile j = new JarFile(java.net.URLDecoder.decode(jar, StandardCharsets.UTF_8))) {
      j.stream().map(e -> e.getName()).filter(n -> n.startsWith("test/") && n.endsWith(".test"))
          .map(n -> n.substring("test/".length())).forEach(out::add);
    }
    Collections.sort(out);
    return out;
  }

  static List<Record> parse(BufferedReader in) throws IOException {
    List<Record> out = new ArrayList<>();
    List<String> block = new ArrayList<>();
    String line;
    while (true) {
      line = in.readLine();
      if (line == null || line.isBlank()) {
        Record r = record(block);
        if (r != null) {
          out.add(r);
        }
        block.clear();
        if (line == null) {
          return out;
        }
      } else if (!line.startsWith("#")) {
        block.add(line);
      }
    }
  }

  static Record record(List<String> lines) {
    Record r = new Record();
    int i = 0;
    while (i < lines.size() && (lines.get(i).startsWith("skipif ") || lines.get(i).startsWith("onlyif "))) {
      r.conditions.add(lines.get(i).trim());
      i++;
    }
    if (i >= lines.size()) {
      return null;
    }
    r.header = lines.get(i).trim();
    r.kind = r.header.split("\\s+")[0];
    StringBuilder sql = new StringBuilder();
    i++;
    while (i < lines.size() && !lines.get(i).equals("----")) {
      sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i));
      i++;
    }
    r.sql = sql.toString();
    if (i < lines.size()) {
      r.expected.addAll(lines.subList(i + 1, lines.size()));
    }
    return r;
  }

  static boolean applies(Record r) {
    for (String c : r.conditions) {
      String[] p = c.split("\\s+");
      if (p[0].equals("skipif") && p[1].equals(ENGINE)) {
        return false;
      }
      if (p[0].equals("onlyif") && !p[1].equals(ENGINE)) {
        return false;
      }
    }
    return true;
  }

  static Tally runFile(String file, long deadline) throws Exception {
    Tally t = new Tally();
    t.files = 1;
    List<Record> records;
    try (InputStream in = SqlLogicTest.class.getClassLoader().getResourceAsStream("test/" + file)) {
      records = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }
    int hashThreshold = 0;
    try (Connection c = DriverManager.getConnection("jdbc:ffq:")) {
      for (Record r : records) {
        if (System.nanoTime() > deadline) {
          return t; // out of time: not counted as run to its end
        }
        if (r.kind.equals("hash-threshold")) {
          hashThreshold = Integer.parseInt(r.header.split("\\s+")[1]);
          continue;
        }
        if (r.kind.equals("halt")) {
          if (applies(r)) {
            break;
          }
          continue;
        }
        if (!applies(r)) {
          t.skipped++;
          continue;
        }
        String failure = r.kind.equals("statement") ? statement(c, r) : query(c, r, hashThreshold);
        if (failure == null) {
          t.passed++;
        } else {
          if (failure.contains("[57014]")) {
            System.out.println("TIMEOUT after " + QUERY_SECONDS + " s in " + file + ":\n" + r.sql + "\n");
          }
          if (SHOWN.getAndIncrement() < SHOW) {
            System.out.println("FAIL " + file + ": " + failure + "\n" + r.header + "\n" + r.sql + "\n");
          }
          t.failed++;
          t.reasons.merge(failure, 1, Integer::sum);
        }
      }
    }
    t.completed = 1;
    return t;
  }

  static String reason(SQLException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    m = m.replaceAll("'[^']*'", "'…'").replaceAll("\\b\\d+\\b", "N");
    return "[" + e.getSQLState() + "] " + (m.length() > 110 ? m.substring(0, 110) : m);
  }

  static String statement(Connection c, Record r) {
    boolean wantOk = r.header.endsWith("ok");
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_SECONDS);
      s.execute(r.sql);
      return wantOk ? null : "statement error expected, it succeeded";
    } catch (SQLException e) {
      return wantOk ? "statement: " + reason(e) : null;
    }
  }

  static String query(Connection c, Record r, int hashThreshold) throws Exception {
    String[] h = r.header.split("\\s+");
    if (h.length < 2) {
      return "malformed query record";
    }
    String types = h[1];
    String sort = h.length > 2 ? h[2] : "nosort";
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_SECONDS);
      ResultSet rs = s.executeQuery(r.sql);
      int n = rs.getMetaData().getColumnCount();
      if (n != types.length()) {
        return "column count " + n + ", expected " + types.length();
      }
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(render(rs.getObject(i), types.charAt(i - 1)));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      return "query: " + reason(e);
    }
    List<String> values = new ArrayList<>();
    if (sort.equals("rowsort")) {
      rows.sort((a, b) -> {
        for (int i = 0; i < a.size(); i++) {
          int d = a.get(i).compareTo(b.get(i));
          if (d != 0) {
            return d;
          }
        }
        return 0;
      });
    }
    rows.forEach(values::addAll);
    if (sort.equals("valuesort")) {
      Collections.sort(values);
    }
    List<String> expected = r.expected;
    if (expected.size() == 1 && expected.get(0).contains(" values hashing to ")) {
      String[] p = expected.get(0).split(" ");
      return values.size() == Integer.parseInt(p[0]) && md5(values).equals(p[4]) ? null : "wrong result";
    }
    if (hashThreshold > 0 && values.size() > hashThreshold) {
      return "wrong result";
    }
    List<String> want = expected.stream().map(String::trim).collect(Collectors.toList());
    return values.equals(want) ? null : "wrong result";
  }

  static String md5(List<String> values) throws Exception {
    MessageDigest md = MessageDigest.getInstance("MD5");
    for (String v : values) {
      md.update(v.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** A value as sqllogictest prints it: I as an integer, R with 3 decimals, T as text. */
  static String render(Object v, char type) {
    if (v == null) {
      return "NULL";
    }
    switch (type) {
      case 'I':
        if (v instanceof Number) {
          return Long.toString(v instanceof BigDecimal ? ((BigDecimal) v).longValue() : ((Number) v).longValue());
        }
        if (v instanceof Boolean) {
          return (Boolean) v ? "1" : "0";
        }
        return Long.toString(leadingInteger(v.toString()));
      case 'R':
        double d = v instanceof Number ? ((Number) v).doubleValue() : leadingInteger(v.toString());
        return String.format(Locale.ROOT, "%.3f", d);
      default:
        String s = v.toString();
        if (s.isEmpty()) {
          return "(empty)";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
          b.append(ch < ' ' || ch > '~' ? '@' : ch);
        }
        return b.toString();
    }
  }

  static long leadingInteger(String s) {
    int i = 0;
    String t = s.trim();
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    try {
      return Long.parseLong(t.substring(0, i));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String report(Map<String, Tally> byDir, Tally total, String which, int run, int planned) {
    StringBuilder b = new StringBuilder();
    b.append("| directory | files | run to the end | tests | passed | failed | skipped (conditions) | pass rate |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    byDir.forEach((d, t) -> b.append(row(d, t)));
    b.append(row("**all**", total));
    b.append("\nFiles: ").append(run).append(" of ").append(planned).append(" (`-Dslt.files=").append(which)
        .append("`)").append(total.completed < total.files ? "; the last one was cut by the time limit" : "")
        .append(".\n\nFailures by reason:\n\n");
    total.reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(40).forEach(e -> b.append("- ").append(e.getValue()).append(" × ").append(e.getKey()).append('\n'));
    return b.toString();
  }

  static String row(String d, Tally t) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.2f%% |\n",
        d, t.files, t.completed, t.passed + t.failed, t.passed, t.failed, t.skipped, t.rate());
  }

  static void writeReadme(String report) throws IOException {
    Path readme = Paths.get(System.getProperty("slt.readme", "README.md"));
    String text = Files.readString(readme);
    String begin = "<!-- slt:begin -->";
    String end = "<!-- slt:end -->";
    int a = text.indexOf(begin);
    int z = text.indexOf(end);
    if (a < 0 || z < a) {
      throw new IllegalStateException(readme + " has no " + begin + " ... " + end + " section");
    }
    Files.writeString(readme, text.substring(0, a + begin.length()) + "\n" + report + text.substring(z));
  }
}
