package io.ffq.jdbc.engine;

import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import java.util.List;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A planned statement. {@link #cancel()} may be called from any thread at any time (also
 * during {@link #close()}, when it does nothing); every other call from one thread at a time.
 */
public interface PreparedQuery extends AutoCloseable {
  /** What executing produces. */
  enum Kind { QUERY, UPDATE, DDL }

  Kind kind();

  int parameterCount();

  /** The parameters' types ({@code $1}, {@code $2}, ...; the Null type where unknown). */
  List<Field> parameterFields(BufferAllocator allocator) throws SQLException;

  /** The result's columns, known before execution. */
  List<Field> resultFields(BufferAllocator allocator) throws SQLException;

  /** Binds the first row of {@code row} as the parameter values (one child per parameter). */
  void bind(StructVector row, BufferAllocator allocator) throws SQLException;

  void clearBindings() throws SQLException;

  /** Executes: rows as a stream the caller closes, or an update count. */
  Execution execute(BufferAllocator allocator, ExecOptions options) throws SQLException;

  /** Stops the running execution, if any: it fails with SQLState 57014 and its work stops. */
  void cancel();

  /** Frees the query once a call in flight returns; streams already returned stay valid. */
  @Override
  void close();
}
