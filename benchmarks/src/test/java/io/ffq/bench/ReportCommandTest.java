package io.ffq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a report says about how it was made: a command that reproduces it, no machine paths. */
class ReportCommandTest {
  @Test
  void theCommandIsWhatAShellNeeds() {
    assertThat(BenchMain.commandLine(new String[] {"--out", "benchmarks/results", "--only", "TpchBenchmark|LatencyBenchmark",
      "--peers", "ffq,duckdb"}))
        .isEqualTo("--only 'TpchBenchmark|LatencyBenchmark' --peers ffq,duckdb");
    assertThat(BenchMain.commandLine(new String[] {"--out", "/elsewhere", "--sf", "0.1"})).isEqualTo("--out /elsewhere --sf 0.1");
    assertThat(BenchMain.commandLine(new String[] {"--only", "it's"})).isEqualTo("--only 'it'\\''s'");
    assertThat(BenchMain.commandLine(new String[] {})).isEmpty();
  }

  @Test
  void resultsNameNoMachinePaths(@TempDir Path dir) throws Exception {
    String root = Paths.get("").toAbsolutePath() + "/";
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Path json = dir.resolve("r.json");
    Files.writeString(json, "{\"jvm\" : \"" + java + "\", \"jvmArgs\" : [\"-Dffq.bench.data=" + root
        + "benchmarks/target/bench-data\"]}", StandardCharsets.UTF_8);
    BenchMain.relativePaths(json);
    assertThat(Files.readString(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"jvm\" : \"java\", \"jvmArgs\" : [\"-Dffq.bench.data=benchmarks/target/bench-data\"]}");
  }
}
