package io.ffq.jdbc.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A planned statement. Owns a native handle: {@link #close()} frees it once, after any
 * execution in flight returns; {@link #cancel()} may be called from any thread at any time,
 * including concurrently with close (then it is a no-op). Result streams are independent of
 * the handle and outlive it.
 */
public final class NativeStatement implements AutoCloseable {
  /** What executing produces. */
  public enum Kind { QUERY, UPDATE, DDL }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long handle;
  private final Kind kind;
  private final int paramCount;

  NativeStatement(long handle) {
    this.handle = handle;
    try {
      this.kind = Kind.values()[NativeMethods.statementKind(handle)];
      this.paramCount = NativeMethods.statementParamCount(handle);
    } catch (RuntimeException e) {
      NativeMethods.statementFree(handle);
      throw e;
    }
  }

  public Kind kind() {
    return kind;
  }

  public int paramCount() {
    return paramCount;
  }

  private long live() {
    if (handle == 0) {
      throw new NativeException(6, "statement is closed", "HY010");
    }
    return handle;
  }

  /** The parameters' types ({@code $1}, {@code $2}, ...; Null type where unknown). */
  public Schema parameterSchema(BufferAllocator allocator) {
    return schema(allocator, 0);
  }

  /** The result's columns, known before execution. */
  public Schema resultSchema(BufferAllocator allocator) {
    return schema(allocator, 1);
  }

  private Schema schema(BufferAllocator allocator, int which) {
    lock.readLock().lock();
    try (ArrowSchema c = ArrowSchema.allocateNew(allocator)) {
      NativeMethods.statementSchema(live(), which, c.memoryAddress());
      return Data.importSchema(allocator, c, null);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Binds the first row of {@code row} as the parameter values (one column per parameter). */
  public void bind(VectorSchemaRoot row, BufferAllocator allocator) {
    lock.readLock().lock();
    try (ArrowArray array = ArrowArray.allocateNew(allocator);
        ArrowSchema schema = ArrowSchema.allocateNew(allocator)) {
      Data.exportVectorSchemaRoot(allocator, row, null, array, schema);
      try {
        NativeMethods.statementBind(live(), array.memoryAddress(), schema.memoryAddress());
      } finally {
        array.release(); // a no-op when the engine took ownership
        schema.release();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  public void clearBindings() {
    lock.readLock().lock();
    try {
      NativeMethods.statementClearBindings(live());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Executes. Rows come back as a reader over the engine's C stream (the caller owns and
   * closes it); anything else as an update count.
   *
   * @param batchSize rows per batch, or 0 for the engine's setting
   * @param maxRows a limit pushed into a query's plan, or 0 for none
   */
  public Execution execute(BufferAllocator allocator, int batchSize, long maxRows, boolean readOnly) {
    lock.readLock().lock();
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      long r = NativeMethods.statementExecute(live(), stream.memoryAddress(), batchSize, maxRows, readOnly);
      if (r == -1) {
        return new Execution(Data.importArrayStream(allocator, stream), -1);
      }
      return new Execution(null, r);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stops the running execution, if any; its stream then fails with SQLState 57014. */
  public void cancel() {
    if (!lock.readLock().tryLock()) {
      return; // closing: nothing left to cancel
    }
    try {
      if (handle != 0) {
        NativeMethods.statementCancel(handle);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Frees the handle once any execution in flight returns (call {@link #cancel()} first to
   * make that prompt). Streams already returned stay valid: they end when they are closed.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (handle != 0) {
        NativeMethods.statementFree(handle);
        handle = 0;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The outcome of {@link #execute}: a reader for rows, or an update count. */
  public static final class Execution {
    private final ArrowReader reader;
    private final long updateCount;

    Execution(ArrowReader reader, long updateCount) {
      this.reader = reader;
      this.updateCount = updateCount;
    }

    /** The rows, or null for an update. */
    public ArrowReader reader() {
      return reader;
    }

    /** The update count, or -1 for rows. */
    public long updateCount() {
      return updateCount;
    }
  }
}
