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
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sf": sf = args[++i]; break;
        case "--out": out = Paths.get(args[++i]); break;
        case "--smoke": smoke = true; break;
        default:
          System.err.println("usage: BenchMain [--sf SCALE] [--out DIR] [--smoke]");
          System.exit(2);
      }
    }
    run(sf != null ? sf : smoke ? "0.001" : "1", out, smoke, String.join(" ", args));
  }

  /** Runs everything; returns the Markdown report. */
  public static String run(String sf, Path out, boolean smoke, String argLine) throws Exception {
    Files.createDirectories(out);
    String stem = LocalDate.now() + "-" + Runtime.getRuntime().availableProcessors() + "core-"
        + System.getProperty("os.arch");
    BenchData.parquet(sf);
    // load the peers' databases before timing anything
    for (Peer p : Peer.values()) {
      try (Connection c = p.open(sf)) {
        c.isValid(0);
      }
    }
    long rows;
    try (Connection c = DriverManager.getConnection(BenchData.ffqUrl(sf));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM lineitem")) {
      rs.next();
      rows = rs.getLong(1);
    }

    ChainedOptionsBuilder opts = new OptionsBuilder()
        .include("io\\.ffq\\.bench\\..*Benchmark\\..*")
        .param("sf", sf)
        .jvmArgsPrepend("-Dffq.bench.data=" + System.getProperty("ffq.bench.data", "target/bench-data"))
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(stem + ".json").toString());
    if (smoke) {
      opts.forks(0).shouldFailOnError(true).warmupIterations(0).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(20)).warmupTime(TimeValue.milliseconds(10));
    }
    Collection<RunResult> results = new Runner(opts.build()).run();

    List<String> memory = new ArrayList<>();
    String xmx = smoke ? "128m" : "256m";
    for (Peer p : Peer.values()) {
      memory.add(memoryProbe(p, sf, xmx));
    }
    String command = smoke ? "mvn test (smoke)" : "benchmarks/run.sh" + (argLine.isBlank() ? "" : " " + argLine);
    String md = new Report(results).write(out, stem, sf, rows, memory, command);
    if (!smoke) {
      for (String suffix : new String[] {".md", "-fullscan.png", "-narrow.png"}) {
        Files.copy(out.resolve(stem + suffix), out.resolve("latest" + suffix),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return md;
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
