package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Engines shared by name: every connection to {@code jdbc:ffq:mem:NAME} (or to the same
 * catalog file) in this JVM gets the same engine, freed when the last one releases it.
 */
public final class EngineRegistry {
  private static final Map<String, Shared> SHARED = new HashMap<>();

  private EngineRegistry() {}

  /** A reference to an engine; {@link #close()} releases it once. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final Engine engine;
    private boolean closed;

    private Lease(String key, Engine engine) {
      this.key = key;
      this.engine = engine;
    }

    public Engine engine() {
      return engine;
    }

    @Override
    public void close() {
      synchronized (SHARED) {
        if (closed) {
          return;
        }
        closed = true;
        if (key == null) {
          engine.close();
          return;
        }
        Shared s = SHARED.get(key);
        if (s != null && s.engine == engine && --s.refs == 0) {
          SHARED.remove(key);
          engine.close();
        }
      }
    }
  }

  private static final class Shared {
    final Engine engine;
    final String config;
    int refs;

    Shared(Engine engine, String config) {
      this.engine = engine;
      this.config = config;
    }
  }

  /** A private engine that no one else sees. */
  public static Lease openPrivate(String configJson) throws SQLException {
    return new Lease(null, NativeEngine.open(configJson));
  }

  /**
   * The engine shared under {@code key}, started with {@code configJson} if it is the first.
   * A later caller asking for other settings gets an error rather than silently different ones.
   */
  public static Lease openShared(String key, String configJson) throws SQLException {
    synchronized (SHARED) {
      Shared s = SHARED.get(key);
      if (s == null) {
        s = new Shared(NativeEngine.open(configJson), configJson);
        SHARED.put(key, s);
      } else if (!s.config.equals(configJson)) {
        throw SqlErrors.of("08001", "engine '" + key + "' is already open in this JVM with other settings; "
            + "connect with the same settings or another name", EngineStatus.INVALID_CONFIG.code(), null);
      }
      s.refs++;
      return new Lease(key, s.engine);
    }
  }

  /** Result streams the embedded engine exported and has not yet released, process-wide. */
  public static long liveNativeStreams() {
    return NativeEngine.liveStreamCount();
  }
}
