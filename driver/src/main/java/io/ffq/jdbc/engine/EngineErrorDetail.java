package io.ffq.jdbc.engine;

/**
 * The engine's full report of a failure (for example which optimizer rule failed, or the
 * parser's own wording), where it says more than the {@link java.sql.SQLException}'s message.
 * Found as that exception's cause; it carries no stack trace of its own.
 */
public final class EngineErrorDetail extends Exception {
  private static final long serialVersionUID = 1L;

  EngineErrorDetail(String detail) {
    super(detail, null, false, false);
  }
}
