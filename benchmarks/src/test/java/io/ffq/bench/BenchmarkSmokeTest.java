package io.ffq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark once, in process, on tiny data, plus the memory probes and the report:
 * the suite cannot rot between real runs.
 */
class BenchmarkSmokeTest {
  @Test
  void everyBenchmarkRunsAndTheReportIsWritten() throws Exception {
    Path out = Paths.get("target/smoke-results").toAbsolutePath();
    String md = BenchMain.run("0.001", out, true, "");
    assertThat(md).contains("## Full scan").contains("| ffq |").contains("arrow floor").contains("q03").contains("q22").contains("geometric mean")
        .contains("ffq and duckdb_parquet: 22 of 22 answers equal").contains("ffq and duckdb: 22 of 22 answers equal")
        .contains("ffq and ffq_memory: 22 of 22 answers equal").contains("ffq's in-memory tables against DuckDB's own storage")
        .contains("rows streamed");
    assertThat(md).doesNotContain("| n/a |");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.endsWith("-fullscan.png"))
          .anyMatch(n -> n.endsWith("-narrow.png"))
          .anyMatch(n -> n.endsWith(".json"));
    }
  }
}
