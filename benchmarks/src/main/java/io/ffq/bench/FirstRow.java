package io.ffq.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A fresh JVM to the first row of a query: what a command-line tool or a short job sees.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ffq.bench.FirstRow RUNS NAME URL...
 * </pre>
 *
 * Starts RUNS new JVMs per URL (alternating URLs, so a noisy moment hits every driver alike),
 * each of which connects, runs NAME ({@code select1}, {@code lookup} or {@code q01} ...
 * {@code q22}, as in {@link QueryTimes}) and reads its first row; prints the medians of the
 * times from the process start to the connection and to the first row, and the first query
 * alone (first row minus connection).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ffq.bench.FirstRow --init CLASS...
 * </pre>
 *
 * times the initialisation of each named class in a fresh JVM (what a first query pays for
 * the classes it is the first to touch).
 */
public final class FirstRow {
  private FirstRow() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--child")) {
      child(args[1], args[2]);
      return;
    }
    if (args.length > 1 && args[0].equals("--init")) {
      // the one-time cost of initialising each named class, in this fresh JVM, in order
      for (String name : Arrays.asList(args).subList(1, args.length)) {
        long t0 = System.nanoTime();
        Class.forName(name);
        System.out.printf(Locale.ROOT, "  %6.1f ms  %s%n", (System.nanoTime() - t0) / 1e6, name);
      }
      return;
    }
    if (args.length < 3) {
      System.err.println("usage: FirstRow RUNS NAME URL... (NAME: select1, lookup, q01 ... q22)");
      System.exit(2);
    }
    int runs = Integer.parseInt(args[0]);
    String name = args[1];
    List<String> urls = Arrays.asList(args).subList(2, args.length);
    List<List<double[]>> times = new ArrayList<>();
    for (int u = 0; u < urls.size(); u++) {
      times.add(new ArrayList<>());
    }
    for (int r = 0; r < runs; r++) {
      for (int u = 0; u < urls.size(); u++) {
        times.get(u).add(fresh(urls.get(u), name));
      }
    }
    System.out.printf(Locale.ROOT, "%s, medians of %d fresh JVMs (ms from process start)%n", name, runs);
    for (int u = 0; u < urls.size(); u++) {
      double connect = median(times.get(u), 0);
      double first = median(times.get(u), 1);
      double query = median(times.get(u), 2);
      System.out.printf(Locale.ROOT, "  connected %6.0f  first row %6.0f  first query %6.0f  %s%n", connect, first,
          query, urls.get(u));
    }
  }

  /** One fresh JVM: {connected, first row, first row - connected} in ms. */
  private static double[] fresh(String url, String name) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FirstRow.class.getName(),
        "--child", url, name).redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.add(line);
      }
    }
    int exit = p.waitFor();
    String last = out.isEmpty() ? "" : out.get(out.size() - 1);
    if (exit != 0 || !last.startsWith("times ")) {
      throw new IllegalStateException("the run on " + url + " failed (exit " + exit + "): " + String.join("\n", out));
    }
    String[] f = last.split(" ");
    double connected = Double.parseDouble(f[1]);
    double firstRow = Double.parseDouble(f[2]);
    return new double[] {connected, firstRow, firstRow - connected};
  }

  private static void child(String url, String name) throws SQLException {
    Instant start = ProcessHandle.current().info().startInstant().orElseThrow();
    String sql = QueryTimes.text(name);
    try (Connection c = DriverManager.getConnection(url)) {
      double connected = since(start);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        if (!rs.next()) {
          throw new SQLException(name + " returned no row");
        }
        rs.getObject(1);
        System.out.printf(Locale.ROOT, "times %.1f %.1f%n", connected, since(start));
      }
    }
  }

  private static double since(Instant start) {
    return Duration.between(start, Instant.now()).toNanos() / 1e6;
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
