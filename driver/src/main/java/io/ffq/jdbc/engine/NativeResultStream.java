package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.CDataDictionaryProvider;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The rows of one native execution. Batches are fetched with one native call each and
 * imported into the batch's vectors zero-copy. The lifetime rules of {@link ResultStream} rest on
 * {@link NativeHandle}: fetching holds its read lock, so {@link #close()} (cancel, then the
 * write lock) frees the native execution only after a fetch in flight has returned, and the
 * batch only after that.
 */
final class NativeResultStream extends ResultStream {
  private final NativeHandle handle;
  private final BufferAllocator allocator;
  private final CDataDictionaryProvider dictionaries = new CDataDictionaryProvider();
  /** Serialises fetches (a result is read by one thread; this keeps misuse safe too). */
  private final ReentrantLock fetch = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The columns, read from the engine on first use. */
  private List<Field> fields;
  /** The current batch: the engine exports each as a struct array of the columns. */
  private StructVector batch;
  private int rowCount;

  NativeResultStream(long execution, BufferAllocator allocator) {
    this.handle = new NativeHandle(execution, "result stream", "HY010");
    this.allocator = allocator;
  }

  @Override
  public List<Field> fields() throws SQLException {
    fetch.lock();
    try {
      return columns();
    } finally {
      fetch.unlock();
    }
  }

  /** Reads the columns on first use and makes the batch's vectors; under the fetch lock. */
  private List<Field> columns() throws SQLException {
    if (fields == null) {
      try (ArrowSchema c = ArrowSchema.allocateNew(allocator)) {
        handle.call(h -> {
          NativeMethods.executionSchema(h, c.memoryAddress());
          return null;
        });
        Field struct = Data.importField(allocator, c, dictionaries);
        StructVector vectors = StructVector.emptyWithDuplicates("", allocator);
        vectors.initializeChildrenFromFields(struct.getChildren());
        batch = vectors;
        fields = struct.getChildren();
      } catch (RuntimeException e) {
        throw SqlErrors.internal("cannot read the result's schema: " + e, e);
      }
    }
    return fields;
  }

  @Override
  public List<FieldVector> vectors() throws SQLException {
    fetch.lock();
    try {
      columns();
      return batch.getChildrenFromFields();
    } finally {
      fetch.unlock();
    }
  }

  @Override
  public int rowCount() {
    return rowCount;
  }

  @Override
  public boolean next() throws SQLException {
    fetch.lock();
    try {
      columns();
      StructVector into = batch;
      return handle.call(h -> {
        try (ArrowArray array = ArrowArray.allocateNew(allocator)) {
          if (!NativeMethods.executionNext(h, array.memoryAddress())) {
            return false;
          }
          // replaces (and releases) the previous batch's buffers
          Data.importIntoVector(allocator, array, into, dictionaries);
          rowCount = into.getValueCount();
          return true;
        }
      });
    } catch (RuntimeException e) {
      throw SqlErrors.internal("cannot read the result: " + e, e);
    } finally {
      fetch.unlock();
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
  public void close() {
    synchronized (closed) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      cancel();
      handle.free(NativeMethods::executionFree);
      fetch.lock();
      try {
        if (batch != null) {
          batch.close();
        }
        dictionaries.close();
      } finally {
        fetch.unlock();
      }
    }
  }
}
