package io.ffq.jdbc.engine;

import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A running query's rows: each {@link #next()} loads a batch into {@link #vectors()},
 * replacing the previous one, and reports failures as the engine's {@link SQLException}.
 *
 * <p>The stream describes its columns as {@link Field}s and keeps them in plain vectors, not
 * in Arrow's {@code Schema} and {@code VectorSchemaRoot}: {@code Schema}'s class initialiser
 * builds a JSON mapper (about 200 ms of CPU in a fresh JVM), which a JDBC read does not need.
 * {@link #asArrowReader} gives the same batches to Arrow's API, zero-copy.
 *
 * <p>Threads: {@link #cancel()} and {@link #close()} may be called from any thread, also
 * while another thread is inside {@link #next()}. Close cancels first, then waits for the
 * call in flight to return before it frees anything, so no batch or native stream is ever
 * released under a reader; the reader then gets the cancel (57014) or, on its next call,
 * SQLState HY010.
 */
public abstract class ResultStream implements AutoCloseable {
  /** The result's columns. */
  public abstract List<Field> fields() throws SQLException;

  /** One vector per column, holding the batch the last {@link #next()} loaded. */
  public abstract List<FieldVector> vectors() throws SQLException;

  /** The rows of the batch the last {@link #next()} loaded. */
  public abstract int rowCount();

  /** Loads the next batch; false at the end of the rows. */
  public abstract boolean next() throws SQLException;

  /** Stops the query from any thread; the pending or next {@link #next()} fails with 57014. */
  public abstract void cancel();

  /** Frees the stream and its last batch; idempotent, from any thread. */
  @Override
  public abstract void close();

  /**
   * The rest of this stream as an {@link ArrowReader}: each batch moves (zero-copy) from the
   * stream's vectors into the reader's root. Closing the reader closes the stream.
   */
  public ArrowReader asArrowReader(BufferAllocator allocator) {
    return new StreamReader(this, allocator);
  }
}
