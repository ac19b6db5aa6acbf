package io.ffq.jdbc.engine;

import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * An engine the JDBC classes run SQL on. The embedded engine is one implementation; any
 * other (a distributed one) plugs in beside it. Safe to use from many threads. Every
 * failure is an {@link SQLException} with a SQLState and the {@link EngineStatus} code as
 * vendor code.
 */
public interface Engine extends AutoCloseable {
  /** Plans {@code sql} ({@code ?} or {@code $n} parameters); the caller closes the query. */
  PreparedQuery prepare(String sql) throws SQLException;

  /** Registers (or replaces) a table from its JSON definition. */
  void registerTable(String tableJson) throws SQLException;

  /** Registers every table of a {@code .json} or {@code .toml} catalog file; returns how many. */
  int registerCatalog(String path) throws SQLException;

  /**
   * Registers (or replaces) an in-memory table {@code name} holding every batch {@code data}
   * yields. The batches are read once, during this call, into engine memory (within the
   * memory budget), and {@code data} is closed: from then on the engine owns its copy and the
   * caller's allocator holds nothing of it.
   */
  void registerArrow(String name, ArrowReader data, BufferAllocator allocator) throws SQLException;

  /**
   * A number that changes whenever this engine's catalog may have changed: after each
   * statement that is not a query (DDL, DML, SET) and each registration. Equal numbers from
   * two calls mean no such change ran between them, so a copy of the catalog read in between
   * is still current.
   */
  long catalogVersion();

  boolean isClosed();

  /** Frees the engine once calls in flight return; queries already prepared stay usable. */
  @Override
  void close();
}
