package io.ffq.jdbc;

import io.ffq.jdbc.engine.SqlErrors;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;

/**
 * The driver's own failures (the subclass per SQLState class is {@link SqlErrors}'s); a
 * cancel caused by a query timeout becomes a SQLTimeoutException.
 */
final class FfqErrors {
  static final String CANCELLED = "57014";

  private FfqErrors() {}

  /** A failed execution: a cancel caused by a query timeout becomes SQLTimeoutException. */
  static SQLException ofExecution(SQLException e, boolean timedOut, int timeoutSeconds) {
    if (timedOut && CANCELLED.equals(e.getSQLState())) {
      SQLTimeoutException t = new SQLTimeoutException(
          "query timed out after " + timeoutSeconds + " s and was cancelled", CANCELLED, e.getErrorCode());
      t.initCause(e);
      return t;
    }
    return e;
  }

  static SQLException closed(String what) {
    return new SQLNonTransientConnectionException(what + " is closed", "08003");
  }
}
