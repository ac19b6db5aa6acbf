package io.ffq.jdbc.engine;

/**
 * The engine's status codes, as {@code FfqStatusCode} in the C header
 * {@code native/include/ffq_ffi.h} (the source of truth; a test checks this enum against it).
 * An {@link java.sql.SQLException}'s vendor code is the status's {@link #code()}.
 */
public enum EngineStatus {
  OK(0),
  INVALID_CONFIG(1),
  PLANNING(2),
  EXECUTION(3),
  IO(4),
  UNSUPPORTED(5),
  INTERNAL(6);

  private final int code;

  EngineStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The status with this code; INTERNAL for a code this driver does not know. */
  public static EngineStatus of(int code) {
    for (EngineStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return INTERNAL;
  }
}
