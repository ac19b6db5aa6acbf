//! FFQ's C ABI (`include/ffq_ffi.h`) and what the engine offers beyond it: a thin
//! face over [`crate::handle`]. Each function converts its arguments, makes one
//! handle-layer call and reports the outcome: a status code, the message in the
//! optional `err_buf`, and the calling thread's last error for `ffq_last_error_*`.
//! Nothing here unwinds into C: the handle layer runs every call under
//! `catch_unwind`, and so does every function here that is not a plain lookup.

use std::ffi::{c_char, CStr};

use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;

use crate::config::EngineConfig;
use crate::error::{catch_panic, clear_last_error, last_error, set_last_error, FfqError, FfqStatusCode, Result};
use crate::handle;
pub use crate::handle::{FfqEngineHandle, FfqResultHandle, FfqStatementHandle};
use crate::statement::{ExecOptions, Outcome};
use crate::stream::Execution;

/// Per-execution options (`ffq_statement_execute`); zero fields keep the defaults.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct FfqExecOptions {
    /// Rows per batch; 0 keeps the engine's `batch_size_rows`.
    pub batch_size: i64,
    /// A row limit pushed into a query's plan; 0 for none.
    pub max_rows: i64,
    /// Non-zero: refuse any statement that writes (SQLState 25006).
    pub read_only: i32,
}

impl FfqExecOptions {
    fn to_options(self) -> ExecOptions {
        ExecOptions {
            batch_size: (self.batch_size > 0).then_some(self.batch_size as usize),
            max_rows: (self.max_rows > 0).then_some(self.max_rows as usize),
            read_only: self.read_only != 0,
        }
    }
}

/// Writes `msg` into the caller's buffer, truncated to `len - 1` bytes (on a
/// UTF-8 boundary) and NUL-terminated. NULL or zero length: nothing written.
///
/// # Safety
/// `buf` is NULL or points to at least `len` writable bytes.
pub(crate) unsafe fn write_err(buf: *mut c_char, len: usize, msg: &str) {
    if buf.is_null() || len == 0 {
        return;
    }
    let mut n = msg.len().min(len - 1);
    while !msg.is_char_boundary(n) {
        n -= 1;
    }
    std::ptr::copy_nonoverlapping(msg.as_ptr(), buf as *mut u8, n);
    *buf.add(n) = 0;
}

/// Reports one call's outcome: status, `err_buf`, the thread's last error.
///
/// # Safety
/// `err_buf` is NULL or points to `err_buf_len` writable bytes.
unsafe fn report(err_buf: *mut c_char, err_buf_len: usize, r: Result<()>) -> FfqStatusCode {
    match r {
        Ok(()) => {
            clear_last_error();
            write_err(err_buf, err_buf_len, "");
            FfqStatusCode::Ok
        }
        Err(e) => {
            write_err(err_buf, err_buf_len, &e.message);
            set_last_error(&e);
            e.status
        }
    }
}

/// Argument conversion under `catch_unwind`, then [`report`].
///
/// # Safety
/// As [`report`].
unsafe fn guard(err_buf: *mut c_char, err_buf_len: usize, f: impl FnOnce() -> Result<()>) -> FfqStatusCode {
    report(err_buf, err_buf_len, catch_panic(f))
}

/// # Safety
/// `p` is NULL or a NUL-terminated string that outlives the call.
unsafe fn text<'a>(p: *const c_char, what: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(null_arg(what));
    }
    CStr::from_ptr(p).to_str().map_err(|_| FfqError::invalid_config(format!("{what} is not valid UTF-8")))
}

fn null_arg(what: &str) -> FfqError {
    FfqError::invalid_config(format!("{what} is NULL"))
}

/// # Safety
/// `out` is NULL or writable.
unsafe fn out<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T> {
    p.as_mut().ok_or_else(|| null_arg(what))
}

/// The status's name ("OK", "INVALID_CONFIG", ...); "UNKNOWN" for other values.
/// The string is static.
#[no_mangle]
pub extern "C" fn ffq_status_name(code: i32) -> *const c_char {
    FfqStatusCode::from_i32(code).map_or(c"UNKNOWN", |c| c.c_name()).as_ptr()
}

/// # Safety
/// `out` is writable; `config` builds the config.
unsafe fn new_engine(
    out_engine: *mut *mut FfqEngineHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
    config: impl FnOnce() -> Result<EngineConfig> + Send,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_engine, "out_engine")?;
        *slot = std::ptr::null_mut();
        *slot = handle::engine_new(config)?;
        Ok(())
    })
}

