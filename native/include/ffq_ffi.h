/*
 * ffq_ffi.h - the C ABI of the FFQ engine (libffq_native).
 *
 * Compatible with FFQ's published C ABI: engine lifecycle, table and catalog
 * registration, SQL execution with results as Arrow IPC stream bytes, status
 * codes with an optional error buffer. Beyond it: results streamed through
 * the Arrow C Stream Interface, prepared statements with parameters,
 * cancellation, and structured errors (status, SQLState, message).
 *
 * Error buffers: every fallible call takes `err_buf`/`err_buf_len`, both
 * optional (NULL or 0 to ignore). On failure the message is written,
 * truncated to err_buf_len-1 bytes and NUL-terminated; on success the first
 * byte is set to 0. The calling thread's last error is also kept for
 * ffq_last_error_status/_sqlstate/_message. A stream keeps its own error
 * (ffq_stream_error), whichever thread reads it.
 *
 * Limits: a statement nesting expressions or set operations deeper than 1000
 * is FFQ_STATUS_PLANNING with SQLState 54001; a function whose output would
 * pass mem_budget_bytes (repeat, lpad, rpad, range, generate_series,
 * array_repeat, replace) fails with SQLState 53200.
 *
 * Threads: one engine handle may be used from many threads at once. A
 * statement handle may be executed by one thread while another thread calls
 * ffq_statement_cancel on it. The engine runs on one process-wide runtime;
 * calls block the calling thread until they complete.
 *
 * Panics inside the engine never cross this boundary: they become
 * FFQ_STATUS_INTERNAL with the panic's message, and the process lives on.
 */
#ifndef FFQ_FFI_H
#define FFQ_FFI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An engine. Owned by the caller; free with ffq_engine_free. */
typedef struct FfqEngineHandle FfqEngineHandle;
/* A fully materialised result. Owned by the caller; free with ffq_result_free. */
typedef struct FfqResultHandle FfqResultHandle;
/* A prepared statement. Owned by the caller; free with ffq_statement_free. */
typedef struct FfqStatementHandle FfqStatementHandle;

typedef enum FfqStatusCode {
  FFQ_STATUS_OK = 0,
  FFQ_STATUS_INVALID_CONFIG = 1, /* bad config key/value, table JSON, catalog file, NULL argument */
  FFQ_STATUS_PLANNING = 2,       /* SQL parse or planning error (SQLState 42601 / 42000) */
  FFQ_STATUS_EXECUTION = 3,      /* runtime error, data error (22xxx), cancel (57014) */
  FFQ_STATUS_IO = 4,             /* missing or unreadable file (58030) */
  FFQ_STATUS_UNSUPPORTED = 5,    /* SQL the engine does not support (42000; never 0A000,
                                    which connection pools read as a dead connection) */
  FFQ_STATUS_INTERNAL = 6,       /* engine bug or caught panic (XX000) */
} FfqStatusCode;

/* ---- Arrow C Data / Stream Interface (the standard ABI-stable structs) ---- */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
struct ArrowSchema {
  const char *format;
  const char *name;
  const char *metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema **children;
  struct ArrowSchema *dictionary;
  void (*release)(struct ArrowSchema *);
  void *private_data;
};
struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;
  void (*release)(struct ArrowArray *);
  void *private_data;
};
#endif
#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *out);
  int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *out);
  const char *(*get_last_error)(struct ArrowArrayStream *);
  void (*release)(struct ArrowArrayStream *);
  void *private_data;
};
#endif

/* The code's name ("OK", "INVALID_CONFIG", ...; "UNKNOWN" otherwise). Static; do not free. */
const char *ffq_status_name(FfqStatusCode code);

/* ---- Engine lifecycle ---- */

/* A new engine with default config (catalog_path and coordinator_endpoint may
 * come from FFQ_CATALOG_PATH / FFQ_COORDINATOR_ENDPOINT). On success
 * *out_engine owns the engine; on failure it is set to NULL. */
FfqStatusCode ffq_engine_new_default(FfqEngineHandle **out_engine, char *err_buf, size_t err_buf_len);

