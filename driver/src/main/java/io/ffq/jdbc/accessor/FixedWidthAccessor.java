package io.ffq.jdbc.accessor;

import java.sql.SQLException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;

/**
 * Accessors that read fixed-width values straight from the current batch's value buffer
 * (BIGINT, DOUBLE): the batch's buffer and whether it has NULLs are looked up once per batch.
 */
abstract class FixedWidthAccessor extends FfqAccessor {
  /** The batch that {@link #values} and {@link #noNulls} describe (see {@link #isNullIn}). */
  private int batch = -1;
  /** The current batch's value buffer, for accessors that read fixed-width values directly. */
  protected ArrowBuf values;
  private boolean noNulls;

  FixedWidthAccessor(ArrowCursor cursor, String column, String sqlType) {
    super(cursor, column, sqlType);
  }

  /**
   * Like {@link #isNull}, for a fixed-width vector whose values the accessor then reads from
   * {@link #values} (the vectors' own getters read the validity bit a second time). A batch
   * without NULLs skips the validity bits. ArrowBuf still checks bounds and that the buffer
   * is live: a batch released by a close from another thread fails the read.
   */
  protected final boolean isNullIn(BaseFixedWidthVector v) throws SQLException {
    checkOnRow();
    if (batch != cursor.batch) {
      values = v.getDataBuffer();
      noNulls = v.getNullCount() == 0;
      batch = cursor.batch;
    }
    boolean n = !noNulls && v.isNull(cursor.row);
    cursor.wasNull = n;
    return n;
  }
}
