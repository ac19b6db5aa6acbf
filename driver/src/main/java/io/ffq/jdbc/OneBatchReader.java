package io.ffq.jdbc;

import io.ffq.jdbc.engine.ResultStream;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stream of one batch: the rows of a root (its buffers are shared, not copied). The root
 * is the caller's, or this stream's to close when {@code owned}: a result the driver built
 * itself (metadata) is a {@code OneBatchReader} that owns its rows.
 */
final class OneBatchReader extends ResultStream {
  private final VectorSchemaRoot data;
  private final boolean owned;
  private boolean read;

  OneBatchReader(VectorSchemaRoot data, BufferAllocator allocator) {
    this(data, allocator, false);
  }

  OneBatchReader(VectorSchemaRoot data, BufferAllocator allocator, boolean owned) {
    super(allocator);
    this.data = data;
    this.owned = owned;
  }

  @Override
  public boolean next() throws SQLException {
    if (read) {
      return false;
    }
    read = true;
    try {
      getVectorSchemaRoot(); // creates the loader on first use
    } catch (IOException e) {
      throw new SQLException("cannot read the rows: " + e.getMessage(), "XX000", e);
    }
    try (ArrowRecordBatch batch = new VectorUnloader(data).getRecordBatch()) {
      loadRecordBatch(batch);
    }
    return true;
  }

  /** Nothing runs: the rows are already here. */
  @Override
  public void cancel() {}

  @Override
  protected void closeReadSource() {
    if (owned) {
      data.close();
    }
  }

  @Override
  protected Schema readSchema() {
    return data.getSchema();
  }
}
