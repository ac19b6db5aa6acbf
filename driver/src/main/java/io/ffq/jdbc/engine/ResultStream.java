package io.ffq.jdbc.engine;

import java.io.IOException;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A running query's rows as an {@link ArrowReader}: each batch is loaded into
 * {@link #getVectorSchemaRoot()}, replacing the previous one. {@link #next()} reports
 * failures as the engine's {@link SQLException}; {@link #loadNextBatch()} (the ArrowReader
 * contract) wraps the same exception in an {@link IOException}.
 *
 * <p>Threads: {@link #cancel()} and {@link #close()} may be called from any thread, also
 * while another thread is inside {@link #next()}. Close cancels first, then waits for the
 * call in flight to return before it frees anything, so no batch or native stream is ever
 * released under a reader; the reader then gets the cancel (57014) or, on its next call,
 * SQLState HY010.
 */
public abstract class ResultStream extends ArrowReader {
  protected ResultStream(BufferAllocator allocator) {
    super(allocator);
  }

  /** Loads the next batch; false at the end of the rows. */
  public abstract boolean next() throws SQLException;

  /** Stops the query from any thread; the pending or next {@link #next()} fails with 57014. */
  public abstract void cancel();

  @Override
  public boolean loadNextBatch() throws IOException {
    try {
      return next();
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }
}
