//! FFQ's C ABI (`include/ffq_ffi.h`) and what the engine offers beyond it.
//!
//! Every function body runs under `catch_unwind`: a panic becomes
//! `FFQ_STATUS_INTERNAL` with its message and never unwinds into C.
//! Every fallible call takes an optional `err_buf`/`err_buf_len`.

use std::ffi::{c_char, CStr};
use std::path::Path;

use arrow::array::StructArray;
use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;

use crate::catalog::TableDef;
use crate::config::EngineConfig;
use crate::engine::{Engine, QueryResult};
use crate::error::{catch_panic, clear_last_error, last_error, set_last_error, FfqError, FfqStatusCode, Result};
use crate::statement::{ExecOptions, Outcome, Statement};

/// An engine. Owned by the caller; free with `ffq_engine_free`.
pub struct FfqEngineHandle {
    engine: Engine,
}

/// A materialised result. Owned by the caller; free with `ffq_result_free`.
pub struct FfqResultHandle {
    result: QueryResult,
}

/// A prepared statement. Owned by the caller; free with `ffq_statement_free`.
pub struct FfqStatementHandle {
    statement: Statement,
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

/// Runs one C ABI call: catches panics, records the last error, fills `err_buf`.
///
/// # Safety
/// `err_buf` is NULL or points to `err_buf_len` writable bytes.
unsafe fn guard(err_buf: *mut c_char, err_buf_len: usize, f: impl FnOnce() -> Result<()>) -> FfqStatusCode {
    match catch_panic(f) {
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

/// # Safety
/// `p` is NULL or a NUL-terminated string that outlives the call.
unsafe fn text<'a>(p: *const c_char, what: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(FfqError::invalid_config(format!("{what} is NULL")));
    }
    CStr::from_ptr(p).to_str().map_err(|_| FfqError::invalid_config(format!("{what} is not valid UTF-8")))
}

fn null_arg(what: &str) -> FfqError {
    FfqError::invalid_config(format!("{what} is NULL"))
}

/// # Safety
/// `h` is NULL or a live handle from this library.
unsafe fn engine<'a>(h: *const FfqEngineHandle) -> Result<&'a Engine> {
    h.as_ref().map(|h| &h.engine).ok_or_else(|| null_arg("engine"))
}

/// # Safety
/// `h` is NULL or a live handle from this library.
unsafe fn statement<'a>(h: *const FfqStatementHandle) -> Result<&'a Statement> {
    h.as_ref().map(|h| &h.statement).ok_or_else(|| null_arg("statement"))
}

/// # Safety
/// `out` is NULL or writable.
unsafe fn new_engine(out: *mut *mut FfqEngineHandle, config: impl FnOnce() -> Result<EngineConfig>) -> Result<()> {
    if out.is_null() {
        return Err(null_arg("out_engine"));
    }
    *out = std::ptr::null_mut();
    let engine = Engine::new(config()?)?;
    *out = Box::into_raw(Box::new(FfqEngineHandle { engine }));
    Ok(())
}

/// The status's name ("OK", "INVALID_CONFIG", ...); "UNKNOWN" for other values.
/// The string is static.
#[no_mangle]
pub extern "C" fn ffq_status_name(code: i32) -> *const c_char {
    let name: &'static CStr = match FfqStatusCode::from_i32(code) {
        Some(FfqStatusCode::Ok) => c"OK",
        Some(FfqStatusCode::InvalidConfig) => c"INVALID_CONFIG",
        Some(FfqStatusCode::Planning) => c"PLANNING",
        Some(FfqStatusCode::Execution) => c"EXECUTION",
        Some(FfqStatusCode::Io) => c"IO",
        Some(FfqStatusCode::Unsupported) => c"UNSUPPORTED",
        Some(FfqStatusCode::Internal) => c"INTERNAL",
        None => c"UNKNOWN",
    };
    name.as_ptr()
}

/// # Safety
/// `out_engine` is writable; `err_buf` is NULL or `err_buf_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_new_default(
    out_engine: *mut *mut FfqEngineHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || new_engine(out_engine, || Ok(EngineConfig::from_env())))
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
    guard(err_buf, err_buf_len, || {
        new_engine(out_engine, || EngineConfig::from_json(text(config_json, "config_json")?))
    })
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
    guard(err_buf, err_buf_len, || {
        new_engine(out_engine, || EngineConfig::from_kv(text(config_kv, "config_kv")?))
    })
}

