package io.ffq.jdbc.engine;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One embedded engine. Owns a native handle, freed once by {@link #close()}, which waits
 * for calls in flight. Safe to use from many threads; statements made from it remain
 * usable after it closes (they share the engine's session).
 */
public final class NativeEngine implements AutoCloseable {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long handle;

  private NativeEngine(long handle) {
    this.handle = handle;
  }

  /** Starts an engine from a JSON object of config keys and string values. */
  public static NativeEngine open(String configJson) {
    NativeLoader.ensureLoaded();
    return new NativeEngine(NativeMethods.engineNew(Objects.requireNonNull(configJson)));
  }

  private long live() {
    if (handle == 0) {
      throw new NativeException(6, "engine is closed", "08003");
    }
    return handle;
  }

  public void registerTable(String tableJson) {
    lock.readLock().lock();
    try {
      NativeMethods.engineRegisterTable(live(), tableJson);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Registers a catalog file's tables; returns how many. */
  public int registerCatalog(String path) {
    lock.readLock().lock();
    try {
      return NativeMethods.engineRegisterCatalog(live(), path);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Plans {@code sql}; the caller owns the statement. */
  public NativeStatement prepare(String sql) {
    lock.readLock().lock();
    try {
      return new NativeStatement(NativeMethods.statementPrepare(live(), sql));
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return handle == 0;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (handle != 0) {
        NativeMethods.engineFree(handle);
        handle = 0;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Result streams exported by the engine and not yet released, process-wide. */
  public static long liveStreamCount() {
    NativeLoader.ensureLoaded();
    return NativeMethods.liveStreamCount();
  }

  /** Writes TPC-H tables at {@code scaleFactor} as Parquet plus {@code catalog.json} into {@code dir}. */
  public static void generateTpch(double scaleFactor, String dir) {
    NativeLoader.ensureLoaded();
    NativeMethods.tpchGenerate(scaleFactor, dir);
  }

  /** The calling thread's last stream failure (taken), or null. */
  public static NativeException takeLastError() {
    return NativeMethods.takeLastError();
  }
}
