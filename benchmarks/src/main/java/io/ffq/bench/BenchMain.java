package io.ffq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and writes {@code results/<date>-<machine>.json} (JMH's JSON), a
 * Markdown table with ratios and PNG plots, then refreshes the "latest" copies.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar ... (plain JMH), or
 *   java -cp benchmarks/target/benchmarks.jar io.ffq.bench.BenchMain [--sf 1] [--out DIR] [--smoke]
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String sf = null;
    Path out = Paths.get("benchmarks/results");
    boolean smoke = false;
    String only = null;
    String peers = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sf": sf = args[++i]; break;
        case "--out": out = Paths.get(args[++i]); break;
        case "--smoke": smoke = true; break;
        case "--only": only = args[++i]; break;
        case "--peers": peers = args[++i]; break;
        default:
          System.err.println("usage: BenchMain [--sf SCALE] [--out DIR] [--smoke] [--only REGEX] [--peers ffq,duckdb,...]");
          System.exit(2);
      }
    }
    run(sf != null ? sf : smoke ? "0.001" : "1", out, smoke, commandLine(args), only, peers);
  }

  /**
   * The arguments as a shell would need them to reproduce the run: without the
   * {@code --out benchmarks/results} that run.sh passes first, values with shell
   * metacharacters quoted.
   */
  static String commandLine(String[] args) {
    List<String> words = new ArrayList<>(List.of(args));
    if (words.size() >= 2 && words.get(0).equals("--out") && words.get(1).equals("benchmarks/results")) {
      words = words.subList(2, words.size());
    }
    List<String> quoted = new ArrayList<>();
    for (String w : words) {
      quoted.add(w.matches("[A-Za-z0-9_./:=,+-]*") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }

  /**
   * JMH's JSON names the java binary and the -D paths of this checkout; the committed results
   * keep them relative (the project's paths from its root, {@code java} for the binary).
   */
  static void relativePaths(Path json) throws IOException {
    if (!Files.isRegularFile(json)) {
      return;
    }
    String root = Paths.get("").toAbsolutePath() + "/";
    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String text = Files.readString(json, StandardCharsets.UTF_8);
    Files.writeString(json, text.replace(javaBin, "java").replace(root, ""), StandardCharsets.UTF_8);
  }

  /** Runs everything; returns the Markdown report. */
  public static String run(String sf, Path out, boolean smoke, String argLine) throws Exception {
    return run(sf, out, smoke, argLine, null, null);
  }

  /**
   * Runs the benchmarks whose names match {@code only} (all when null) against {@code peers}
   * (comma-separated; all when null); returns the Markdown report. A partial run writes
   * {@code <stem>-partial.md} and leaves {@code latest.md} alone.
   */
  public static String run(String sf, Path out, boolean smoke, String argLine, String only, String peers)
      throws Exception {
    Files.createDirectories(out);
    boolean partial = only != null || peers != null;
    String stem = LocalDate.now() + "-" + Runtime.getRuntime().availableProcessors() + "core-"
        + System.getProperty("os.arch") + (partial ? "-partial" : "");
    BenchData.parquet(sf);
    List<Peer> chosen = new ArrayList<>();
    for (Peer p : Peer.values()) {
      if (peers == null || List.of(peers.split(",")).contains(p.id())) {
        chosen.add(p);
      }
    }
    // load the peers' databases before timing anything
    for (Peer p : chosen) {
      try (Connection c = p.open(sf)) {
        c.isValid(0);
      }
    }
    String include = "io\\.ffq\\.bench\\..*Benchmark\\..*";
    boolean tpch = only == null || "TpchBenchmark.query".matches(".*(" + only + ").*");
    List<String> answers = tpch ? checkAnswers(sf, chosen) : List.of();
    long rows;
    try (Connection c = DriverManager.getConnection(BenchData.ffqUrl(sf));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM lineitem")) {
      rs.next();
      rows = rs.getLong(1);
    }

    ChainedOptionsBuilder opts = new OptionsBuilder()
        .include(only == null ? include : "io\\.ffq\\.bench\\..*(" + only + ").*")
        .param("sf", sf)
        .jvmArgsPrepend("-Dffq.bench.data=" + System.getProperty("ffq.bench.data", "target/bench-data"))
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(stem + ".json").toString());
    if (peers != null) {
      opts.param("peer", peers.split(","));
    }
    if (smoke) {
      opts.forks(0).shouldFailOnError(true).warmupIterations(0).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(20)).warmupTime(TimeValue.milliseconds(10));
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    relativePaths(out.resolve(stem + ".json"));

    List<String> memory = new ArrayList<>();
    String xmx = smoke ? "128m" : "256m";
    for (Peer p : only == null ? chosen : List.<Peer>of()) {
      memory.add(memoryProbe(p, sf, xmx));
    }
    String command = smoke ? "mvn test (smoke)" : "benchmarks/run.sh" + (argLine.isBlank() ? "" : " " + argLine);
    String md = new Report(results).write(out, stem, sf, rows, memory, answers, command);
    if (!smoke && !partial) {
      for (String suffix : new String[] {".md", "-fullscan.png", "-narrow.png"}) {
        Files.copy(out.resolve(stem + suffix), out.resolve("latest" + suffix),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return md;
  }

  /**
   * Runs the 22 TPC-H queries on ffq and on every other chosen peer that runs them, and
   * compares the rows; returns one line per peer compared.
   */
  static List<String> checkAnswers(String sf, List<Peer> chosen) throws java.sql.SQLException {
    List<String> lines = new ArrayList<>();
    if (!chosen.contains(Peer.FFQ)) {
      return lines;
    }
    try (Connection ffq = Peer.FFQ.open(sf)) {
      java.util.Map<String, List<String>> mine = new java.util.LinkedHashMap<>();
      for (String q : TpchBenchmark.QUERIES) {
        mine.put(q, TpchBenchmark.answer(ffq, q));
      }
      for (Peer p : chosen) {
        if (p == Peer.FFQ || !List.of(TpchBenchmark.PEERS).contains(p.id())) {
          continue;
        }
        List<String> differ = new ArrayList<>();
        try (Connection c = p.open(sf)) {
          for (String q : TpchBenchmark.QUERIES) {
            List<String> theirs = TpchBenchmark.answer(c, q);
            if (firstDifference(mine.get(q), theirs) != null) {
              differ.add(q + " (" + firstDifference(mine.get(q), theirs) + ")");
            }
          }
        }
        lines.add("ffq and " + p.id() + ": " + (TpchBenchmark.QUERIES.length - differ.size()) + " of "
            + TpchBenchmark.QUERIES.length + " answers equal" + (differ.isEmpty() ? "" : "; different: "
            + String.join("; ", differ)));
      }
    }
    lines.forEach(System.out::println);
    return lines;
  }

  /** The first row where two answers differ, or null when they are the same. */
  static String firstDifference(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return a.size() + " rows vs " + b.size();
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameRow(a.get(i), b.get(i))) {
        return "row " + (i + 1) + ": " + a.get(i) + " vs " + b.get(i);
      }
    }
    return null;
  }

  /**
   * Rows as {@link TpchBenchmark#answer} prints them are the same when every field is, a
   * printed number within one unit of its last printed digit: each engine rounds where its
   * types say (ffq's DECIMAL average to 6 places, DuckDB's double), and printing rounds
   * again, so two correct answers can land either side of a printed digit's boundary.
   */
  static boolean sameRow(String a, String b) {
    String[] x = a.split("\\|", -1);
    String[] y = b.split("\\|", -1);
    if (x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!x[i].equals(y[i]) && !withinLastDigit(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean withinLastDigit(String a, String b) {
    java.math.BigDecimal x;
    java.math.BigDecimal y;
    try {
      x = new java.math.BigDecimal(a);
      y = new java.math.BigDecimal(b);
    } catch (NumberFormatException e) {
      return false;
    }
    int places = Math.max(x.scale(), y.scale());
    return places > 0 && x.subtract(y).abs().compareTo(java.math.BigDecimal.ONE.movePointLeft(places)) <= 0;
  }

  /** The full scan in a forked JVM with a small heap; one Markdown table row. */
  static String memoryProbe(Peer p, String sf, String xmx) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + xmx,
        "-Dffq.bench.data=" + System.getProperty("ffq.bench.data", "target/bench-data"),
        "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), p.name().toLowerCase(), sf);
    pb.redirectErrorStream(true);
    Process proc = pb.start();
    String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = proc.waitFor(20, TimeUnit.MINUTES);
    String name = p.name().toLowerCase();
    if (!done) {
      proc.destroyForcibly();
      return "| " + name + " | " + xmx + " | | | timed out |";
    }
    String line = output.lines().filter(l -> l.startsWith("peer=")).findFirst().orElse(null);
    if (proc.exitValue() != 0 || line == null) {
      String why = output.contains("OutOfMemoryError") ? "OutOfMemoryError" : "failed (exit " + proc.exitValue() + ")";
      return "| " + name + " | " + xmx + " | | | " + why + " |";
    }
    String heap = line.replaceAll(".*peakHeapMiB=(\\d+).*", "$1");
    String rss = line.replaceAll(".*peakRssMiB=(-?\\d+).*", "$1");
    String rows = line.replaceAll(".*rows=(\\d+).*", "$1");
    return "| " + name + " | " + xmx + " | " + heap + " | " + rss + " | " + rows + " rows streamed |";
  }
}
