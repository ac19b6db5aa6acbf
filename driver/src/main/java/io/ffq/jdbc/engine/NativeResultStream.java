package io.ffq.jdbc.engine;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.CDataDictionaryProvider;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of one native execution. Batches are fetched with one native call each and
 * imported into the root zero-copy. The lifetime rules of {@link ResultStream} rest on
 * {@link NativeHandle}: fetching holds its read lock, so {@link #close()} (cancel, then the
 * write lock) frees the native execution only after a fetch in flight has returned, and the
 * root only after that.
 */
final class NativeResultStream extends ResultStream {
  private final NativeHandle handle;
  private final BufferAllocator allocator;
  private final CDataDictionaryProvider dictionaries = new CDataDictionaryProvider();
  /** Serialises fetches (a result is read by one thread; this keeps misuse safe too). */
  private final ReentrantLock fetch = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  NativeResultStream(long execution, BufferAllocator allocator) {
    super(allocator);
    this.handle = new NativeHandle(execution, "result stream", "HY010");
    this.allocator = allocator;
  }

  @Override
  protected Schema readSchema() throws IOException {
    try (ArrowSchema c = ArrowSchema.allocateNew(allocator)) {
      handle.call(h -> {
        NativeMethods.executionSchema(h, c.memoryAddress());
        return null;
      });
      return Data.importSchema(allocator, c, dictionaries);
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public boolean next() throws SQLException {
    fetch.lock();
    try {
      VectorSchemaRoot root = root();
      return handle.call(h -> {
        try (ArrowArray array = ArrowArray.allocateNew(allocator)) {
          if (!NativeMethods.executionNext(h, array.memoryAddress())) {
            return false;
          }
          Data.importIntoVectorSchemaRoot(allocator, array, root, dictionaries);
          return true;
        }
      });
    } catch (RuntimeException e) {
      throw SqlErrors.internal("cannot read the result: " + e, e);
    } finally {
      fetch.unlock();
    }
  }

  /** The root, created from the engine's schema on first use (the schema's failure as is). */
  private VectorSchemaRoot root() throws SQLException {
    try {
      return getVectorSchemaRoot();
    } catch (IOException e) {
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw SqlErrors.internal("cannot read the result's schema: " + e.getMessage(), e);
    }
  }

  @Override
  public void cancel() {
    handle.tryCall(NativeMethods::executionCancel);
  }

  /**
   * Safe from any thread and idempotent: cancels, waits for a fetch in flight, frees. A
   * concurrent second caller returns only once everything is released.
   */
  @Override
  public void close() throws IOException {
    synchronized (closed) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      cancel();
      handle.free(NativeMethods::executionFree);
      fetch.lock();
      try {
        super.close();
      } finally {
        fetch.unlock();
      }
    }
  }

  @Override
  protected void closeReadSource() {
    dictionaries.close();
  }
}
