package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A result many times larger than the heap streams through a forked JVM with -Xmx64m. */
class StreamingTest {
  @Test
  void resultFarLargerThanTheHeapCompletes() throws Exception {
    long n = 20_000_000L;
    // ~1.1 GB of row data as Java strings; the heap is 64 MiB
    String sql = "SELECT v, 'row number ' || CAST(v AS VARCHAR) || ' of twenty million' AS s FROM range(0, " + n + ") t(v)";
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        StreamProbe.class.getName(), "jdbc:ffq:", sql));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("finished in time").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    long expectedSum = n * (n - 1) / 2;
    assertThat(out).contains("rows=" + n + " sum=" + expectedSum);
    assertThat(out).contains("maxHeapMiB=");
  }
}