/// Frees an engine; NULL is a no-op. Statements and streams made from it stay
/// valid (they share the session) until they are freed themselves.
///
/// # Safety
/// `engine` is NULL or a handle from `ffq_engine_new_*`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_free(engine: *mut FfqEngineHandle) {
    if !engine.is_null() {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(Box::from_raw(engine))));
    }
}

/// # Safety
/// `engine` is a live handle, `table_json` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_register_table_json(
    engine_h: *mut FfqEngineHandle,
    table_json: *const c_char,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let engine = engine(engine_h)?;
        engine.register_table(&TableDef::parse_json(text(table_json, "table_json")?)?)
    })
}

/// # Safety
/// `engine` is a live handle, `catalog_path` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_register_catalog_path(
    engine_h: *mut FfqEngineHandle,
    catalog_path: *const c_char,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let engine = engine(engine_h)?;
        engine.register_catalog_path(Path::new(text(catalog_path, "catalog_path")?)).map(|_| ())
    })
}

/// # Safety
/// `engine` is a live handle, `sql` a NUL-terminated string, `out_result` writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_execute_sql(
    engine_h: *mut FfqEngineHandle,
    sql: *const c_char,
    out_result: *mut *mut FfqResultHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_result.is_null() {
            return Err(null_arg("out_result"));
        }
        *out_result = std::ptr::null_mut();
        let result = engine(engine_h)?.execute_sql(text(sql, "sql")?)?;
        *out_result = Box::into_raw(Box::new(FfqResultHandle { result }));
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
        if out_ptr.is_null() || out_len.is_null() {
            return Err(null_arg("out_ptr/out_len"));
        }
        *out_ptr = r.result.ipc.as_ptr();
        *out_len = r.result.ipc.len();
        Ok(())
    })
}

/// Rows in the result; 0 for NULL.
///
/// # Safety
/// `result` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_row_count(result: *const FfqResultHandle) -> usize {
    result.as_ref().map_or(0, |r| r.result.row_count as usize)
}

/// Batches in the result; 0 for NULL.
///
/// # Safety
/// `result` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_batch_count(result: *const FfqResultHandle) -> usize {
    result.as_ref().map_or(0, |r| r.result.batches.len())
}

/// Frees a result; NULL is a no-op.
///
/// # Safety
/// `result` is NULL or a handle from `ffq_engine_execute_sql`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn ffq_result_free(result: *mut FfqResultHandle) {
    if !result.is_null() {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(Box::from_raw(result))));
    }
}

/// Runs `sql` and exports its result as an Arrow C stream that yields batches
/// as the engine produces them. The caller owns the stream and must call its
/// `release` exactly once.
///
/// # Safety
/// `engine` is a live handle, `sql` NUL-terminated, `out_stream` points to
/// writable memory for one `struct ArrowArrayStream` (overwritten, not released).
#[no_mangle]
pub unsafe extern "C" fn ffq_engine_execute_stream(
    engine_h: *mut FfqEngineHandle,
    sql: *const c_char,
    out_stream: *mut FFI_ArrowArrayStream,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_stream.is_null() {
            return Err(null_arg("out_stream"));
        }
        let statement = engine(engine_h)?.prepare(text(sql, "sql")?)?;
        let reader = statement.execute(&ExecOptions::default())?;
        std::ptr::write(out_stream, FFI_ArrowArrayStream::new(Box::new(reader)));
        Ok(())
    })
}

/// Plans `sql` (with `?` or `$n` parameters) without running it.
///
/// # Safety
/// `engine` is a live handle, `sql` NUL-terminated, `out_statement` writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_prepare(
    engine_h: *mut FfqEngineHandle,
    sql: *const c_char,
    out_statement: *mut *mut FfqStatementHandle,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_statement.is_null() {
            return Err(null_arg("out_statement"));
        }
        *out_statement = std::ptr::null_mut();
        let statement = engine(engine_h)?.prepare(text(sql, "sql")?)?;
        *out_statement = Box::into_raw(Box::new(FfqStatementHandle { statement }));
        Ok(())
    })
}

/// 0 = returns rows, 1 = returns a row count, 2 = returns nothing; -1 for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_kind(statement: *const FfqStatementHandle) -> i32 {
    statement.as_ref().map_or(-1, |s| s.statement.kind() as i32)
}