/* Config as a JSON object, e.g. {"batch_size_rows": 4096, "schema_inference": "strict"}.
 * Keys: batch_size_rows, mem_budget_bytes, shuffle_partitions,
 * broadcast_threshold_bytes, spill_dir, catalog_path, coordinator_endpoint,
 * schema_inference (off|on|strict|permissive), schema_drift_policy
 * (fail|refresh), schema_writeback (true|false). Keys are case-insensitive;
 * an unknown key or bad value is FFQ_STATUS_INVALID_CONFIG naming the key. */
FfqStatusCode ffq_engine_new_from_config_json(const char *config_json, FfqEngineHandle **out_engine,
                                              char *err_buf, size_t err_buf_len);

/* Config as "k=v" pairs separated by ',' or ';', e.g. "batch_size_rows=4096;shuffle_partitions=2". */
FfqStatusCode ffq_engine_new_from_config_kv(const char *config_kv, FfqEngineHandle **out_engine,
                                            char *err_buf, size_t err_buf_len);

/* Frees an engine. NULL is a no-op. Statements, results and streams made from
 * it remain valid until freed themselves. */
void ffq_engine_free(FfqEngineHandle *engine);

/* ---- Tables and catalogs (catalog "ffq", schema "public") ---- */

/* Registers or replaces a table: {"name", "uri" | "paths", "format", "schema"?,
 * "options"?, "stats"?}. "paths" (a list) wins over "uri"; neither is
 * INVALID_CONFIG. format: parquet, csv (options has_header, delimiter), json
 * (newline-delimited). schema: [{"name", "type", "nullable"?}]. A missing file
 * is FFQ_STATUS_IO. */
FfqStatusCode ffq_engine_register_table_json(FfqEngineHandle *engine, const char *table_json,
                                             char *err_buf, size_t err_buf_len);

/* Registers every table of a .json or .toml catalog file (a bare list, JSON
 * only, or {"tables": [...]}); relative paths are read from the file's folder.
 * Any other extension is INVALID_CONFIG. */
FfqStatusCode ffq_engine_register_catalog_path(FfqEngineHandle *engine, const char *catalog_path,
                                               char *err_buf, size_t err_buf_len);

/* ---- FFQ's synchronous execution ---- */

/* Runs sql to completion. On success *out_result owns the whole result. */
FfqStatusCode ffq_engine_execute_sql(FfqEngineHandle *engine, const char *sql, FfqResultHandle **out_result,
                                     char *err_buf, size_t err_buf_len);

/* The result as Arrow IPC stream bytes; *out_ptr stays valid until the result is freed. */
FfqStatusCode ffq_result_ipc_bytes(const FfqResultHandle *result, const uint8_t **out_ptr, size_t *out_len,
                                   char *err_buf, size_t err_buf_len);
size_t ffq_result_row_count(const FfqResultHandle *result);   /* 0 for NULL */
size_t ffq_result_batch_count(const FfqResultHandle *result); /* 0 for NULL */
/* Frees a result. NULL is a no-op. */
void ffq_result_free(FfqResultHandle *result);

/* ---- Streaming ---- */

/* Cancels a stream this library exported, from any thread: its pending or
 * next get_next fails (FFQ_STATUS_EXECUTION, SQLState 57014) and the engine
 * stops working on it. A no-op for NULL, a released stream or a foreign one.
 * Must not race with the stream's release. */
void ffq_stream_cancel(const struct ArrowArrayStream *stream);

/* The error that ended a stream this library exported: *out_status (OK if it
 * has not failed), its 5-character SQLState into sqlstate_buf (6 bytes hold
 * it) and its message into err_buf. FFQ_STATUS_INVALID_CONFIG for a stream
 * this library did not make. */
FfqStatusCode ffq_stream_error(const struct ArrowArrayStream *stream, FfqStatusCode *out_status,
                               char *sqlstate_buf, size_t sqlstate_buf_len, char *err_buf, size_t err_buf_len);

/* Runs sql and exports the result into *out_stream (caller-allocated, not
 * released first). Batches are produced as the engine makes them; the whole
 * result is never materialised. The caller owns the stream: call
 * out_stream->release exactly once, and release every ArrowArray it yields. */
FfqStatusCode ffq_engine_execute_stream(FfqEngineHandle *engine, const char *sql, struct ArrowArrayStream *out_stream,
                                        char *err_buf, size_t err_buf_len);

/* ---- Prepared statements ---- */

