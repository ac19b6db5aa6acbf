package io.ffq.jdbc;

import io.ffq.jdbc.engine.SqlErrors;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;

/**
 * The driver's own failures: the subclass follows the SQLState's class (see
 * {@link SqlErrors}); a cancel caused by a query timeout becomes a SQLTimeoutException.
 */
final class FfqErrors {
  static final String CANCELLED = "57014";

  private FfqErrors() {}

  static SQLException of(String state, String message, int vendor, Throwable cause) {
    return SqlErrors.of(state, message, vendor, cause);
  }

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
