package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** The embedded engine: a native handle freed once by {@link #close()}. */
final class NativeEngine implements Engine {
  private final NativeHandle handle;
  private final AtomicLong catalogVersion = new AtomicLong();

  private NativeEngine(long handle) {
    this.handle = new NativeHandle(handle, "engine", "08003");
  }

  /** Starts an engine from a JSON object of config keys and string values. */
  static NativeEngine open(String configJson) throws SQLException {
    NativeLoader.ensureLoaded();
    try {
      return new NativeEngine(NativeMethods.engineNew(Objects.requireNonNull(configJson)));
    } catch (NativeException e) {
      throw e.toSql();
    }
  }

  @Override
  public void registerTable(String tableJson) throws SQLException {
    try {
      handle.call(h -> {
        NativeMethods.engineRegisterTable(h, tableJson);
        return null;
      });
    } finally {
      catalogChanged();
    }
  }

  @Override
  public int registerCatalog(String path) throws SQLException {
    try {
      return handle.call(h -> NativeMethods.engineRegisterCatalog(h, path));
    } finally {
      catalogChanged();
    }
  }

  @Override
  public void registerArrow(String name, ArrowReader data, BufferAllocator allocator) throws SQLException {
    Objects.requireNonNull(data, "data");
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, data, stream);
      try {
        handle.call(h -> {
          NativeMethods.engineRegisterStream(h, name, stream.memoryAddress());
          return null;
        });
      } finally {
        stream.release(); // a no-op when the engine took the stream over (it closes the reader)
        catalogChanged();
      }
    } catch (RuntimeException e) {
      throw SqlErrors.internal("cannot export the Arrow data: " + e.getMessage(), e);
    }
  }

  @Override
  public PreparedQuery prepare(String sql) throws SQLException {
    long h = handle.call(e -> NativeMethods.statementPrepare(e, sql));
    return NativePreparedQuery.wrap(h, this::catalogChanged);
  }

  @Override
  public long catalogVersion() {
    return catalogVersion.get();
  }

  private void catalogChanged() {
    catalogVersion.incrementAndGet();
  }

  @Override
  public boolean isClosed() {
    return handle.isClosed();
  }

  @Override
  public void close() {
    handle.free(NativeMethods::engineFree);
  }

  static long liveStreamCount() {
    NativeLoader.ensureLoaded();
    return NativeMethods.liveStreamCount();
  }
}