/// # Safety
/// `out_engine` is writable; `err_buf` is NULL or `err_buf_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_new_default(
    out_engine: *mut *mut FfqEngineHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    new_engine(out_engine, err_buf, err_buf_len, || Ok(EngineConfig::from_env()))
}

/// # Safety
/// `config_json` is a NUL-terminated string; otherwise as `ffq_engine_new_default`.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_new_from_config_json(
    config_json: *const c_char,
    out_engine: *mut *mut FfqEngineHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    match catch_panic(|| text(config_json, "config_json").map(str::to_owned)) {
        Ok(json) => new_engine(out_engine, err_buf, err_buf_len, move || EngineConfig::from_json(&json)),
        Err(e) => report(err_buf, err_buf_len, Err(e)),
    }
}

/// # Safety
/// `config_kv` is a NUL-terminated string; otherwise as `ffq_engine_new_default`.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_new_from_config_kv(
    config_kv: *const c_char,
    out_engine: *mut *mut FfqEngineHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    match catch_panic(|| text(config_kv, "config_kv").map(str::to_owned)) {
        Ok(kv) => new_engine(out_engine, err_buf, err_buf_len, move || EngineConfig::from_kv(&kv)),
        Err(e) => report(err_buf, err_buf_len, Err(e)),
    }
}

/// Frees an engine; NULL is a no-op. Statements and streams made from it stay
/// valid (they share the session) until they are freed themselves.
///
/// # Safety
/// `engine` is NULL or a handle from `ffq_engine_new_*`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_free(engine: *mut FfqEngineHandle) {
    handle::free(engine)
}

/// # Safety
/// `engine` is a live handle, `table_json` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_register_table_json(
    engine: *mut FfqEngineHandle,
    table_json: *const c_char,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || handle::register_table(handle::engine(engine)?, text(table_json, "table_json")?))
}

/// # Safety
/// `engine` is a live handle, `catalog_path` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_register_catalog_path(
    engine: *mut FfqEngineHandle,
    catalog_path: *const c_char,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        handle::register_catalog(handle::engine(engine)?, text(catalog_path, "catalog_path")?).map(|_| ())
    })
}

/// # Safety
/// `engine` is a live handle, `sql` a NUL-terminated string, `out_result` writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_execute_sql(
    engine: *mut FfqEngineHandle,
    sql: *const c_char,
    out_result: *mut *mut FfqResultHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_result, "out_result")?;
        *slot = std::ptr::null_mut();
        *slot = handle::execute_sql(handle::engine(engine)?, text(sql, "sql")?)?;
        Ok(())
    })
}

/// # Safety
/// `result` is a live handle; `out_ptr` and `out_len` are writable. The bytes
/// stay valid until the result is freed.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_ipc_bytes(
    result: *const FfqResultHandle,
    out_ptr: *mut *const u8,
    out_len: *mut usize,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let r = result.as_ref().ok_or_else(|| null_arg("result"))?;
        let (p, l) = (out(out_ptr, "out_ptr")?, out(out_len, "out_len")?);
        *p = r.0.ipc.as_ptr();
        *l = r.0.ipc.len();
        Ok(())
    })
}

/// Rows in the result; 0 for NULL.
///
/// # Safety
/// `result` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_row_count(result: *const FfqResultHandle) -> usize {
    result.as_ref().map_or(0, |r| r.0.row_count as usize)
}

/// Batches in the result; 0 for NULL.
///
/// # Safety
/// `result` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_batch_count(result: *const FfqResultHandle) -> usize {
    result.as_ref().map_or(0, |r| r.0.batches.len())
}

/// Frees a result; NULL is a no-op.
///
/// # Safety
/// `result` is NULL or a handle from `ffq_engine_execute_sql`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_free(result: *mut FfqResultHandle) {
    handle::free(result)
}

/// Runs `sql` and exports its result as an Arrow C stream.
///
/// # Safety
/// `engine` is a live handle, `sql` NUL-terminated, `out_stream` points to
/// writable memory for one `struct ArrowArrayStream` (overwritten, not released).
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_execute_stream(
    engine: *mut FfqEngineHandle,
    sql: *const c_char,
    out_stream: *mut FFI_ArrowArrayStream,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_stream, "out_stream")?;
        let statement = handle::prepare(handle::engine(engine)?, text(sql, "sql")?)?;
        let execution = handle::execute(handle::statement(statement)?, &ExecOptions::default());
        handle::free(statement);
        std::ptr::write(slot, execution?.export());
        Ok(())
    })
}

