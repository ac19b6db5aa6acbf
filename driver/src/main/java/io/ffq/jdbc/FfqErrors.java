package io.ffq.jdbc;

import io.ffq.jdbc.engine.NativeException;
import io.ffq.jdbc.engine.NativeEngine;
import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

/**
 * Engine failures to SQLExceptions: the subclass follows the SQLState's class, the engine's
 * status is the vendor code, the message is the engine's.
 */
final class FfqErrors {
  static final String CANCELLED = "57014";

  private FfqErrors() {}

  static SQLException of(NativeException e) {
    return of(e.sqlState(), e.getMessage(), e.status(), e);
  }

  static SQLException of(String state, String message, int vendor, Throwable cause) {
    String cls = state == null || state.length() < 2 ? "HY" : state.substring(0, 2);
    SQLException ex;
    switch (cls) {
      case "42":
        ex = new SQLSyntaxErrorException(message, state, vendor);
        break;
      case "0A":
        ex = new SQLFeatureNotSupportedException(message, state, vendor);
        break;
      case "22":
        ex = new SQLDataException(message, state, vendor);
        break;
      case "23":
        ex = new SQLIntegrityConstraintViolationException(message, state, vendor);
        break;
      case "28":
        ex = new SQLInvalidAuthorizationSpecException(message, state, vendor);
        break;
      case "08":
        ex = new SQLNonTransientConnectionException(message, state, vendor);
        break;
      case "53":
        ex = new SQLTransientException(message, state, vendor);
        break;
      default:
        ex = new SQLException(message, state, vendor);
    }
    if (cause != null) {
      ex.initCause(cause);
    }
    return ex;
  }

  /** A failed execution: a cancel caused by a query timeout becomes SQLTimeoutException. */
  static SQLException ofExecution(NativeException e, boolean timedOut, int timeoutSeconds) {
    if (timedOut && CANCELLED.equals(e.sqlState())) {
      SQLTimeoutException t = new SQLTimeoutException(
          "query timed out after " + timeoutSeconds + " s and was cancelled", CANCELLED, e.status());
      t.initCause(e);
      return t;
    }
    return of(e);
  }

  /** A failure of the result stream, read back with its status and SQLState. */
  static SQLException ofStream(IOException e, boolean timedOut, int timeoutSeconds) {
    NativeException ne = NativeEngine.takeLastError();
    if (ne != null) {
      return ofExecution(ne, timedOut, timeoutSeconds);
    }
    return new SQLException("reading the result failed: " + e.getMessage(), "58030", 0, e);
  }

  static SQLException closed(String what) {
    return new SQLNonTransientConnectionException(what + " is closed", "08003");
  }
}
