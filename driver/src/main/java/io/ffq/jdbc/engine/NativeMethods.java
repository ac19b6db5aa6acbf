package io.ffq.jdbc.engine;

/**
 * The only class that declares {@code native} methods, a thin face over the engine's handle
 * layer (the same handles the C ABI hands out). Handles are {@code long}s owned by the
 * wrappers in this package, which free each exactly once with no call in flight. Failures
 * throw {@link NativeException}.
 */
final class NativeMethods {
  private NativeMethods() {}

  /** Opens {@code java.nio} to {@code anchor}'s module; false if the JVM refused. */
  static native boolean openJavaNio(Class<?> anchor);

  static native long engineNew(String configJson);

  static native void engineFree(long engine);

  static native void engineRegisterTable(long engine, String tableJson);

  static native int engineRegisterCatalog(long engine, String path);

  /** Reads the Arrow C stream at {@code streamAddress} (taking it over) into a table. */
  static native void engineRegisterStream(long engine, String name, long streamAddress);

  static native long statementPrepare(long engine, String sql);

  static native int statementKind(long statement);

  static native int statementParamCount(long statement);

  /** Exports the parameter or ({@code result}) the result schema into an ArrowSchema struct. */
  static native void statementSchema(long statement, boolean result, long outSchemaAddress);

  /** Binds a one-row struct array; takes ownership of the ArrowArray struct's contents. */
  static native void statementBind(long statement, long arrayAddress, long schemaAddress);

  static native void statementClearBindings(long statement);

  /** Returns an execution handle for rows, else 0 with the update count in {@code outCount[0]}. */
  static native long statementExecute(long statement, int batchSize, long maxRows, boolean readOnly,
      long[] outCount);

  static native void statementCancel(long statement);

  static native void statementFree(long statement);

  static native void executionSchema(long execution, long outSchemaAddress);

  /** Exports the next batch into an ArrowArray struct; false at the end. */
  static native boolean executionNext(long execution, long outArrayAddress);

  static native void executionCancel(long execution);

  static native void executionFree(long execution);

  static native long liveStreamCount();
}
