package io.ffq.jdbc.accessor;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.util.ArrayImpl;
import org.apache.calcite.avatica.util.Cursor;

/**
 * A forward-only cursor over the batches of an Arrow stream. Holds one batch at a time:
 * loading the next releases the previous one, and the stream is released as soon as it ends.
 * Accessors read the current row straight from the vectors; nothing is copied per row.
 */
public final class ArrowCursor implements Cursor {
  /** Maps a failure of the engine's stream to the right SQLException. */
  public interface FailureMapper {
    SQLException map(IOException e);
  }

  private final ArrowReader reader;
  private final VectorSchemaRoot root;
  private final FailureMapper failures;
  private final Runnable onEnd;
  /** The current row within the batch; read by the accessors. */
  int row = -1;
  /** Whether the last value read was SQL NULL; written by the accessors. */
  boolean wasNull;
  private int rowCount;
  private boolean done;
  private boolean closed;

  public ArrowCursor(ArrowReader reader, FailureMapper failures, Runnable onEnd) throws IOException {
    this.reader = reader;
    this.root = reader.getVectorSchemaRoot();
    this.failures = failures;
    this.onEnd = onEnd;
  }

  @Override
  public List<Accessor> createAccessors(
      List<ColumnMetaData> types, Calendar localCalendar, ArrayImpl.Factory factory) {
    List<FieldVector> vectors = root.getFieldVectors();
    List<Accessor> accessors = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      String label = i < types.size() ? types.get(i).label : vectors.get(i).getName();
      accessors.add(Accessors.create(vectors.get(i), label, this));
    }
    return accessors;
  }

  @Override
  public boolean next() throws SQLException {
    if (done) {
      return false;
    }
    if (++row < rowCount) {
      return true;
    }
    try {
      while (reader.loadNextBatch()) {
        rowCount = root.getRowCount();
        if (rowCount > 0) {
          row = 0;
          return true;
        }
      }
    } catch (IOException e) {
      finish();
      throw failures.map(e);
    }
    finish();
    return false;
  }

  /** Ends the stream early: releases the last batch and the engine's stream. */
  private void finish() {
    done = true;
    row = -1;
    rowCount = 0;
    close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // releasing cannot fail in a way the caller could act on
    } finally {
      onEnd.run();
    }
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  /** Whether the cursor is on a row (accessors refuse to read otherwise). */
  boolean onRow() {
    return row >= 0 && row < rowCount;
  }
}