/// Plans `sql` (with `?` or `$n` parameters) without running it.
///
/// # Safety
/// `engine` is a live handle, `sql` NUL-terminated, `out_statement` writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_prepare(
    engine: *mut FfqEngineHandle,
    sql: *const c_char,
    out_statement: *mut *mut FfqStatementHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_statement, "out_statement")?;
        *slot = std::ptr::null_mut();
        *slot = handle::prepare(handle::engine(engine)?, text(sql, "sql")?)?;
        Ok(())
    })
}

/// 0 = returns rows, 1 = returns a row count, 2 = returns nothing; -1 for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_kind(statement: *const FfqStatementHandle) -> i32 {
    handle::statement(statement).map_or(-1, |s| s.kind() as i32)
}

/// The number of parameters; 0 for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_param_count(statement: *const FfqStatementHandle) -> usize {
    handle::statement(statement).map_or(0, |s| s.param_count())
}

/// # Safety
/// `statement` is a live handle; `out_schema` writable for one `struct ArrowSchema`.
unsafe fn export_schema(
    statement: *const FfqStatementHandle,
    result: bool,
    out_schema: *mut FFI_ArrowSchema,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_schema, "out_schema")?;
        std::ptr::write(slot, handle::schema(handle::statement(statement)?, result)?);
        Ok(())
    })
}

/// Exports the parameter types as a struct schema, one field per parameter.
///
/// # Safety
/// `statement` is a live handle; `out_schema` points to writable memory for
/// one `struct ArrowSchema` (overwritten, not released).
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_param_schema(
    statement: *const FfqStatementHandle,
    out_schema: *mut FFI_ArrowSchema,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    export_schema(statement, false, out_schema, err_buf, err_buf_len)
}

/// Exports the result's columns (known before execution) as a struct schema.
///
/// # Safety
/// As `ffq_statement_param_schema`.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_result_schema(
    statement: *const FfqStatementHandle,
    out_schema: *mut FFI_ArrowSchema,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    export_schema(statement, true, out_schema, err_buf, err_buf_len)
}

/// Binds parameter values: a struct array of exactly one row with one field
/// per parameter. Takes ownership of `*array` (its `release` is set to NULL);
/// `schema` is only read.
///
/// # Safety
/// `statement` is a live handle; `schema` and `array` point to valid Arrow C
/// structs describing a struct array.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_bind(
    statement: *const FfqStatementHandle,
    schema: *const FFI_ArrowSchema,
    array: *mut FFI_ArrowArray,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let statement = handle::statement(statement)?;
        let schema = schema.as_ref().ok_or_else(|| null_arg("schema"))?;
        let array = out(array, "array")?;
        handle::bind(statement, std::ptr::replace(array, FFI_ArrowArray::empty()), schema)
    })
}

/// Forgets the bound parameter values.
///
/// # Safety
/// `statement` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_clear_bindings(
    statement: *const FfqStatementHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || handle::clear_bindings(handle::statement(statement)?))
}

/// Executes with the bound values and `options` (NULL for the defaults). A query
/// exports its rows into `*out_stream` and sets `*out_count` to -1; any other
/// statement sets `*out_count` to the rows written (0 for DDL) and marks
/// `*out_stream` released (`release == NULL`).
///
/// # Safety
/// `statement` is a live handle; `options` is NULL or readable; `out_stream`
/// and `out_count` are writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_execute(
    statement: *const FfqStatementHandle,
    options: *const FfqExecOptions,
    out_stream: *mut FFI_ArrowArrayStream,
    out_count: *mut i64,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let (stream, count) = (out(out_stream, "out_stream")?, out(out_count, "out_count")?);
        let opts = options.as_ref().copied().unwrap_or_default().to_options();
        std::ptr::write(stream, FFI_ArrowArrayStream::empty());
        match handle::run(handle::statement(statement)?, &opts)? {
            Outcome::Rows(e) => {
                std::ptr::write(stream, e.export());
                *count = -1;
            }
            Outcome::Count(n) => *count = n,
        }
        Ok(())
    })
}

/// Executes with the bound values into a stream (a statement of any kind).
///
/// # Safety
/// `statement` is a live handle; `out_stream` is writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_execute_stream(
    statement: *const FfqStatementHandle,
    out_stream: *mut FFI_ArrowArrayStream,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let slot = out(out_stream, "out_stream")?;
        let execution = handle::execute(handle::statement(statement)?, &ExecOptions::default())?;
        std::ptr::write(slot, execution.export());
        Ok(())
    })
}

