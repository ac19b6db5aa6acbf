package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar as a user gets it: its entries are only what we ship, and a stock JVM
 * with nothing but the jar on the class path and no flags runs queries, on every JDK 17+
 * found on this machine.
 */
class PackagedJarIT {
  /** What may be in the jar: our classes and library, shaded dependencies, Arrow, licences. */
  private static final String[] ALLOWED_PREFIXES = {
    "io/ffq/jdbc/",
    "io/ffq/hibernate/",
    "org/apache/arrow/",
    "arrow_cdata_jni/",
    "META-INF/MANIFEST.MF",
    "META-INF/services/java.sql.Driver",
    "META-INF/services/io.ffq.jdbc.shaded.",
    "META-INF/LICENSE",
    "META-INF/NOTICE",
    "META-INF/io.netty.versions.properties",
  };

  /** Folders that only hold the above. */
  private static final List<String> PARENT_FOLDERS =
      List.of("META-INF/", "META-INF/services/", "org/", "org/apache/", "io/", "io/ffq/");

  static boolean allowed(String name) {
    if (PARENT_FOLDERS.contains(name)) {
      return true;
    }
    if (name.startsWith("META-INF/") && name.indexOf('/', 9) < 0 && name.matches("META-INF/[A-Za-z-]*(LICENSE|NOTICE)(\\.txt)?")) {
      return true; // licence and notice files of what we bundle
    }
    for (String p : ALLOWED_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  static Path jar() {
    return Paths.get(System.getProperty("ffq.driver.jar"));
  }

  @Test
  void jarHoldsOnlyWhatWeShip() throws IOException {
    List<String> unexpected = new ArrayList<>();
    boolean hasNative = false;
    boolean hasService = false;
    try (JarFile jf = new JarFile(jar().toFile())) {
      for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        hasNative |= name.matches("io/ffq/jdbc/native/[a-z]+-[a-z0-9_]+/libffq_native\\.(so|dylib)|.*ffq_native\\.dll");
        hasService |= name.equals("META-INF/services/java.sql.Driver");
        boolean ok = allowed(name);
        if (!ok) {
          unexpected.add(name);
        }
      }
      String service = new String(jf.getInputStream(jf.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8).trim();
      assertThat(service).isEqualTo("io.ffq.jdbc.FfqDriver");
    }
    assertThat(hasNative).as("engine library inside the jar").isTrue();
    assertThat(hasService).isTrue();
    try (JarFile jf = new JarFile(jar().toFile())) {
      assertThat(jf.getEntry("io/ffq/hibernate/FfqDialect.class")).as("the Hibernate dialect").isNotNull();
    }
    assertThat(unexpected).as("entries outside the allow-list").isEmpty();
  }

  /** The JDK running the tests and every other JDK 17+ under /usr/lib/jvm. */
  static Stream<String> javas() throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Paths.get(System.getProperty("java.home"), "bin", "java"));
    Path jvms = Paths.get("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> dirs = Files.list(jvms)) {
        dirs.map(d -> d.resolve("bin").resolve("java")).filter(Files::isExecutable).forEach(candidates::add);
      }
    }
    List<String> unique = new ArrayList<>();
    for (Path p : candidates) {
      String real = p.toRealPath().toString(); // several folder names link to one JDK
      if (!unique.contains(real) && majorVersion(real) >= 17) {
        unique.add(real);
      }
    }
    return unique.stream();
  }

  static int majorVersion(String javaPath) {
    try {
      Process p = new ProcessBuilder(javaPath, "-version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("version \"(\\d+)").matcher(out);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException | InterruptedException e) {
      return 0;
    }
  }

  static boolean isJvmAccessWarning(String line) {
    if (!line.startsWith("WARNING:")) {
      return false;
    }
    for (String known : new String[] {"restricted method", "System::load", "--enable-native-access",
        "Restricted methods will be blocked", "sun.misc.Unsafe", "--sun-misc-unsafe-memory-access",
        "terminally deprecated", "Please consider reporting", "will be removed in a future release"}) {
      if (line.contains(known)) {
        return true;
      }
    }
    return false;
  }

  /** A probe program run with the Java source launcher: only the jar on the class path. */
  static Path writeProbe(Path dir) throws IOException {
    Path probe = dir.resolve("Probe.java");
    Files.writeString(probe, String.join("\n",
        "import java.sql.*;",
        "public class Probe {",
        "  public static void main(String[] a) throws Exception {",
        "    try (Connection c = DriverManager.getConnection(\"jdbc:ffq:\" + a[0]);",
        "         Statement s = c.createStatement()) {",
        "      try (ResultSet rs = s.executeQuery(\"SELECT 40 + 2 AS answer\")) { rs.next(); System.out.println(\"answer=\" + rs.getInt(1)); }",
        "      try (ResultSet rs = s.executeQuery(\"SELECT count(*), sum(l_quantity) FROM lineitem\")) {",
        "        rs.next(); System.out.println(\"lineitem=\" + rs.getLong(1) + \" qty=\" + rs.getBigDecimal(2)); }",
        "    }",
        "  }",
        "}"));
    return probe;
  }

  static Path catalog() {
    Path catalog = Paths.get(System.getProperty("ffq.test.data")).resolve("sf0.01").resolve("catalog.json");
    if (!Files.exists(catalog)) {
      // the unit tests generate it; generate through the jar if they did not run
      catalog = TestData.tpchCatalog();
    }
    return catalog;
  }

  @ParameterizedTest
  @MethodSource("javas")
  void stockJvmWithOnlyTheJarRunsQueries(String java) throws Exception {
    Path dir = Files.createTempDirectory("ffq-probe");
    Path probe = writeProbe(dir);
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", jar().toString(), probe.toString(), catalog().toString());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    Path stderr = dir.resolve("stderr.txt");
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(stderr);
    assertThat(p.exitValue()).as("stdout:\n" + out + "\nstderr:\n" + err).isZero();
    assertThat(out).contains("answer=42").contains("lineitem=60175");
    // No console noise from the driver. JDK 24+ itself warns once about restricted native
    // access (System.load, needed by any JNI driver) and about sun.misc.Unsafe; only those
    // JVM warnings may appear without flags.
    List<String> noise = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (!line.isBlank() && !isJvmAccessWarning(line)) {
        noise.add(line);
      }
    }
    assertThat(noise).as("stderr of " + java).isEmpty();
  }

  private static String java17() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void twoJvmsExtractTheLibraryConcurrently() throws Exception {
    Path dir = Files.createTempDirectory("ffq-extract");
    Path probe = writeProbe(dir);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder pb = new ProcessBuilder(java17(), "-Djava.io.tmpdir=" + tmp, "-cp", jar().toString(),
          probe.toString(), catalog().toString());
      pb.redirectErrorStream(true);
      ps.add(pb.start());
    }
    for (Process p : ps) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("answer=42");
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("libffq_native")).count())
          .as("one extracted copy, no temp files left").isEqualTo(1);
    }
  }

  @Test
  void nativePathOverrideFailsFastWhenWrongAndWorksWhenRight() throws Exception {
    Path dir = Files.createTempDirectory("ffq-override");
    Path probe = writeProbe(dir);
    ProcessBuilder bad = new ProcessBuilder(java17(), "-Dffq.native.path=" + dir.resolve("missing.so"), "-cp",
        jar().toString(), probe.toString(), catalog().toString());
    bad.redirectErrorStream(true);
    Process p = bad.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("java.sql.SQLNonTransientConnectionException").contains("-Dffq.native.path=").contains("does not name a file");

    Path lib = dir.resolve("libffq_native.so");
    try (JarFile jf = new JarFile(jar().toFile())) {
      JarEntry e = jf.stream().filter(x -> x.getName().endsWith("/libffq_native.so")).findFirst().orElseThrow();
      Files.copy(jf.getInputStream(e), lib);
    }
    ProcessBuilder good = new ProcessBuilder(java17(), "-Dffq.native.path=" + lib, "-cp", jar().toString(),
        probe.toString(), catalog().toString());
    good.redirectErrorStream(true);
    Process g = good.start();
    String gout = new String(g.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(g.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(g.exitValue()).as(gout).isZero();
    assertThat(gout).contains("answer=42");
  }
}
