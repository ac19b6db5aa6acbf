package io.ffq.jdbc.engine;

import java.sql.SQLException;

/**
 * A failure thrown by the native library (its constructor is bound there): status code,
 * message and SQLState. Never leaves this package: {@link #toSql()} translates it, once, at
 * the engine seam.
 */
final class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String sqlState;
  private final String detail;

  NativeException(int status, String message, String sqlState, String detail) {
    super(message, null, false, false);
    this.status = status;
    this.sqlState = sqlState;
    this.detail = detail;
  }

  EngineStatus status() {
    return EngineStatus.of(status);
  }

  SQLException toSql() {
    return SqlErrors.of(sqlState, getMessage(), status,
        detail == null || detail.isEmpty() ? null : new EngineErrorDetail(detail));
  }
}
