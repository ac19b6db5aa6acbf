package io.ffq.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a probe's main in a child JVM on the test class path and reports how it ended. */
final class Forked {
  /** How the child ended: exit status (-1 when killed for a hang), output, crash files. */
  record Result(int exit, String output, List<Path> crashFiles) {
    boolean clean() {
      return exit == 0 && crashFiles.isEmpty();
    }

    @Override
    public String toString() {
      return "exit " + exit + ", crash files " + crashFiles + ", output:\n" + output;
    }
  }

  private Forked() {}

  static Result run(Class<?> main, List<String> jvmArgs, Map<String, String> env, long timeoutSeconds,
      String... args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ffq-forked");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    List<Path> crashes;
    try (Stream<Path> files = Files.list(dir)) {
      crashes = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
    }
    return new Result(done ? p.exitValue() : -1, out, crashes);
  }
}
