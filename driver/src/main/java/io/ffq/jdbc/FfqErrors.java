package io.ffq.jdbc;

import io.ffq.jdbc.engine.SqlErrors;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
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

  /** A closed connection (08003), named by the JDBC method the application called. */
  static SQLException closed(String what) {
    return new SQLNonTransientConnectionException(entryPoint() + ": " + what + " is closed", "08003");
  }

  /** A closed statement or result set (HY010), named by the JDBC method the application called. */
  static SQLException closedObject(String what) {
    return new SQLException(entryPoint() + ": " + what + " is closed", "HY010");
  }

  /** A JDBC method the driver does not support (0A000), with the reason. */
  static SQLFeatureNotSupportedException unsupported(String method, String why) {
    return new SQLFeatureNotSupportedException(method + ": " + why, "0A000");
  }

  /** JDBC {@code unwrap}: {@code self} as {@code iface}, or an error with a SQLState. */
  static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(self)) {
      return iface.cast(self);
    }
    throw new SQLException("unwrap: " + self.getClass().getSimpleName() + " does not implement "
        + (iface == null ? "null" : iface.getName()), "HY000");
  }

  /**
   * The driver method the application called: the outermost frame of the driver's (and its
   * Avatica base classes') on the current stack. Only used on error paths.
   */
  static String entryPoint() {
    return StackWalker.getInstance().walk(frames -> {
      String last = "call";
      for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
        String c = f.getClassName();
        if (c.startsWith("io.ffq.jdbc.") || c.startsWith("org.apache.calcite.avatica.")) {
          last = f.getMethodName();
        } else if (!c.startsWith("java.") && !c.startsWith("jdk.")) {
          break;
        }
      }
      return last;
    });
  }
}
