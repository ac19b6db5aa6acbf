package io.ffq.jdbc;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** An ArrowReader of one batch: the rows of a root the caller keeps (its buffers are shared, not copied). */
final class OneBatchReader extends ArrowReader {
  private final VectorSchemaRoot data;
  private boolean read;

  OneBatchReader(VectorSchemaRoot data, BufferAllocator allocator) {
    super(allocator);
    this.data = data;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (read) {
      return false;
    }
    read = true;
    try (ArrowRecordBatch batch = new VectorUnloader(data).getRecordBatch()) {
      loadRecordBatch(batch);
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // the root stays the caller's
  }

  @Override
  protected Schema readSchema() {
    return data.getSchema();
  }
}
