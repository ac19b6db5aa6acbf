package io.ffq.jdbc.engine;

/** The outcome of {@link PreparedQuery#execute}: a stream of rows, or an update count. */
public final class Execution {
  private final ResultStream rows;
  private final long updateCount;

  private Execution(ResultStream rows, long updateCount) {
    this.rows = rows;
    this.updateCount = updateCount;
  }

  public static Execution rows(ResultStream rows) {
    return new Execution(rows, -1);
  }

  public static Execution count(long updateCount) {
    return new Execution(null, updateCount);
  }

  /** The rows (owned by the caller, who closes them), or null for an update. */
  public ResultStream rows() {
    return rows;
  }

  /** The update count, or -1 for rows. */
  public long updateCount() {
    return updateCount;
  }
}
