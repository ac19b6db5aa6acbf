package io.ffq.jdbc.accessor;

import io.ffq.jdbc.engine.ResultStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.util.ArrayImpl;
import org.apache.calcite.avatica.util.Cursor;

/**
 * A forward-only cursor over the batches of an engine result stream. Holds one batch at a
 * time: loading the next releases the previous one, and the stream is released as soon as it
 * ends. Accessors read the current row straight from the vectors; nothing is copied per row.
 * {@link #close()} may come from another thread while {@link #next()} runs: the stream then
 * cancels, waits for the fetch in flight and frees (see {@link ResultStream}).
 */
public final class ArrowCursor implements Cursor {
  /** Maps a failure of the engine's stream to the right SQLException (timeouts). */
  public interface FailureMapper {
    SQLException map(SQLException e);
  }

  private final ResultStream reader;
  private final List<FieldVector> vectors;
  private final FailureMapper failures;
  private final Runnable onEnd;
  /** The current row within the batch; read by the accessors (a close moves it off the batch;
   * a read racing a close from another thread is caught by {@link #readFailed}). */
  int row = -1;
  /** Counts the batches loaded, so accessors can keep what they learn about a batch. */
  int batch;
  /** Whether the last value read was SQL NULL; written by the accessors. */
  boolean wasNull;
  /** The result set's calendar, given when the accessors are made (see DateAccessor). */
  Calendar localCalendar;
  private int rowCount;
  private boolean done;
  private boolean handedOver;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ArrowCursor(ResultStream reader, FailureMapper failures, Runnable onEnd) throws SQLException {
    this.reader = reader;
    this.vectors = reader.vectors();
    this.failures = failures;
    this.onEnd = onEnd;
  }

  @Override
  public List<Accessor> createAccessors(
      List<ColumnMetaData> types, Calendar localCalendar, ArrayImpl.Factory factory) {
    this.localCalendar = localCalendar;
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
      while (reader.next()) {
        rowCount = reader.rowCount();
        batch++;
        if (rowCount > 0) {
          row = 0;
          return true;
        }
      }
    } catch (SQLException e) {
      finish();
      throw failures.map(e);
    }
    finish();
    return false;
  }

  /**
   * Hands the rest of the stream over (zero-copy) and ends the cursor without releasing it;
   * possible before the first row and at the end of a batch, not in the middle of one.
   */
  public ResultStream handOver() throws SQLException {
    if (closed.get() || done) {
      throw new SQLException("the result has no more batches to hand over", "24000");
    }
    if (row >= 0 && row < rowCount - 1) {
      throw new SQLException("the current batch has unread rows; hand the result over before next() "
          + "or after the last row of a batch", "24000");
    }
    handedOver = true;
    finish();
    return reader;
  }

  /** Ends the stream early: releases the last batch and the engine's stream. */
  private void finish() {
    done = true;
    row = -1;
    rowCount = 0;
    close();
  }

  /** Cancels the stream's query from any thread. */
  public void cancel() {
    reader.cancel();
  }

  /**
   * Idempotent and safe from any thread; a second caller returns only once the first has
   * released everything (a statement closes its memory right after).
   */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    row = -1;
    try {
      if (!handedOver) {
        reader.close();
      }
    } catch (RuntimeException e) {
      // releasing cannot fail in a way the caller could act on
    } finally {
      onEnd.run();
    }
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  /**
   * A read that failed with a runtime exception: the batch was released under it by a close
   * from another thread (HY010), or the value cannot be read (XX000).
   */
  SQLException readFailed(String column, RuntimeException e) {
    SQLException x = closed.get()
        ? new SQLException("the result set was closed while column '" + column + "' was read", "HY010")
        : new SQLException("column '" + column + "' cannot be read: " + e, "XX000");
    x.initCause(e);
    return x;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Whether the cursor is on a row (accessors refuse to read otherwise). */
  boolean onRow() {
    return row >= 0 && row < rowCount;
  }
}
