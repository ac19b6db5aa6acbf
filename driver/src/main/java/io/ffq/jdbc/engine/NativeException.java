package io.ffq.jdbc.engine;

/**
 * A failure reported by the engine: FFQ status code, SQLState and message.
 * Thrown from native code (the constructor's signature is bound there).
 */
public final class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String sqlState;

  public NativeException(int status, String message, String sqlState) {
    super(message);
    this.status = status;
    this.sqlState = sqlState;
  }

  /** FFQ status code: 1 INVALID_CONFIG, 2 PLANNING, 3 EXECUTION, 4 IO, 5 UNSUPPORTED, 6 INTERNAL. */
  public int status() {
    return status;
  }

  public String sqlState() {
    return sqlState;
  }

  /** The status's name as in the C ABI. */
  public String statusName() {
    switch (status) {
      case 0: return "OK";
      case 1: return "INVALID_CONFIG";
      case 2: return "PLANNING";
      case 3: return "EXECUTION";
      case 4: return "IO";
      case 5: return "UNSUPPORTED";
      case 6: return "INTERNAL";
      default: return "UNKNOWN";
    }
  }
}
