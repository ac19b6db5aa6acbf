package io.ffq.jdbc.engine;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link ResultStream} through Arrow's reader API: {@link #loadNextBatch()} loads the
 * stream's next batch and transfers its buffers into the root's vectors (no copy). Failures
 * are the stream's SQLException wrapped in an IOException, as the ArrowReader contract has it.
 */
final class StreamReader extends ArrowReader {
  private final ResultStream stream;

  StreamReader(ResultStream stream, BufferAllocator allocator) {
    super(allocator);
    this.stream = stream;
  }

  @Override
  protected Schema readSchema() throws IOException {
    try {
      return new Schema(stream.fields());
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    try {
      if (!stream.next()) {
        return false;
      }
      List<FieldVector> from = stream.vectors();
      for (int i = 0; i < from.size(); i++) {
        from.get(i).makeTransferPair(root.getVector(i)).transfer();
      }
      root.setRowCount(stream.rowCount());
      return true;
    } catch (SQLException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    stream.close();
  }
}
