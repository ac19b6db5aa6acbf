/*
 * Every function of ffq_ffi.h, called from C: engines from each kind of config, tables and
 * catalogs, FFQ's materialised results, streams (with their own errors and cancel), prepared
 * statements with a parameter row built here by hand, per-execution options, result
 * schemas, update counts, and the calling thread's last error. Exits 0 and prints
 * "c abi test: OK" when every check holds.
 *
 * usage: abi_test /path/to/tpch/catalog.json
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffq_ffi.h"

static int failures = 0;

#define CHECK(cond, ...)                     \
  do {                                       \
    if (!(cond)) {                           \
      fprintf(stderr, "FAILED %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);          \
      fprintf(stderr, "\n");                 \
      failures++;                            \
    }                                        \
  } while (0)

static char err[1024];

/* ---- a one-row struct array {"$1": int64} built by hand (C Data Interface) ---- */

static int64_t param_value;
static uint8_t param_validity = 1;
static const void *child_buffers[2];
static const void *struct_buffers[1];
static struct ArrowArray child_array;
static struct ArrowArray *children_arrays[1];
static struct ArrowSchema child_schema;
static struct ArrowSchema *children_schemas[1];

static void release_array(struct ArrowArray *a) { a->release = NULL; }
static void release_schema(struct ArrowSchema *s) { s->release = NULL; }

static void param_row(int64_t value, struct ArrowSchema *schema, struct ArrowArray *array) {
  param_value = value;
  child_buffers[0] = &param_validity;
  child_buffers[1] = &param_value;
  child_array = (struct ArrowArray){1, 0, 0, 2, 0, child_buffers, NULL, NULL, release_array, NULL};
  children_arrays[0] = &child_array;
  struct_buffers[0] = NULL;
  *array = (struct ArrowArray){1, 0, 0, 1, 1, struct_buffers, children_arrays, NULL, release_array, NULL};
  child_schema = (struct ArrowSchema){"l", "$1", NULL, 2 /* nullable */, 0, NULL, NULL, release_schema, NULL};
  children_schemas[0] = &child_schema;
  *schema = (struct ArrowSchema){"+s", "", NULL, 0, 1, children_schemas, NULL, release_schema, NULL};
}

/* Reads a stream to its end; returns the rows, or -1 on failure (the stream keeps the error). */
static long long drain(struct ArrowArrayStream *stream) {
  long long rows = 0;
  for (;;) {
    struct ArrowArray a;
    if (stream->get_next(stream, &a) != 0) return -1;
    if (a.release == NULL) return rows;
    rows += a.length;
    a.release(&a);
  }
}

static void engines(void) {
  FfqEngineHandle *e = NULL;
  CHECK(ffq_engine_new_default(&e, err, sizeof err) == FFQ_STATUS_OK, "new_default: %s", err);
  ffq_engine_free(e);
  e = NULL;
  CHECK(ffq_engine_new_from_config_json("{\"batch_size_rows\": 10}", &e, err, sizeof err) == FFQ_STATUS_OK,
        "new_from_config_json: %s", err);
  ffq_engine_free(e);
  e = NULL;
  FfqStatusCode st = ffq_engine_new_from_config_kv("shuffle_partitions=1073741824", &e, err, sizeof err);
  CHECK(st == FFQ_STATUS_INVALID_CONFIG && e == NULL, "a ceiling is enforced: %d", st);
  CHECK(strstr(err, "shuffle_partitions") != NULL, "the error names the key: %s", err);
  CHECK(ffq_last_error_status() == FFQ_STATUS_INVALID_CONFIG, "last error status");
  char state[8];
  CHECK(ffq_last_error_sqlstate(state, sizeof state) == 5 && strcmp(state, "22023") == 0, "sqlstate %s", state);
  size_t n = ffq_last_error_message(NULL, 0);
  CHECK(n > 0, "message length");
  ffq_engine_free(NULL);
  CHECK(strcmp(ffq_status_name(FFQ_STATUS_UNSUPPORTED), "UNSUPPORTED") == 0, "status name");
  CHECK(strcmp(ffq_status_name((FfqStatusCode)42), "UNKNOWN") == 0, "unknown status name");
}

static void results_and_streams(FfqEngineHandle *e) {
  FfqResultHandle *r = NULL;
  CHECK(ffq_engine_execute_sql(e, "SELECT * FROM nation", &r, err, sizeof err) == FFQ_STATUS_OK, "%s", err);
  const uint8_t *bytes = NULL;
  size_t len = 0;
  CHECK(ffq_result_ipc_bytes(r, &bytes, &len, err, sizeof err) == FFQ_STATUS_OK && len > 0, "ipc %s", err);
  CHECK(ffq_result_row_count(r) == 25 && ffq_result_batch_count(r) >= 1, "rows %zu", ffq_result_row_count(r));
  ffq_result_free(r);
  ffq_result_free(NULL);

  struct ArrowArrayStream s;
  CHECK(ffq_engine_execute_stream(e, "SELECT 10 / (n_nationkey - 3) FROM nation", &s, err, sizeof err) ==
            FFQ_STATUS_OK, "%s", err);
  CHECK(ffq_live_stream_count() >= 1, "a live stream");
  CHECK(drain(&s) == -1, "division by zero fails the stream");
  FfqStatusCode status = FFQ_STATUS_OK;
  char state[8];
  CHECK(ffq_stream_error(&s, &status, state, sizeof state, err, sizeof err) == FFQ_STATUS_OK, "stream_error");
  CHECK(status == FFQ_STATUS_EXECUTION && strcmp(state, "22012") == 0, "stream error %d %s: %s", status, state, err);
  s.release(&s);

  CHECK(ffq_engine_execute_stream(e, "SELECT count(*) FROM range(0, 100000000000) t(v)", &s, err, sizeof err) ==
            FFQ_STATUS_OK, "%s", err);
  ffq_stream_cancel(&s);
  CHECK(drain(&s) == -1, "a cancelled stream fails");
  CHECK(ffq_stream_error(&s, &status, state, sizeof state, err, sizeof err) == FFQ_STATUS_OK &&
            strcmp(state, "57014") == 0, "cancel is 57014: %s", state);
  s.release(&s);
  ffq_stream_cancel(NULL);
}

