package io.ffq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's TPC-H answer check: printed rows equal field by field, numbers to their last printed digit. */
class AnswerCheckTest {
  @Test
  void numbersMayDifferByOneUnitOfTheirLastPrintedDigit() {
    // ffq's avg rounds to 6 places (0.042895), DuckDB's double prints 0.0428947...: both correct
    assertThat(BenchMain.sameRow("N|F|27.39|0.04290|38", "N|F|27.39|0.04289|38")).isTrue();
    assertThat(BenchMain.sameRow("N|F|27.39|0.04290|38", "N|F|27.39|0.04288|38")).isFalse();
    assertThat(BenchMain.sameRow("N|F|27.39|0.04290|38", "N|F|27.40|0.04290|38")).isTrue();
    assertThat(BenchMain.sameRow("N|F|27.39|0.04290|38", "N|F|27.41|0.04290|38")).isFalse();
  }

  @Test
  void countsTextAndShapeMustBeEqual() {
    assertThat(BenchMain.sameRow("N|F|27.39|38", "N|F|27.39|39")).isFalse();
    assertThat(BenchMain.sameRow("AIR|1", "RAIL|1")).isFalse();
    assertThat(BenchMain.sameRow("AIR|1", "AIR|1|")).isFalse();
    assertThat(BenchMain.firstDifference(List.of("a|1.00"), List.of("a|1.00", "b|2.00"))).isEqualTo("1 rows vs 2");
    assertThat(BenchMain.firstDifference(List.of("a|1.00", "b|2.00"), List.of("a|1.01", "b|2.02")))
        .isEqualTo("row 2: b|2.00 vs b|2.02");
    assertThat(BenchMain.firstDifference(List.of("a|1.00"), List.of("a|1.00"))).isNull();
  }
}
