package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded, reproducible fuzzing of URLs, catalog files, SQL and parameters, each case in a
 * child JVM watched for its exit status, hs_err files, RSS and hangs. CI runs a bounded slice;
 * a longer run: {@code mvn -pl driver verify -Dtest=FuzzTest -Dffq.fuzz.seconds=1800
 * -Dffq.fuzz.cases=100000 -Dffq.fuzz.seed=N} (after {@code ./run-tests.sh} built the engine).
 * Prints the counts and a SQLState histogram; asserts zero crashes, zero hangs, zero
 * failures that are not an SQLException with a SQLState.
 */
class FuzzTest {
  private static final long HANG_SECONDS = 60;

  @Test
  void fuzzedInputsNeverCrashHangOrEscapeAsNonSqlExceptions() throws Exception {
    long seed = Long.getLong("ffq.fuzz.seed", 20261124L);
    long budget = Long.getLong("ffq.fuzz.seconds", 150L);
    int total = Integer.getInteger("ffq.fuzz.cases", 2000);
    Path dir = Files.createTempDirectory("ffq-fuzz");
    long deadline = System.nanoTime() + budget * 1_000_000_000L;
    Map<String, Integer> histogram = new TreeMap<>();
    List<String> bad = new ArrayList<>();
    List<String> crashes = new ArrayList<>();
    List<String> hangs = new ArrayList<>();
    java.util.Set<String> internal = new java.util.TreeSet<>();
    long peakRssKib = 0;
    int next = 0;
    int ran = 0;
    while (next < total && System.nanoTime() < deadline) {
      Child child = new Child(seed, dir, next, total);
      int current = -1;
      boolean finished = false;
      while (true) {
        String line = child.lines.poll(HANG_SECONDS, TimeUnit.SECONDS);
        peakRssKib = Math.max(peakRssKib, child.rssKib());
        if (line == null) {
          hangs.add("case " + current + " (" + FuzzCases.kindOf(current) + ")");
          child.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
          break;
        }
        if (line.equals(Child.EOF)) {
          break;
        }
        if (line.startsWith("start ")) {
          current = Integer.parseInt(line.substring(6));
        } else if (line.startsWith("done ")) {
          String[] f = line.split(" ", 4);
          ran++;
          String outcome = f[3];
          if (outcome.startsWith("XX000 ")) {
            internal.add(outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
            outcome = "XX000";
          }
          if (outcome.startsWith("BAD")) {
            bad.add("case " + f[1] + " (" + f[2] + "): " + outcome);
            outcome = "BAD";
          }
          histogram.merge(f[2] + " " + outcome, 1, Integer::sum);
          next = Integer.parseInt(f[1]) + 1;
          if (System.nanoTime() > deadline) {
            child.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            finished = true;
            break;
          }
        } else if (line.equals("finished")) {
          finished = true;
        }
      }
      int exit = child.process.waitFor(30, TimeUnit.SECONDS) ? child.process.exitValue() : -1;
      List<Path> hsErr = child.crashFiles();
      if (!hsErr.isEmpty() || (!finished && exit != 0 && current >= 0 && next <= current)) {
        crashes.add("case " + current + " (" + FuzzCases.kindOf(Math.max(current, 0)) + "): exit " + exit
            + " " + hsErr + " " + child.tail());
      }
      if (current >= 0 && next <= current) {
        next = current + 1; // skip the case that crashed or hung
      }
    }
    StringBuilder report = new StringBuilder("fuzz: seed=" + seed + " cases=" + ran + " crashes=" + crashes.size()
        + " hangs=" + hangs.size() + " bad=" + bad.size() + " peakRssMiB=" + peakRssKib / 1024 + "\n");
    histogram.forEach((k, v) -> report.append("  ").append(k).append(": ").append(v).append('\n'));
    internal.forEach(m -> report.append("  internal: ").append(m).append('\n'));
    System.out.println(report);
    assertThat(crashes).as(report.toString()).isEmpty();
    assertThat(hangs).as(report.toString()).isEmpty();
    assertThat(bad).as(report.toString()).isEmpty();
    assertThat(ran).as("cases run").isGreaterThan(100);
  }

  /** One child JVM running cases from {@code from}; its stdout lines arrive on a queue. */
  private static final class Child {
    static final String EOF = "\u0000eof";
    final Process process;
    final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    final Path dir;
    final List<String> last = new ArrayList<>();

    Child(long seed, Path scratch, int from, int to) throws IOException {
      dir = Files.createTempDirectory(scratch, "child");
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      process = new ProcessBuilder(java, "-Xmx512m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
          "-cp", System.getProperty("java.class.path"), FuzzProbe.class.getName(),
          Long.toString(seed), scratch.toString(), TestData.tpchDir().toString(), Integer.toString(from),
          Integer.toString(to))
          .directory(dir.toFile()).redirectErrorStream(true).start();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (last) {
              last.add(line);
              if (last.size() > 20) {
                last.remove(0);
              }
            }
            if (line.startsWith("start ") || line.startsWith("done ") || line.equals("finished")) {
              lines.put(line);
            }
          }
        } catch (IOException | InterruptedException ignored) {
          // the child is gone
        }
        lines.offer(EOF);
      }, "fuzz-child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    long rssKib() {
      try {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
          if (l.startsWith("VmRSS:")) {
            return Long.parseLong(l.replaceAll("\\D", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // exited
      }
      return 0;
    }

    List<Path> crashFiles() throws IOException {
      try (Stream<Path> f = Files.list(dir)) {
        return f.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList();
      }
    }

    String tail() {
      synchronized (last) {
        return String.join(" | ", last);
      }
    }
  }
}
