package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House rules of the driver's sources, checked on every build. */
class CodingRulesTest {
  private static final Path MAIN = Paths.get("src/main/java");
  private static final Pattern NATIVE_METHOD = Pattern.compile("^\\s*(static\\s+)?native\\s|\\snative\\s+\\w+(<.*>)?\\s+\\w+\\(");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void onlyNativeMethodsDeclaresNativeMethods() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : sources()) {
      boolean declares = Files.readAllLines(p).stream()
          .filter(l -> !l.trim().startsWith("*") && !l.trim().startsWith("//"))
          .anyMatch(l -> NATIVE_METHOD.matcher(l).find());
      if (declares && !p.endsWith(Paths.get("io/ffq/jdbc/engine/NativeMethods.java"))) {
        offenders.add(p.toString());
      }
    }
    assertThat(offenders).isEmpty();
    assertThat(Files.readString(MAIN.resolve("io/ffq/jdbc/engine/NativeMethods.java")))
        .contains("final class NativeMethods").doesNotContain("public final class NativeMethods");
  }

  @Test
  void driverNeverPrintsToTheConsole() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : sources()) {
      String text = Files.readString(p);
      if (text.contains("System.out") || text.contains("System.err") || text.contains("printStackTrace")) {
        offenders.add(p.toString());
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void accessorsStaySmall() throws IOException {
    for (Path p : sources()) {
      if (p.toString().contains("/accessor/")) {
        assertThat(Files.readAllLines(p)).as(p.toString()).hasSizeLessThan(300);
      }
    }
  }
}
