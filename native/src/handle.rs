//! The one handle layer under both faces (the C ABI in [`crate::ffi`] and JNI in
//! [`crate::jni`]): how engines, statements, results and executions are handed
//! out as raw pointers, looked up, called and freed. The faces only convert
//! arguments and report errors.
//!
//! Every call runs under `catch_unwind` on an engine thread (big stack; see
//! [`crate::runtime`]). Lookups of a NULL handle fail the same way on both faces.
//! Frees drop on an engine thread too: a statement may hold a deep plan.
//!
//! Ownership: each `*_into_raw` hands the caller a handle it must free exactly once
//! with the matching `free_*`, with no other call on it in flight. `cancel` on a
//! statement or execution is the exception: it may race with any call but a free.

use std::path::Path;

use arrow::array::StructArray;
use arrow::datatypes::Schema;
use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};

use crate::catalog::TableDef;
use crate::config::EngineConfig;
use crate::engine::{Engine, QueryResult};
use crate::error::{catch_panic, FfqError, FfqStatusCode, Result};
use crate::runtime::{on_engine_thread, on_engine_thread_unless_shallow, SHALLOW_DEPTH};
use crate::statement::{ExecOptions, Outcome, Statement};
use crate::stream::Execution;

/// An engine. Owned by the caller; free with `ffq_engine_free` (C) or `engineFree` (JNI).
pub struct FfqEngineHandle(Engine);
/// A prepared statement. Owned by the caller; free with `ffq_statement_free` / `statementFree`.
pub struct FfqStatementHandle(Statement);
/// A materialised result (FFQ's C ABI). Owned by the caller; free with `ffq_result_free`.
pub struct FfqResultHandle(pub QueryResult);

/// Runs one engine call: on an engine thread, a panic becomes INTERNAL.
pub fn call<T: Send>(f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    catch_panic(|| on_engine_thread(f))
}

/// [`call`] for work on a statement that may run on the caller's thread when shallow.
fn call_on<T: Send>(shallow: bool, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    catch_panic(|| on_engine_thread_unless_shallow(shallow, f))
}

fn closed(what: &str, sqlstate: &'static str) -> FfqError {
    FfqError::new(FfqStatusCode::InvalidConfig, sqlstate, format!("{what} handle is NULL (closed or never opened)"))
}

/// # Safety
/// `h` is NULL or a live handle from [`engine_new`].
pub unsafe fn engine<'a>(h: *const FfqEngineHandle) -> Result<&'a Engine> {
    h.as_ref().map(|h| &h.0).ok_or_else(|| closed("engine", "08003"))
}

/// # Safety
/// `h` is NULL or a live handle from [`prepare`].
pub unsafe fn statement<'a>(h: *const FfqStatementHandle) -> Result<&'a Statement> {
    h.as_ref().map(|h| &h.0).ok_or_else(|| closed("statement", "HY010"))
}

/// # Safety
/// `h` is NULL or a live handle from [`execution_into_raw`].
pub unsafe fn execution<'a>(h: *const Execution) -> Result<&'a Execution> {
    h.as_ref().ok_or_else(|| closed("result stream", "HY010"))
}

pub fn engine_new(config: impl FnOnce() -> Result<EngineConfig> + Send) -> Result<*mut FfqEngineHandle> {
    call(|| Ok(Box::new(FfqEngineHandle(Engine::new(config()?)?)))).map(Box::into_raw)
}

pub fn register_table(engine: &Engine, table_json: &str) -> Result<()> {
    call(|| engine.register_table(&TableDef::parse_json(table_json)?))
}

pub fn register_catalog(engine: &Engine, path: &str) -> Result<usize> {
    call(|| engine.register_catalog_path(Path::new(path)))
}