/// Executes a statement that returns no rows; `*out_count` gets the number
/// of rows written (0 for DDL). A query is UNSUPPORTED here.
///
/// # Safety
/// `statement` is a live handle; `out_count` is writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_execute_update(
    statement: *const FfqStatementHandle,
    out_count: *mut i64,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let count = out(out_count, "out_count")?;
        match handle::run(handle::statement(statement)?, &ExecOptions::default())? {
            Outcome::Count(n) => {
                *count = n;
                Ok(())
            }
            Outcome::Rows(_) => Err(FfqError::unsupported("statement returns rows; use ffq_statement_execute")),
        }
    })
}

/// Cancels the statement's running execution from any thread. A no-op when
/// nothing runs or for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_cancel(statement: *const FfqStatementHandle) {
    if let Ok(s) = handle::statement(statement) {
        handle::cancel(s);
    }
}

/// Frees a statement; NULL is a no-op. Streams already exported stay valid.
///
/// # Safety
/// `statement` is NULL or a handle from `ffq_statement_prepare`, freed at most once,
/// with no other call on it in flight.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_free(statement: *mut FfqStatementHandle) {
    handle::free(statement)
}

/// Cancels a stream this library exported, from any thread; its pending or next
/// `get_next` fails with SQLState 57014. A no-op for NULL, a released stream or
/// a stream from elsewhere.
///
/// # Safety
/// `stream` is NULL or a valid stream that is not being released concurrently.
#[no_mangle]
pub unsafe extern "C" fn ffq_stream_cancel(stream: *const FFI_ArrowArrayStream) {
    if let Some(e) = Execution::of_stream(stream) {
        e.cancel();
    }
}

/// The error that ended a stream this library exported: `*out_status` (OK when
/// the stream has not failed), its SQLState into `sqlstate_buf` (6 bytes hold it)
/// and its message into `err_buf`. INVALID_CONFIG for a stream from elsewhere.
///
/// # Safety
/// `stream` is NULL or a valid stream; `out_status` is writable; the buffers are
/// NULL or writable for their lengths.
#[no_mangle]
pub unsafe extern "C" fn ffq_stream_error(
    stream: *const FFI_ArrowArrayStream,
    out_status: *mut FfqStatusCode,
    sqlstate_buf: *mut c_char,
    sqlstate_buf_len: usize,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    let status = out(out_status, "out_status");
    let Ok(status) = status else { return report(err_buf, err_buf_len, status.map(|_| ())) };
    let Some(exec) = Execution::of_stream(stream) else {
        return report(err_buf, err_buf_len, Err(null_arg("stream (or not one of this library's streams)")));
    };
    match exec.last_error() {
        None => {
            *status = FfqStatusCode::Ok;
            write_err(sqlstate_buf, sqlstate_buf_len, "");
            write_err(err_buf, err_buf_len, "");
        }
        Some(e) => {
            *status = e.status;
            write_err(sqlstate_buf, sqlstate_buf_len, e.sqlstate);
            write_err(err_buf, err_buf_len, &e.message);
        }
    }
    FfqStatusCode::Ok
}

/// The status of the calling thread's last failed call (OK after a success).
#[no_mangle]
pub extern "C" fn ffq_last_error_status() -> FfqStatusCode {
    last_error().map_or(FfqStatusCode::Ok, |e| e.status)
}

/// Copies the calling thread's last SQLState (5 characters, "" after a
/// success) into `buf`; returns its length.
///
/// # Safety
/// `buf` is NULL or points to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn ffq_last_error_sqlstate(buf: *mut c_char, len: usize) -> usize {
    let s = last_error().map_or("", |e| e.sqlstate);
    write_err(buf, len, s);
    s.len()
}

/// Copies the calling thread's last error message into `buf` (truncated,
/// NUL-terminated); returns its full length in bytes.
///
/// # Safety
/// `buf` is NULL or points to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn ffq_last_error_message(buf: *mut c_char, len: usize) -> usize {
    let m = last_error().map(|e| e.message).unwrap_or_default();
    write_err(buf, len, &m);
    m.len()
}

/// Result streams exported and not yet released, process-wide.
#[no_mangle]
pub extern "C" fn ffq_live_stream_count() -> i64 {
    crate::stream::live_streams()
}
