package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On x86-64 Linux the jar carries a baseline engine library and one built for x86-64-v3;
 * the driver loads the second only on a CPU with every x86-64-v3 feature, and both give the
 * same answers.
 */
class NativeVariantTest {
  private static final String ANSWER = "answer 6000003000000 1000000.5 1000";

  @Test
  void theCpusBuildIsChosenAndBothBuildsAgree() throws Exception {
    Forked.Result baseline = Forked.run(NativeVariantProbe.class, List.of("-Dffq.native.cpu=baseline"), Map.of(), 120);
    assertThat(baseline.clean()).as("%s", baseline).isTrue();
    assertThat(baseline.output()).contains(ANSWER);
    boolean x86Linux = System.getProperty("os.name").toLowerCase().contains("linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    Forked.Result chosen = Forked.run(NativeVariantProbe.class, List.of(), Map.of(), 120);
    assertThat(chosen.clean()).as("%s", chosen).isTrue();
    assertThat(chosen.output()).contains(ANSWER);
    if (!x86Linux) {
      return;
    }
    assertThat(baseline.output()).contains("folder linux-x86_64\n");
    boolean v3Cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("flags")).findFirst()
        .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
            .containsAll(List.of("avx2", "bmi2", "fma", "movbe")))
        .orElse(false);
    boolean v3Built = NativeVariantTest.class.getResource("/io/ffq/jdbc/native/linux-x86_64-v3/libffq_native.so") != null;
    assertThat(chosen.output()).contains(v3Cpu && v3Built ? "folder linux-x86_64-v3\n" : "folder linux-x86_64\n");
  }

  @Test
  void anUnknownCpuChoiceFailsTheConnectionAndNamesTheChoices() throws Exception {
    Forked.Result r = Forked.run(NativeVariantProbe.class, List.of("-Dffq.native.cpu=fastest"), Map.of(), 120);
    assertThat(r.exit()).as("%s", r).isNotZero();
    assertThat(r.crashFiles()).isEmpty();
    assertThat(r.output()).contains("-Dffq.native.cpu=fastest is not a choice: use auto", "or baseline");
  }
}