static void statements(FfqEngineHandle *e) {
  FfqStatementHandle *st = NULL;
  CHECK(ffq_statement_prepare(e, "SELECT n_name FROM nation WHERE n_nationkey >= ?", &st, err, sizeof err) ==
            FFQ_STATUS_OK, "%s", err);
  CHECK(ffq_statement_kind(st) == 0 && ffq_statement_param_count(st) == 1, "kind and params");
  struct ArrowSchema ps, rs;
  CHECK(ffq_statement_param_schema(st, &ps, err, sizeof err) == FFQ_STATUS_OK && ps.n_children == 1, "%s", err);
  ps.release(&ps);
  CHECK(ffq_statement_result_schema(st, &rs, err, sizeof err) == FFQ_STATUS_OK && rs.n_children == 1 &&
            strcmp(rs.children[0]->name, "n_name") == 0, "%s", err);
  rs.release(&rs);

  struct ArrowSchema schema;
  struct ArrowArray array;
  param_row(20, &schema, &array);
  CHECK(ffq_statement_bind(st, &schema, &array, err, sizeof err) == FFQ_STATUS_OK, "bind: %s", err);
  CHECK(array.release == NULL, "bind took the array over");
  schema.release(&schema);

  FfqExecOptions opts = {2, 3, 1};
  struct ArrowArrayStream s;
  int64_t count = 0;
  CHECK(ffq_statement_execute(st, &opts, &s, &count, err, sizeof err) == FFQ_STATUS_OK && count == -1, "%s", err);
  CHECK(drain(&s) == 3, "max_rows applies");
  s.release(&s);
  CHECK(ffq_statement_execute_stream(st, &s, err, sizeof err) == FFQ_STATUS_OK, "%s", err);
  CHECK(drain(&s) == 5, "keys 20..24");
  s.release(&s);
  ffq_statement_cancel(st);
  ffq_statement_cancel(NULL);
  CHECK(ffq_statement_clear_bindings(st, err, sizeof err) == FFQ_STATUS_OK, "%s", err);
  CHECK(ffq_statement_execute(st, NULL, &s, &count, err, sizeof err) == FFQ_STATUS_EXECUTION, "unbound");
  ffq_statement_free(st);
  ffq_statement_free(NULL);

  CHECK(ffq_engine_register_table_json(
            e, "{\"name\": \"remote\", \"uri\": \"s3://bucket/t.parquet\", \"format\": \"parquet\"}", err,
            sizeof err) == FFQ_STATUS_UNSUPPORTED, "s3: %s", err);
  FfqStatementHandle *ddl = NULL;
  CHECK(ffq_statement_prepare(e, "CREATE TABLE t AS VALUES (1), (2)", &ddl, err, sizeof err) == FFQ_STATUS_OK, "%s",
        err);
  CHECK(ffq_statement_execute_update(ddl, &count, err, sizeof err) == FFQ_STATUS_OK && count == 0, "%s", err);
  ffq_statement_free(ddl);
  FfqStatementHandle *ins = NULL;
  CHECK(ffq_statement_prepare(e, "INSERT INTO t VALUES (3), (4)", &ins, err, sizeof err) == FFQ_STATUS_OK, "%s", err);
  FfqExecOptions ro = {0, 0, 1};
  CHECK(ffq_statement_execute(ins, &ro, &s, &count, err, sizeof err) == FFQ_STATUS_PLANNING, "read-only refuses");
  char state[8];
  ffq_last_error_sqlstate(state, sizeof state);
  CHECK(strcmp(state, "25006") == 0, "read-only is 25006: %s", state);
  CHECK(ffq_statement_execute(ins, NULL, &s, &count, err, sizeof err) == FFQ_STATUS_OK && count == 2, "%s", err);
  CHECK(s.release == NULL, "an update leaves the stream released");
  ffq_statement_free(ins);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: abi_test CATALOG_JSON\n");
    return 2;
  }
  engines();
  FfqEngineHandle *e = NULL;
  CHECK(ffq_engine_new_from_config_kv("batch_size_rows=4096;mem_budget_bytes=256m", &e, err, sizeof err) ==
            FFQ_STATUS_OK, "%s", err);
  CHECK(ffq_engine_register_catalog_path(e, argv[1], err, sizeof err) == FFQ_STATUS_OK, "%s", err);
  results_and_streams(e);
  statements(e);
  ffq_engine_free(e);
  CHECK(ffq_live_stream_count() == 0, "every stream released: %lld", (long long)ffq_live_stream_count());
  if (failures) {
    fprintf(stderr, "c abi test: %d failure(s)\n", failures);
    return 1;
  }
  printf("c abi test: OK\n");
  return 0;
}
