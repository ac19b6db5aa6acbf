package io.ffq.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Two or more builds of the driver compared in one JVM: each jar in a class loader of its
 * own (each extracts and loads its own engine library), the same queries run on each in
 * alternating order, round after round, so that a noisy machine slows every build alike.
 * Prints the median per query and build, each build's ratio to the first, and the geometric
 * mean of those ratios. Usage:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ffq.bench.JarAB JAR,JAR[,...] URL ROUNDS [NAME...]
 * </pre>
 *
 * NAME is as for {@link QueryTimes}; without one, the 22 TPC-H queries. One round warms up.
 */
public final class JarAB {
  private JarAB() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: JarAB JAR,JAR[,...] URL ROUNDS [NAME...]");
      System.exit(2);
    }
    String[] jars = args[0].split(",");
    for (String jar : jars) {
      if (!new File(jar).isFile()) {
        System.err.println("JarAB: " + jar + " is not a file; name driver jars, such as driver/target/ffq-jdbc-0.1.0.jar");
        System.exit(2);
      }
    }
    int rounds = args[2].matches("[1-9][0-9]{0,5}") ? Integer.parseInt(args[2]) : 0;
    if (rounds == 0) {
      System.err.println("JarAB: ROUNDS must be a whole number from 1, got '" + args[2] + "'");
      System.exit(2);
    }
    List<String> names = new ArrayList<>(Arrays.asList(args).subList(3, args.length));
    if (names.isEmpty()) {
      names.addAll(Arrays.asList(TpchBenchmark.QUERIES));
    }
    Connection[] conns = new Connection[jars.length];
    for (int k = 0; k < jars.length; k++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {new File(jars[k]).toURI().toURL()},
          ClassLoader.getPlatformClassLoader());
      Driver driver = (Driver) Class.forName("io.ffq.jdbc.FfqDriver", true, loader)
          .getDeclaredConstructor().newInstance();
      conns[k] = driver.connect(args[1], new Properties());
    }
    long[][][] times = new long[names.size()][jars.length][rounds];
    for (int r = -1; r < rounds; r++) {
      for (int q = 0; q < names.size(); q++) {
        String sql = QueryTimes.text(names.get(q));
        for (int i = 0; i < jars.length; i++) {
          int k = (r & 1) == 0 ? i : jars.length - 1 - i;
          long t = QueryTimes.once(conns[k], sql);
          if (r >= 0) {
            times[q][k][r] = t;
          }
        }
      }
    }
    double[] logs = new double[jars.length];
    for (int q = 0; q < names.size(); q++) {
      StringBuilder line = new StringBuilder(names.get(q));
      double first = 0;
      for (int k = 0; k < jars.length; k++) {
        long[] t = times[q][k].clone();
        Arrays.sort(t);
        double median = t[rounds / 2] / 1e6;
        first = k == 0 ? median : first;
        logs[k] += Math.log(median / first);
        line.append(String.format(" %10.1f ms", median));
        if (k > 0) {
          line.append(String.format(" (%.2fx)", median / first));
        }
      }
      System.out.println(line);
    }
    StringBuilder geo = new StringBuilder("geometric mean of ratios to the first jar:");
    for (int k = 1; k < jars.length; k++) {
      geo.append(String.format(" %.3f", Math.exp(logs[k] / names.size())));
    }
    System.out.println(geo);
    for (Connection c : conns) {
      c.close();
    }
  }
}
