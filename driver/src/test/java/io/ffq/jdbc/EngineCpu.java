package io.ffq.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time of this process's engine threads (named ffq-engine), from /proc (Linux). */
final class EngineCpu {
  private EngineCpu() {}

  /** utime + stime of every engine thread, in clock ticks (1/100 s). */
  static long totalTicks() throws IOException {
    long total = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        long[] cpu = engineCpu(t);
        if (cpu != null) {
          total += cpu[0];
        }
      }
    }
    return total;
  }

  private static long[] engineCpu(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("ffq-engine")) {
        return null;
      }
      String[] f = stat.substring(close + 2).split(" ");
      // after the name: state is field 3; utime and stime are fields 14 and 15
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null; // the thread ended
    }
  }
}
