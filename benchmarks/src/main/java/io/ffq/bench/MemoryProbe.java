package io.ffq.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Run in a forked JVM with a small -Xmx: one full scan through one peer, then the peak heap
 * and the process's peak RSS (VmHWM). Prints one line: {@code peer=.. rows=.. peakHeapMiB=.. peakRssMiB=..}.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Peer peer = Peer.of(args[0]);
    String sf = args[1];
    long rows;
    try (Connection c = peer.open(sf)) {
      // the load (first run only) and the connection are not what is measured
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(Lineitem.SQL)) {
        rows = Lineitem.readAll(rs, peer.hasDates(), bh);
      }
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("peer=" + args[0] + " rows=" + rows + " peakHeapMiB=" + peakHeap / (1 << 20)
        + " peakRssMiB=" + peakRssKiB() / 1024);
  }

  /** Peak resident set size of this process in KiB, or -1 where /proc is not available. */
  static long peakRssKiB() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
