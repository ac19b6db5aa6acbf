package io.ffq.jdbc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the engine library once per JVM and prepares Arrow for it.
 *
 * <p>Order: {@code -Dffq.native.path} if set (and it must exist), else the library inside the
 * driver jar under {@code io/ffq/jdbc/native/<os>-<arch>/}, extracted once per version and
 * content hash into {@code java.io.tmpdir} with an atomic move, so concurrent JVMs are safe.
 * Then {@code java.nio} is opened to Arrow through JNI, before Arrow's memory utilities
 * initialise, so no {@code --add-opens} flag is needed.
 */
public final class NativeLoader {
  public static final String PATH_PROPERTY = "ffq.native.path";
  private static final String ADD_OPENS_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";
  private static final String MEMORY_UTIL = "org.apache.arrow.memory.util.MemoryUtil";

  private static volatile boolean loaded;
  private static volatile RuntimeException failure;

  private NativeLoader() {}

  /** Loads the library if needed; throws {@link NativeLoadException} with the fix if it cannot. */
  public static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (NativeLoader.class) {
      if (loaded) {
        return;
      }
      if (failure != null) {
        throw failure;
      }
      try {
        load();
        prepareArrow();
        loaded = true;
        warmUpInBackground();
      } catch (NativeLoadException e) {
        failure = e;
        throw e;
      }
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean FIELD_WARMING =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Starts initialising Arrow's {@code Field} class (its static initialiser takes 10-20 ms in
   * a fresh JVM; every result import needs it) on a daemon thread, once per JVM. It does not
   * touch Arrow's memory utilities, so this may start before the library is loaded and
   * {@code java.nio} is opened (see {@link #prepareArrow()}): the driver calls it when a
   * connection to a {@code jdbc:ffq:} URL begins. Arrow's {@code Schema} is left alone: its
   * initialiser builds a JSON mapper (about 200 ms of CPU) that the driver's paths avoid, and
   * done in the background it would take a core from the first query.
   */
  public static void warmUpFieldInBackground() {
    if (!FIELD_WARMING.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      ClassLoader cl = NativeLoader.class.getClassLoader();
      try {
        Class.forName("org.apache.arrow.vector.types.pojo.Field", true, cl);
      } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
        // the first query does the same work and reports any failure
      }
    }, "ffq-jdbc-warmup-field");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The rest of Arrow's first-import work (its C Data JNI library is extracted and loaded):
   * done on a daemon thread once the engine library is loaded, instead of inside the first
   * query.
   */
  private static void warmUpInBackground() {
    warmUpFieldInBackground();
    Thread t = new Thread(() -> {
      ClassLoader cl = NativeLoader.class.getClassLoader();
      try {
        Class.forName("org.apache.arrow.vector.complex.StructVector", true, cl);
        Class.forName("org.apache.arrow.c.jni.JniWrapper", true, cl).getMethod("get").invoke(null);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // the first query does the same work and reports any failure
      }
    }, "ffq-jdbc-warmup");
    t.setDaemon(true);
    t.start();
  }

  /** The os-arch folder name of this JVM, as used inside the jar. */
  public static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "windows" : os;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
    return o + "-" + a;
  }

  /**
   * {@code -Dffq.native.cpu=baseline} keeps the baseline library on a CPU that could run the
   * x86-64-v3 one (for comparing them, or to rule the faster build out); {@code auto}, the
   * default, picks by the CPU. Any other value fails the connection, naming these two.
   */
  public static final String CPU_PROPERTY = "ffq.native.cpu";

  /** The CPU features of x86-64-v3 as Linux names them (lzcnt is "abm"). */
  private static final List<String> X86_64_V3 =
      List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave");

  private static volatile String loadedFolder;

  /**
   * The jar folder of the library this JVM runs: {@code <os>-<arch>}, or
   * {@code linux-x86_64-v3} when the CPU has every x86-64-v3 feature (AVX2, BMI2, FMA, ...)
   * and the jar carries that build (the engine's decoding and kernels run 10-15% faster);
   * {@code null} before the library is loaded or when {@code -Dffq.native.path} chose it.
   */
  public static String loadedFolder() {
    return loadedFolder;
  }

