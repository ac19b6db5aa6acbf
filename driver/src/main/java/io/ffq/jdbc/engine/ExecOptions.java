package io.ffq.jdbc.engine;

/**
 * Per-execution settings.
 *
 * @param batchSize rows per batch (a hint), or 0 for the engine's setting
 * @param maxRows a limit pushed into a query's plan, or 0 for none
 * @param readOnly refuse any plan that writes (SQLState 25006), however it is wrapped
 */
public record ExecOptions(int batchSize, long maxRows, boolean readOnly) {
  public static final ExecOptions DEFAULT = new ExecOptions(0, 0, false);
}
