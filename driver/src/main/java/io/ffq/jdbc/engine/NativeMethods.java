package io.ffq.jdbc.engine;

/**
 * The only class that declares {@code native} methods. Handles are {@code long}s
 * owned by the wrappers in this package ({@link NativeEngine}, {@link NativeStatement}),
 * which free each exactly once. Failures throw {@link NativeException}.
 */
final class NativeMethods {
  private NativeMethods() {}

  /** Opens {@code java.nio} to {@code anchor}'s module; false if the JVM refused. */
  static native boolean openJavaNio(Class<?> anchor);

  static native long engineNew(String configJson);

  static native void engineFree(long engine);

  static native void engineRegisterTable(long engine, String tableJson);

  static native int engineRegisterCatalog(long engine, String path);

  static native long statementPrepare(long engine, String sql);

  static native int statementKind(long statement);

  static native int statementParamCount(long statement);

  /** Exports the parameter ({@code which == 0}) or result schema into an ArrowSchema struct. */
  static native void statementSchema(long statement, int which, long outSchemaAddress);

  /** Binds a one-row struct array; takes ownership of the ArrowArray struct's contents. */
  static native void statementBind(long statement, long arrayAddress, long schemaAddress);

  static native void statementClearBindings(long statement);

  /** Returns -1 after exporting rows into the stream struct, else the update count. */
  static native long statementExecute(
      long statement, long outStreamAddress, int batchSize, long maxRows, boolean readOnly);

  static native void statementCancel(long statement);

  static native void statementFree(long statement);

  /** The calling thread's last stream failure, or null; cleared by the call. */
  static native NativeException takeLastError();

  static native long liveStreamCount();

  static native void tpchGenerate(double scaleFactor, String dir);
}
