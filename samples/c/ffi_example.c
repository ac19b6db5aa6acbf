/*
 * The FFQ C ABI end to end: an engine, a Parquet table, two queries through
 * ffq_engine_execute_sql (Arrow IPC bytes) and one through the Arrow C stream.
 *
 * usage: ffi_example /path/to/lineitem.parquet
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffq_ffi.h"

static int fail(const char *what, FfqStatusCode st, const char *err) {
  fprintf(stderr, "%s failed: %s: %s\n", what, ffq_status_name(st), err);
  return 1;
}

static int run_ipc(FfqEngineHandle *engine, const char *label, const char *sql) {
  char err[512];
  FfqResultHandle *result = NULL;
  FfqStatusCode st = ffq_engine_execute_sql(engine, sql, &result, err, sizeof err);
  if (st != FFQ_STATUS_OK) return fail(label, st, err);
  const uint8_t *bytes = NULL;
  size_t len = 0;
  st = ffq_result_ipc_bytes(result, &bytes, &len, err, sizeof err);
  if (st != FFQ_STATUS_OK) {
    ffq_result_free(result);
    return fail(label, st, err);
  }
  printf("%s: batches=%zu rows=%zu ipc_bytes=%zu\n", label, ffq_result_batch_count(result),
         ffq_result_row_count(result), len);
  int ok = ffq_result_row_count(result) > 0 && len > 0;
  ffq_result_free(result);
  return ok ? 0 : 1;
}

static int run_stream(FfqEngineHandle *engine, const char *label, const char *sql) {
  char err[512];
  struct ArrowArrayStream stream;
  memset(&stream, 0, sizeof stream);
  FfqStatusCode st = ffq_engine_execute_stream(engine, sql, &stream, err, sizeof err);
  if (st != FFQ_STATUS_OK) return fail(label, st, err);
  struct ArrowSchema schema;
  if (stream.get_schema(&stream, &schema) != 0) {
    fprintf(stderr, "%s: get_schema: %s\n", label, stream.get_last_error(&stream));
    stream.release(&stream);
    return 1;
  }
  long long columns = schema.n_children;
  schema.release(&schema);
  long long batches = 0, rows = 0;
  for (;;) {
    struct ArrowArray array;
    int rc = stream.get_next(&stream, &array);
    if (rc != 0) {
      fprintf(stderr, "%s: get_next: %s\n", label, stream.get_last_error(&stream));
      stream.release(&stream);
      return 1;
    }
    if (array.release == NULL) break; /* end of stream */
    batches++;
    rows += array.length;
    array.release(&array);
  }
  stream.release(&stream);
  printf("%s: batches=%lld rows=%lld columns=%lld (arrow c stream)\n", label, batches, rows, columns);
  return rows > 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s /path/to/lineitem.parquet\n", argv[0]);
    return 2;
  }
  char err[512];
  FfqEngineHandle *engine = NULL;
  FfqStatusCode st = ffq_engine_new_from_config_kv("batch_size_rows=8192;schema_inference=on", &engine, err, sizeof err);
  if (st != FFQ_STATUS_OK) return fail("engine", st, err);

  char table[4096];
  snprintf(table, sizeof table, "{\"name\":\"lineitem\",\"uri\":\"%s\",\"format\":\"parquet\"}", argv[1]);
  st = ffq_engine_register_table_json(engine, table, err, sizeof err);
  if (st != FFQ_STATUS_OK) {
    ffq_engine_free(engine);
    return fail("register lineitem", st, err);
  }

  int failed = 0;
  failed |= run_ipc(engine, "select1", "SELECT 1 AS one FROM lineitem LIMIT 1");
  failed |= run_ipc(engine, "parquet_scan", "SELECT l_orderkey FROM lineitem LIMIT 5");
  failed |= run_stream(engine, "parquet_scan_stream", "SELECT l_orderkey FROM lineitem LIMIT 5");

  /* An error path: bad SQL is PLANNING with the parser's message. */
  FfqResultHandle *bad = NULL;
  st = ffq_engine_execute_sql(engine, "SELEC 1", &bad, err, sizeof err);
  if (st != FFQ_STATUS_PLANNING || bad != NULL || err[0] == 0) {
    fprintf(stderr, "expected PLANNING for bad SQL, got %s\n", ffq_status_name(st));
    failed = 1;
  }

  ffq_engine_free(engine);
  if (failed) {
    fprintf(stderr, "ffi example: FAILED\n");
    return 1;
  }
  printf("ffi example: OK\n");
  return 0;
}
