package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** A statement planned by the embedded engine; see {@link PreparedQuery} for the threading rules. */
final class NativePreparedQuery implements PreparedQuery {
  private static final Kind[] KINDS = Kind.values();

  private final NativeHandle handle;
  private final Kind kind;
  private final int paramCount;
  /** Told before and after each execution that may change the catalog (every kind but QUERY). */
  private final Runnable catalogChange;

  private NativePreparedQuery(NativeHandle handle, Kind kind, int paramCount, Runnable catalogChange) {
    this.handle = handle;
    this.kind = kind;
    this.paramCount = paramCount;
    this.catalogChange = catalogChange;
  }

  /** Takes ownership of a statement handle (freed here if it cannot be described). */
  static NativePreparedQuery wrap(long h, Runnable catalogChange) throws SQLException {
    NativeHandle handle = new NativeHandle(h, "statement", "HY010");
    try {
      int kind = handle.call(NativeMethods::statementKind);
      int params = handle.call(NativeMethods::statementParamCount);
      if (kind < 0 || kind >= KINDS.length) {
        throw SqlErrors.internal("the engine reported an unknown statement kind " + kind, null);
      }
      return new NativePreparedQuery(handle, KINDS[kind], params, catalogChange);
    } catch (SQLException | RuntimeException e) {
      handle.free(NativeMethods::statementFree);
      throw e;
    }
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public int parameterCount() {
    return paramCount;
  }

  @Override
  public List<Field> parameterFields(BufferAllocator allocator) throws SQLException {
    return fields(allocator, false);
  }

  @Override
  public List<Field> resultFields(BufferAllocator allocator) throws SQLException {
    return fields(allocator, true);
  }

  private List<Field> fields(BufferAllocator allocator, boolean result) throws SQLException {
    try (ArrowSchema c = ArrowSchema.allocateNew(allocator)) {
      handle.call(h -> {
        NativeMethods.statementSchema(h, result, c.memoryAddress());
        return null;
      });
      return Data.importField(allocator, c, null).getChildren();
    } catch (RuntimeException e) {
      throw SqlErrors.internal("cannot read the engine's schema: " + e, e);
    }
  }

  @Override
  public void bind(StructVector row, BufferAllocator allocator) throws SQLException {
    try (ArrowArray array = ArrowArray.allocateNew(allocator);
        ArrowSchema schema = ArrowSchema.allocateNew(allocator)) {
      Data.exportVector(allocator, row, null, array, schema);
      try {
        handle.call(h -> {
          NativeMethods.statementBind(h, array.memoryAddress(), schema.memoryAddress());
          return null;
        });
      } finally {
        array.release(); // a no-op when the engine took ownership
        schema.release();
      }
    }
  }

  @Override
  public void clearBindings() throws SQLException {
    handle.call(h -> {
      NativeMethods.statementClearBindings(h);
      return null;
    });
  }

  @Override
  public Execution execute(BufferAllocator allocator, ExecOptions options) throws SQLException {
    long[] count = new long[1];
    boolean changes = kind != Kind.QUERY;
    if (changes) {
      catalogChange.run();
    }
    long exec;
    try {
      exec = handle.call(h -> NativeMethods.statementExecute(
          h, options.batchSize(), options.maxRows(), options.readOnly(), count));
    } finally {
      if (changes) {
        catalogChange.run();
      }
    }
    if (exec == 0) {
      return Execution.count(count[0]);
    }
    return Execution.rows(new NativeResultStream(exec, allocator));
  }

  @Override
  public void cancel() {
    handle.tryCall(NativeMethods::statementCancel);
  }

  @Override
  public void close() {
    handle.free(NativeMethods::statementFree);
  }
}
