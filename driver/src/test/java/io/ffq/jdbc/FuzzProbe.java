package io.ffq.jdbc;

import java.nio.file.Path;

/**
 * Runs fuzz cases {@code from..to-1} in this (child) JVM, one line per case: "start I" before
 * it and "done I KIND OUTCOME" after, flushed, so the parent sees which case a crash or hang
 * belongs to. usage: FuzzProbe SEED SCRATCH_DIR TPCH_DIR FROM TO
 */
public final class FuzzProbe {
  private FuzzProbe() {}

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    FuzzCases cases = new FuzzCases(seed, Path.of(args[1]), Path.of(args[2]));
    int from = Integer.parseInt(args[3]);
    int to = Integer.parseInt(args[4]);
    for (int i = from; i < to; i++) {
      System.out.println("start " + i);
      System.out.flush();
      String outcome = cases.run(i).replace('\n', ' ');
      System.out.println("done " + i + " " + FuzzCases.kindOf(i) + " " + outcome);
      System.out.flush();
    }
    System.out.println("finished");
    System.out.flush();
  }
}