  private static String libraryFolder() {
    String base = platform();
    String cpu = System.getProperty(CPU_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (!cpu.equals("auto") && !cpu.equals("baseline")) {
      throw new NativeLoadException("-D" + CPU_PROPERTY + "=" + System.getProperty(CPU_PROPERTY)
          + " is not a choice: use auto (the build for this CPU, the default) or baseline (the build"
          + " that runs on any " + base + ")");
    }
    if (!base.equals("linux-x86_64") || cpu.equals("baseline")) {
      return base;
    }
    String v3 = base + "-v3";
    if (NativeLoader.class.getResource("/io/ffq/jdbc/native/" + v3 + "/" + libraryFileName()) == null) {
      return base;
    }
    try (Stream<String> lines = Files.lines(Paths.get("/proc/cpuinfo"))) {
      Optional<String> flags = lines.filter(l -> l.startsWith("flags")).findFirst();
      if (flags.isEmpty()) {
        return base;
      }
      List<String> have = Arrays.asList(flags.get().substring(flags.get().indexOf(':') + 1).trim().split("\\s+"));
      return have.containsAll(X86_64_V3) ? v3 : base;
    } catch (IOException | RuntimeException e) {
      return base; // no CPU information: the baseline build runs everywhere
    }
  }

  static String libraryFileName() {
    return System.mapLibraryName("ffq_native");
  }

  private static void load() {
    String override = System.getProperty(PATH_PROPERTY);
    if (override != null && !override.isBlank()) {
      Path p = Paths.get(override).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        throw new NativeLoadException(
            "-D" + PATH_PROPERTY + "=" + override + " does not name a file; point it at "
                + libraryFileName() + " or remove the property to use the library inside the driver jar");
      }
      systemLoad(p);
      return;
    }
    String folder = libraryFolder();
    String resource = "/io/ffq/jdbc/native/" + folder + "/" + libraryFileName();
    Path extracted;
    try {
      extracted = extract(resource);
    } catch (IOException e) {
      throw new NativeLoadException(
          "cannot extract the engine library to " + System.getProperty("java.io.tmpdir")
              + ": " + e.getMessage() + "; set -Djava.io.tmpdir to a writable folder or -D"
              + PATH_PROPERTY + " to an extracted " + libraryFileName(), e);
    }
    systemLoad(extracted);
    loadedFolder = folder;
  }

  private static void systemLoad(Path p) {
    try {
      System.load(p.toString());
    } catch (UnsatisfiedLinkError e) {
      throw new NativeLoadException(
          "cannot load the engine library " + p + ": " + e.getMessage()
              + ". Likely causes: a library built for another platform (this JVM is " + platform()
              + "), a C library older than the one it was built against, or a temp folder mounted"
              + " noexec. Fix: set -D" + PATH_PROPERTY + "=/path/to/" + libraryFileName()
              + " built for this machine, or -Djava.io.tmpdir to an executable folder", e);
    }
  }

  private static Path extract(String resource) throws IOException {
    String hash = contentHash(resource);
    String version = NativeLoader.class.getPackage().getImplementationVersion();
    Path base = Paths.get(System.getProperty("java.io.tmpdir"), "ffq-jdbc-native");
    Path dir = base.resolve((version == null ? "dev" : version) + "-" + hash.substring(0, 24));
    Path target = dir.resolve(libraryFileName());
    if (Files.isRegularFile(target)) {
      return target; // content-addressed: same name, same bytes
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "ffq_native", ".tmp");
    try {
      try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        // another JVM won the race with identical bytes
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    removeStaleCopies(base, dir);
    return target;
  }

  /** The library's SHA-256: written next to it at build time, computed only if missing. */
  private static String contentHash(String resource) throws IOException {
    try (InputStream in = NativeLoader.class.getResourceAsStream(resource + ".sha256")) {
      if (in != null) {
        String h = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (h.matches("[0-9a-f]{64}")) {
          return h;
        }
      }
    }
    try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new NativeLoadException(
            "the driver jar has no engine library for " + platform() + " (looked for " + resource
                + "); build the driver on this platform or set -D" + PATH_PROPERTY);
      }
      MessageDigest md = sha256();
      try (DigestInputStream din = new DigestInputStream(in, md)) {
        din.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    }
  }

  /** Other versions' copies untouched for a day are removed; failures are ignored. */
  private static void removeStaleCopies(Path base, Path keep) {
    Instant cutoff = Instant.now().minus(Duration.ofDays(1));
    try (Stream<Path> dirs = Files.list(base)) {
      dirs.filter(d -> !d.equals(keep)).forEach(d -> {
        try {
          if (Files.getLastModifiedTime(d).toInstant().isBefore(cutoff)) {
            try (Stream<Path> files = Files.list(d)) {
              for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
              }
            }
            Files.deleteIfExists(d);
          }
        } catch (IOException ignored) {
          // in use or not ours to remove
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Arrow's C Data import wraps native addresses in direct buffers, which needs
   * {@code java.nio} opened to Arrow. JNI calls are exempt from module checks, so the
   * engine library opens it, before Arrow's MemoryUtil initialises.
   */
  private static void prepareArrow() {
    Class<?> memoryUtil;
    try {
      memoryUtil = Class.forName(MEMORY_UTIL, false, NativeLoader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new NativeLoadException("Arrow is missing from the class path: " + e.getMessage(), e);
    }
    Module arrow = memoryUtil.getModule();
    if (!Object.class.getModule().isOpen("java.nio", arrow)) {
      NativeMethods.openJavaNio(memoryUtil);
    }
    if (!Object.class.getModule().isOpen("java.nio", arrow)) {
      throw new NativeLoadException(
          "this JVM refused to open java.nio to Arrow; start it with " + ADD_OPENS_FLAG);
    }
    try {
      Method directBuffer = memoryUtil.getMethod("directBuffer", long.class, int.class);
      directBuffer.invoke(null, 0L, 0);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new NativeLoadException(
          "Arrow cannot wrap native memory (" + cause + "); Arrow was probably initialised before"
              + " the driver loaded. Start the JVM with " + ADD_OPENS_FLAG, cause);
    }
  }

  /** A failure to load or prepare the engine library, with what fixes it. */
  public static final class NativeLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NativeLoadException(String message) {
      super(message);
    }

    NativeLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