/// Reads an Arrow C stream (taking ownership) into an in-memory table `name`. The
/// stream is read on the calling thread: its producer may be a runtime (a JVM) that
/// must not be called from the engine's threads.
pub fn register_stream(engine: &Engine, name: &str, stream: arrow::ffi_stream::FFI_ArrowArrayStream) -> Result<()> {
    catch_panic(|| {
        let reader = arrow::ffi_stream::ArrowArrayStreamReader::try_new(stream)?;
        engine.register_batches(name, reader)
    })
}

pub fn execute_sql(engine: &Engine, sql: &str) -> Result<*mut FfqResultHandle> {
    call(|| Ok(Box::new(FfqResultHandle(engine.execute_sql(sql)?)))).map(Box::into_raw)
}

pub fn prepare(engine: &Engine, sql: &str) -> Result<*mut FfqStatementHandle> {
    // Parsing and planning grow their stack where they recurse; the rest recurses once
    // per level, and a statement never nests deeper than it has tokens.
    let shallow = crate::limits::token_bound(sql) <= 2 * SHALLOW_DEPTH;
    call_on(shallow, || Ok(Box::new(FfqStatementHandle(engine.prepare(sql)?)))).map(Box::into_raw)
}

/// The parameter schema (`result == false`) or the result schema, exported.
pub fn schema(statement: &Statement, result: bool) -> Result<FFI_ArrowSchema> {
    call_on(statement.shallow(), || {
        let schema: Schema = if result { statement.result_schema() } else { statement.param_schema() };
        Ok(FFI_ArrowSchema::try_from(&schema)?)
    })
}

/// Imports a one-row struct array (taking ownership of `array`) and binds it.
///
/// # Safety
/// `array` and `schema` describe the same valid struct array.
pub unsafe fn bind(statement: &Statement, array: FFI_ArrowArray, schema: &FFI_ArrowSchema) -> Result<()> {
    let data = arrow::ffi::from_ffi(array, schema)?;
    if !matches!(data.data_type(), arrow::datatypes::DataType::Struct(_)) {
        return Err(FfqError::new(
            FfqStatusCode::Execution,
            "22023",
            format!("parameter values must be a struct array, got {}", data.data_type()),
        ));
    }
    let values = StructArray::from(data);
    call_on(statement.shallow(), || statement.bind_struct(&values))
}

pub fn clear_bindings(statement: &Statement) -> Result<()> {
    call_on(statement.shallow(), || {
        statement.clear_bindings();
        Ok(())
    })
}

/// Runs a statement: an execution for rows, else the update count.
pub fn run(statement: &Statement, opts: &ExecOptions) -> Result<Outcome> {
    call_on(statement.shallow(), || statement.run(opts))
}

/// Runs a statement of any kind into an execution (rows, or the count as one row).
pub fn execute(statement: &Statement, opts: &ExecOptions) -> Result<Execution> {
    call_on(statement.shallow(), || statement.execute(opts))
}

/// Fires the statement's cancel token; never fails, never waits.
pub fn cancel(statement: &Statement) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| statement.cancel()));
}

/// Hands an execution out as a raw handle (JNI face); free with [`free_execution`].
pub fn execution_into_raw(e: Execution) -> *mut Execution {
    Box::into_raw(Box::new(e))
}

/// Frees a handle from this layer. NULL is a no-op.
///
/// # Safety
/// `h` is NULL or a handle of type `T` from this layer, freed at most once, with
/// no other call on it in flight.
pub unsafe fn free<T: Send + Weight>(h: *mut T) {
    if !h.is_null() {
        let owned = Box::from_raw(h);
        let shallow = owned.shallow();
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            on_engine_thread_unless_shallow(shallow, move || drop(owned))
        }));
    }
}

/// Whether dropping a handle may run on the caller's thread (its plan nests shallowly).
pub trait Weight {
    fn shallow(&self) -> bool {
        false
    }
}

impl Weight for FfqEngineHandle {}
impl Weight for FfqResultHandle {}
impl Weight for FfqStatementHandle {
    fn shallow(&self) -> bool {
        self.0.shallow()
    }
}
impl Weight for Execution {
    fn shallow(&self) -> bool {
        self.is_shallow()
    }
}