/// The number of parameters; 0 for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_param_count(statement: *const FfqStatementHandle) -> usize {
    statement.as_ref().map_or(0, |s| s.statement.param_count())
}

/// Exports the parameter types as a struct schema, one field per parameter
/// (`$1`, `$2`, ...; type `null` where the planner could not tell). The caller
/// owns `*out_schema` and must release it.
///
/// # Safety
/// `statement` is a live handle; `out_schema` points to writable memory for
/// one `struct ArrowSchema` (overwritten, not released).
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_param_schema(
    statement_h: *const FfqStatementHandle,
    out_schema: *mut FFI_ArrowSchema,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_schema.is_null() {
            return Err(null_arg("out_schema"));
        }
        let schema = statement(statement_h)?.param_schema();
        std::ptr::write(out_schema, FFI_ArrowSchema::try_from(&schema)?);
        Ok(())
    })
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
    statement_h: *const FfqStatementHandle,
    schema: *const FFI_ArrowSchema,
    array: *mut FFI_ArrowArray,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        let statement = statement(statement_h)?;
        if schema.is_null() || array.is_null() {
            return Err(null_arg("schema/array"));
        }
        let owned = std::ptr::replace(array, FFI_ArrowArray::empty());
        bind_ffi(statement, owned, &*schema)
    })
}

/// Imports a C Data struct array and binds it.
///
/// # Safety
/// `array` and `schema` describe the same valid struct array.
pub(crate) unsafe fn bind_ffi(statement: &Statement, array: FFI_ArrowArray, schema: &FFI_ArrowSchema) -> Result<()> {
    let data = arrow::ffi::from_ffi(array, schema)?;
    if !matches!(data.data_type(), arrow::datatypes::DataType::Struct(_)) {
        return Err(FfqError::new(
            FfqStatusCode::Execution,
            "22023",
            format!("parameter values must be a struct array, got {}", data.data_type()),
        ));
    }
    let values = StructArray::from(data);
    statement.bind_struct(&values)
}

/// Executes into an Arrow C stream (see `ffq_engine_execute_stream`).
///
/// # Safety
/// `statement` is a live handle; `out_stream` is writable.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_execute_stream(
    statement_h: *const FfqStatementHandle,
    out_stream: *mut FFI_ArrowArrayStream,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_stream.is_null() {
            return Err(null_arg("out_stream"));
        }
        let reader = statement(statement_h)?.execute(&ExecOptions::default())?;
        std::ptr::write(out_stream, FFI_ArrowArrayStream::new(Box::new(reader)));
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
    statement_h: *const FfqStatementHandle,
    out_count: *mut i64,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        if out_count.is_null() {
            return Err(null_arg("out_count"));
        }
        match statement(statement_h)?.run(&ExecOptions::default())? {
            Outcome::Count(n) => {
                *out_count = n;
                Ok(())
            }
            Outcome::Rows(_) => Err(FfqError::unsupported(
                "statement returns rows; use ffq_statement_execute_stream",
            )),
        }
    })
}

/// Cancels the statement's running execution from any thread; its stream
/// then ends with an error (SQLState 57014) and the engine stops working on
/// it. A no-op when nothing runs or for NULL.
///
/// # Safety
/// `statement` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_cancel(statement: *const FfqStatementHandle) {
    if let Some(s) = statement.as_ref() {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.statement.cancel()));
    }
}

/// Frees a statement; NULL is a no-op. Streams already exported stay valid.
///
/// # Safety
/// `statement` is NULL or a handle from `ffq_statement_prepare`, freed at most once,
/// with no other call on it in flight.
#[no_mangle]
pub unsafe extern "C" fn ffq_statement_free(statement: *mut FfqStatementHandle) {
    if !statement.is_null() {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(Box::from_raw(statement))));
    }
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

/// Writes TPC-H tables at scale factor `scale_factor` into `dir` as Parquet,
/// with a `catalog.json` listing them.
///
/// # Safety
/// `dir` is a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn ffq_tpch_generate(
    scale_factor: f64,
    dir: *const c_char,
    err_buf: *mut c_char,
    err_buf_len: usize,
) -> FfqStatusCode {
    guard(err_buf, err_buf_len, || {
        crate::tpch::generate(scale_factor, Path::new(text(dir, "dir")?)).map(|_| ())
    })
}
