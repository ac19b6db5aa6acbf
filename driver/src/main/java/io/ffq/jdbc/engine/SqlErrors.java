package io.ffq.jdbc.engine;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;

/** SQLStates to SQLExceptions: the subclass follows the SQLState's class. */
public final class SqlErrors {
  private SqlErrors() {}

  /** An exception of the subclass that {@code state}'s class calls for. */
  public static SQLException of(String state, String message, int vendor, Throwable cause) {
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

  /** A failure of the engine itself (not of the SQL it was given). */
  static SQLException internal(String message, Throwable cause) {
    return of("XX000", message, EngineStatus.INTERNAL.code(), cause);
  }
}