/* Plans sql without running it. Parameters are written ? or $1, $2, ... */
FfqStatusCode ffq_statement_prepare(FfqEngineHandle *engine, const char *sql, FfqStatementHandle **out_statement,
                                    char *err_buf, size_t err_buf_len);
/* 0 = returns rows, 1 = returns a row count (INSERT, COPY), 2 = returns nothing (DDL, SET); -1 for NULL. */
int32_t ffq_statement_kind(const FfqStatementHandle *statement);
size_t ffq_statement_param_count(const FfqStatementHandle *statement);
/* The parameter types as a struct schema with fields "$1", "$2", ... (type
 * "n" (null) where unknown). *out_schema is caller-allocated; the caller owns
 * the exported schema and must release it. */
FfqStatusCode ffq_statement_param_schema(const FfqStatementHandle *statement, struct ArrowSchema *out_schema,
                                         char *err_buf, size_t err_buf_len);
/* Binds one row of parameter values: a struct array with one field per
 * parameter. Takes ownership of *array (its release is set to NULL; do not
 * release it); schema is only read and stays the caller's. Values are cast to
 * the parameter types; a failed cast is FFQ_STATUS_EXECUTION (22018). */
FfqStatusCode ffq_statement_bind(const FfqStatementHandle *statement, const struct ArrowSchema *schema,
                                 struct ArrowArray *array, char *err_buf, size_t err_buf_len);
/* The result's columns (known before execution) as a struct schema; the caller owns it. */
FfqStatusCode ffq_statement_result_schema(const FfqStatementHandle *statement, struct ArrowSchema *out_schema,
                                          char *err_buf, size_t err_buf_len);
/* Forgets the bound parameter values. */
FfqStatusCode ffq_statement_clear_bindings(const FfqStatementHandle *statement, char *err_buf, size_t err_buf_len);

/* Per-execution options; a zero field keeps the default. */
typedef struct FfqExecOptions {
  int64_t batch_size; /* rows per batch (a hint; at most 1048576); 0 = the engine's batch_size_rows */
  int64_t max_rows;   /* a row limit pushed into a query's plan; 0 = none */
  int32_t read_only;  /* non-zero: refuse any statement that writes, however wrapped (SQLState 25006) */
} FfqExecOptions;

/* Executes with the bound values and options (NULL = defaults). A query exports
 * its rows into *out_stream (owned by the caller: release it exactly once) and
 * sets *out_count to -1; any other statement sets *out_count to the rows
 * written (0 for DDL) and leaves *out_stream released (release == NULL). */
FfqStatusCode ffq_statement_execute(const FfqStatementHandle *statement, const FfqExecOptions *options,
                                    struct ArrowArrayStream *out_stream, int64_t *out_count,
                                    char *err_buf, size_t err_buf_len);
/* Executes with the bound values into a stream, as ffq_engine_execute_stream. */
FfqStatusCode ffq_statement_execute_stream(const FfqStatementHandle *statement, struct ArrowArrayStream *out_stream,
                                           char *err_buf, size_t err_buf_len);
/* Executes a statement of kind 1 or 2; *out_count gets the rows written (0 for DDL). */
FfqStatusCode ffq_statement_execute_update(const FfqStatementHandle *statement, int64_t *out_count,
                                           char *err_buf, size_t err_buf_len);
/* Cancels the statement's running execution; safe from any thread. Its stream
 * then fails promptly with FFQ_STATUS_EXECUTION / SQLState 57014 and the
 * engine stops working on it. A no-op when idle or for NULL. */
void ffq_statement_cancel(const FfqStatementHandle *statement);
/* Frees a statement. NULL is a no-op. Streams already exported stay valid. */
void ffq_statement_free(FfqStatementHandle *statement);

/* ---- Structured errors of the calling thread's last call ---- */
/* (A stream's own error: ffq_stream_error.) */

FfqStatusCode ffq_last_error_status(void);
/* Copies the 5-character SQLState ("" after success) into buf; returns its length. */
size_t ffq_last_error_sqlstate(char *buf, size_t len);
/* Copies the message into buf (truncated, NUL-terminated); returns its full length. */
size_t ffq_last_error_message(char *buf, size_t len);

/* ---- Diagnostics ---- */

/* Result streams exported and not yet released, process-wide. */
int64_t ffq_live_stream_count(void);

#ifdef __cplusplus
}
#endif

#endif /* FFQ_FFI_H */
