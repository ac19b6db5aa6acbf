package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * One native handle and the lock that keeps it alive: calls hold the read lock, the free
 * holds the write lock, so a handle is never freed under a call and is freed exactly once.
 * A cancel takes the read lock without waiting: it goes through while a close waits for a
 * call in flight, and does nothing once the handle is gone.
 */
final class NativeHandle {
  /** A call on the live handle. */
  interface Call<T> {
    T run(long handle);
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String what;
  private final String closedState;
  private long handle;

  NativeHandle(long handle, String what, String closedState) {
    this.handle = handle;
    this.what = what;
    this.closedState = closedState;
  }

  /** Runs {@code call} on the live handle; a native failure becomes its SQLException. */
  <T> T call(Call<T> call) throws SQLException {
    lock.readLock().lock();
    try {
      if (handle == 0) {
        throw SqlErrors.of(closedState, what + " is closed", EngineStatus.INVALID_CONFIG.code(), null);
      }
      return call.run(handle);
    } catch (NativeException e) {
      throw e.toSql();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code call} unless the handle is closed or being closed; never waits. */
  void tryCall(LongConsumer call) {
    if (!lock.readLock().tryLock()) {
      return;
    }
    try {
      if (handle != 0) {
        call.accept(handle);
      }
    } catch (RuntimeException ignored) {
      // cancel is best effort and reports nothing
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Frees the handle once, after every call in flight has returned. */
  void free(LongConsumer free) {
    lock.writeLock().lock();
    try {
      if (handle != 0) {
        long h = handle;
        handle = 0;
        free.accept(h);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  boolean isClosed() {
    lock.readLock().lock();
    try {
      return handle == 0;
    } finally {
      lock.readLock().unlock();
    }
  }
}
