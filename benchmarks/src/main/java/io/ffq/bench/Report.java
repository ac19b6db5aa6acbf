package io.ffq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The results as Markdown (ratios peer / ffq, so above 1 means ffq is faster) and PNG plots.
 */
final class Report {
  static final String[] PEERS = {"ffq", "duckdb_parquet", "duckdb", "sqlite", "h2"};
  static final String[] TYPES = {"bigint", "double", "varchar", "decimal", "date"};

  private final Map<String, double[]> scores = new LinkedHashMap<>(); // key -> {score, error}
  private final String units;

  Report(Collection<RunResult> results) {
    StringBuilder u = new StringBuilder();
    for (RunResult r : results) {
      String bench = r.getParams().getBenchmark();
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      if (bench.contains("ArrowFloorBenchmark")) {
        method = method.equals("narrow") ? "floorNarrow" : "floor";
      }
      StringBuilder key = new StringBuilder(method);
      for (String p : new String[] {"peer", "type", "query"}) {
        String v = r.getParams().getParam(p);
        if (v != null) {
          key.append('/').append(v);
        }
      }
      scores.put(key.toString(), new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
      if (u.indexOf(method) < 0) {
        u.append(method).append(": ").append(r.getPrimaryResult().getScoreUnit()).append("; ");
      }
    }
    units = u.toString();
  }

  double score(String key) {
    double[] s = scores.get(key);
    return s == null ? Double.NaN : s[0];
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ratio(double peer, double ffq) {
    return Double.isNaN(peer) || Double.isNaN(ffq) || ffq == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", peer / ffq);
  }

  /** Writes {@code stem}.md and the plots; returns the Markdown. */
  String write(Path dir, String stem, String sf, long rows, List<String> memory, List<String> answers, String command)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# ffq-jdbc benchmarks: ").append(stem).append("\n\n");
    md.append("TPC-H SF ").append(sf).append(" (lineitem ").append(String.format(Locale.ROOT, "%,d", rows))
        .append(" rows). ").append(environment()).append("\n\n");
    md.append("Ratios are peer / ffq within this run (above 1×: ffq is faster). Command: `").append(command).append("`\n\n");

    md.append("## Full scan: `SELECT *` of lineitem, every column through its getter\n\n");
    md.append("| driver | ms per scan | rows/s | ns per value | peer / ffq |\n|---|---:|---:|---:|---:|\n");
    double ffqScan = score("fullScan/ffq");
    List<String> scanNames = new ArrayList<>();
    double[][] scanRows = new double[1][PEERS.length + 1];
    for (int i = 0; i < PEERS.length; i++) {
      double ms = score("fullScan/" + PEERS[i]);
      md.append("| ").append(PEERS[i]).append(" | ").append(num(ms)).append(" | ").append(num(rows / (ms / 1000)))
          .append(" | ").append(num(ms * 1e6 / (rows * (double) Lineitem.WIDTH))).append(" | ")
          .append(ratio(ms, ffqScan)).append(" |\n");
      scanNames.add(PEERS[i]);
      scanRows[0][i] = rows / (ms / 1000);
    }
    double floor = score("floor");
    md.append("| arrow floor (no JDBC) | ").append(num(floor)).append(" | ").append(num(rows / (floor / 1000)))
        .append(" | ").append(num(floor * 1e6 / (rows * (double) Lineitem.WIDTH))).append(" | ")
        .append(ratio(floor, ffqScan)).append(" |\n\n");
    md.append("JDBC layer over the raw Arrow stream: ffq / floor = ").append(ratio(ffqScan, floor)).append("\n\n");
    scanNames.add("arrow floor");
    scanRows[0][PEERS.length] = rows / (floor / 1000);
    Charts.bars(dir.resolve(stem + "-fullscan.png"), "Full scan of lineitem (SF " + sf + "): rows per second",
        "rows/s (higher is better)", scanNames, List.of("rows/s"), scanRows);

    md.append("## Narrow fetch: one column of one type\n\n");
    header(md, "type", PEERS, " ns/value");
    double[][] narrow = new double[PEERS.length][TYPES.length];
    for (int t = 0; t < TYPES.length; t++) {
      md.append("| ").append(TYPES[t]).append(" |");
      for (int i = 0; i < PEERS.length; i++) {
        narrow[i][t] = score("narrow/" + PEERS[i] + "/" + TYPES[t]) * 1e6 / rows;
        md.append(' ').append(num(narrow[i][t])).append(" |");
      }
      for (int i = 1; i < PEERS.length; i++) {
        md.append(' ').append(ratio(narrow[i][t], narrow[0][t])).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
    StringBuilder floors = new StringBuilder();
    for (int t = 0; t < TYPES.length; t++) {
      double floorNarrow = score("floorNarrow/" + TYPES[t]) * 1e6 / rows;
      if (!Double.isNaN(floorNarrow)) {
        floors.append("| ").append(TYPES[t]).append(" | ").append(num(narrow[0][t])).append(" | ").append(num(floorNarrow))
            .append(" | ").append(ratio(narrow[0][t], floorNarrow)).append(" |\n");
      }
    }
    if (floors.length() > 0) {
      md.append("The same one-column streams read straight from the Arrow vectors (engine and import, no JDBC):\n\n")
          .append("| type | ffq ns/value | arrow floor ns/value | ffq / floor |\n|---|---:|---:|---:|\n")
          .append(floors).append('\n');
    }
    Charts.bars(dir.resolve(stem + "-narrow.png"), "Narrow fetch (SF " + sf + "): ns per value by type",
        "ns/value (lower is better)", List.of(TYPES), List.of(PEERS), narrow);

    section(md, "Tiny queries (µs per query)", new String[] {"select1", "preparedPointLookup"});
    tpch(md, answers);
    section(md, "Connections and metadata (µs)", new String[] {"openClose", "metadataWalk"});

    if (!memory.isEmpty()) {
      md.append("## Memory of the full scan (forked JVM)\n\n");
      md.append("| driver | -Xmx | peak heap MiB | peak RSS MiB | result |\n|---|---|---:|---:|---|\n");
      for (String line : memory) {
        md.append(line).append('\n');
      }
      md.append('\n');
    }
    md.append("Plots: `").append(stem).append("-fullscan.png`, `").append(stem).append("-narrow.png`. Units: ")
        .append(units).append("\n");
    Files.writeString(dir.resolve(stem + ".md"), md.toString());
    return md.toString();
  }

  private void section(StringBuilder md, String title, String[] keys) {
    md.append("## ").append(title).append("\n\n");
    header(md, "benchmark", PEERS, "");
    for (String k : keys) {
      String[] parts = k.split("/", 2);
      String param = parts.length > 1 ? "/" + parts[1] : "";
      md.append("| ").append(k).append(" |");
      double ffq = score(parts[0] + "/ffq" + param);
      for (String p : PEERS) {
        md.append(' ').append(num(score(parts[0] + "/" + p + param))).append(" |");
      }
      for (int i = 1; i < PEERS.length; i++) {
        md.append(' ').append(ratio(score(parts[0] + "/" + PEERS[i] + param), ffq)).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /** A table header: the row label, one column per peer, then each other peer / the first. */
  private static void header(StringBuilder md, String label, String[] peers, String unit) {
    md.append("| ").append(label).append(" |");
    for (String p : peers) {
      md.append(' ').append(p).append(unit).append(" |");
    }
    for (int i = 1; i < peers.length; i++) {
      md.append(' ').append(peers[i]).append(" / ").append(peers[0]).append(" |");
    }
    md.append("\n|---|").append("---:|".repeat(peers.length * 2 - 1)).append('\n');
  }

  /** The 22 TPC-H queries: ms per query, DuckDB / ffq ratios, their geometric mean and the worst. */
  private void tpch(StringBuilder md, List<String> answers) {
    md.append("## TPC-H, 22 queries end to end with every result row fetched (ms per query)\n\n");
    for (String a : answers) {
      md.append("Answers: ").append(a).append("\n\n");
    }
    queries(md, new String[] {"ffq", "duckdb_parquet", "duckdb"});
    if (!Double.isNaN(score("query/ffq_memory/q01")) || !Double.isNaN(score("query/ffq_memory/q22"))) {
      md.append("### Loaded once: ffq's in-memory tables against DuckDB's own storage\n\n")
          .append("`ffq_memory` holds the same rows in in-memory tables (`CREATE TABLE t AS SELECT * FROM` ")
          .append("the Parquet file), loaded before timing, as `duckdb` holds them in its database file.\n\n");
      queries(md, new String[] {"ffq_memory", "duckdb", "ffq"});
    }
  }

  /**
   * One row per query that {@code peers[0]} ran: each peer's ms, then each other peer's time
   * over {@code peers[0]}'s, with their geometric mean and the lowest ratio.
   */
  private void queries(StringBuilder md, String[] peers) {
    String base = peers[0];
    header(md, "query", peers, "");
    double[] logSum = new double[peers.length];
    double[] worst = new double[peers.length];
    String[] worstQuery = new String[peers.length];
    java.util.Arrays.fill(worst, Double.POSITIVE_INFINITY);
    int n = 0;
    for (String q : TpchBenchmark.QUERIES) {
      double mine = score("query/" + base + "/" + q);
      if (Double.isNaN(mine)) {
        continue;
      }
      n++;
      md.append("| ").append(q).append(" |");
      for (String p : peers) {
        md.append(' ').append(num(score("query/" + p + "/" + q))).append(" |");
      }
      for (int i = 1; i < peers.length; i++) {
        double r = score("query/" + peers[i] + "/" + q) / mine;
        logSum[i] += Math.log(r);
        if (r < worst[i]) {
          worst[i] = r;
          worstQuery[i] = q;
        }
        md.append(' ').append(ratio(score("query/" + peers[i] + "/" + q), mine)).append(" |");
      }
      md.append('\n');
    }
    if (n > 0) {
      md.append("| **geometric mean** |").append(" |".repeat(peers.length));
      for (int i = 1; i < peers.length; i++) {
        md.append(String.format(Locale.ROOT, " **%.2f×** |", Math.exp(logSum[i] / n)));
      }
      md.append("\n| worst (lowest peer / ").append(base).append(") |").append(" |".repeat(peers.length));
      for (int i = 1; i < peers.length; i++) {
        md.append(String.format(Locale.ROOT, " %s %.2f× |", worstQuery[i], worst[i]));
      }
      md.append("\n\n");
    }
  }

  static String environment() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux
    }
    return "JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "; " + cpu + "; " + Runtime.getRuntime().availableProcessors() + " cores; "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ".";
  }
}
