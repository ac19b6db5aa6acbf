//! A running query's results: an [`Execution`] pulls batches from DataFusion as the
//! consumer asks for them, keeps its own last error, and is exported either as an
//! Arrow C stream (C ABI) or as a handle whose batches the JNI face fetches.
//!
//! Nothing is materialised. Every call that reaches engine code runs on an engine
//! thread under `catch_unwind`, so no stream callback unwinds into a foreign frame.
//! The error of a failed call stays with the execution that failed (status,
//! SQLState, message), never in a thread-local: a consumer may call from any thread.

use std::collections::BTreeSet;
use std::ffi::{c_char, c_int, c_void, CString};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use arrow::array::{Array, StructArray};
use arrow::datatypes::SchemaRef;
use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::RecordBatch;
use datafusion::execution::SendableRecordBatchStream;
use futures::StreamExt;

use crate::cancel::CancelToken;
use crate::error::{catch_panic, FfqError, Result};
use crate::runtime::{block_on, on_engine_thread_unless_shallow};

static LIVE_STREAMS: AtomicI64 = AtomicI64::new(0);

/// The private data of every stream exported and not yet released, so that a stream
/// handed back to this library can be recognised as one of its own.
static EXPORTED: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

fn exported_set() -> std::sync::MutexGuard<'static, BTreeSet<usize>> {
    EXPORTED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Executions created and not yet released, process-wide. Tests use it to prove
/// that every stream's release ran.
pub fn live_streams() -> i64 {
    LIVE_STREAMS.load(Ordering::SeqCst)
}

/// One execution's rows. `next_batch` and `cancel` may be called from any thread;
/// calls to `next_batch` are serialised; `cancel` never waits for them.
pub struct Execution {
    schema: SchemaRef,
    cancel: CancelToken,
    state: Mutex<State>,
    /// Its plan nests shallowly: batches may be computed on the caller's thread.
    shallow: bool,
}

struct State {
    /// `None` once the stream ended, failed or was cancelled (its work is then dropped).
    stream: Option<SendableRecordBatchStream>,
    error: Option<FfqError>,
    /// The error's message for `get_last_error`; lives until the next call.
    error_text: Option<CString>,
}

impl Execution {
    pub fn new(stream: SendableRecordBatchStream, cancel: CancelToken) -> Self {
        LIVE_STREAMS.fetch_add(1, Ordering::SeqCst);
        Execution {
            schema: stream.schema(),
            cancel,
            state: Mutex::new(State { stream: Some(stream), error: None, error_text: None }),
            shallow: false,
        }
    }

    /// Marks the execution of a shallow statement (see [`crate::statement::Statement::shallow`]).
    pub fn shallow(mut self, shallow: bool) -> Self {
        self.shallow = shallow;
        self
    }

    pub fn is_shallow(&self) -> bool {
        self.shallow
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Stops the execution from any thread; the pending or next `next_batch` fails
    /// with SQLState 57014 and the engine's work on it stops.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The next batch, `None` at the end, or the error that ended the execution
    /// (kept: asking again returns the same error).
    pub fn next_batch(&self) -> Result<Option<RecordBatch>> {
        catch_panic(|| {
            on_engine_thread_unless_shallow(self.shallow, || {
                let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(e) = &state.error {
                    return Err(e.clone());
                }
                let Some(stream) = state.stream.as_mut() else { return Ok(None) };
                let cancel = &self.cancel;
                let item = block_on(async {
                    tokio::select! {
                        biased;
                        _ = cancel.cancelled() => Some(Err(FfqError::cancelled())),
                        item = stream.next() => item.map(|r| r.map_err(FfqError::from)),
                    }
                });
                match item {
                    Some(Ok(batch)) => Ok(Some(batch)),
                    None => {
                        state.stream = None;
                        Ok(None)
                    }
                    Some(Err(e)) => {
                        state.stream = None;
                        Err(e)
                    }
                }
            })
        })
        .inspect_err(|e| self.remember(e))
    }

    fn remember(&self, e: &FfqError) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // A panic unwound past the stream: drop what is left of it.
        if let Some(stream) = state.stream.take() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(stream)));
        }
        state.error_text = CString::new(e.message.replace('\0', " ")).ok();
        state.error = Some(e.clone());
    }

    /// The error that ended this execution, if one did.
    pub fn last_error(&self) -> Option<FfqError> {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).error.clone()
    }

    /// The next batch as a C Data struct array written to `out` (released, i.e.
    /// `release == NULL`, at the end of the stream).
    ///
    /// # Safety
    /// `out` points to writable memory for one `struct ArrowArray` (not released first).
    pub unsafe fn next_into(&self, out: *mut FFI_ArrowArray) -> Result<bool> {
        match self.next_batch()? {
            Some(batch) => {
                let array = FFI_ArrowArray::new(&StructArray::from(batch).into_data());
                std::ptr::write_unaligned(out, array);
                Ok(true)
            }
            None => {
                std::ptr::write_unaligned(out, FFI_ArrowArray::empty());
                Ok(false)
            }
        }
    }

    /// Moves this execution into an Arrow C stream; its release frees it.
    pub fn export(self) -> FFI_ArrowArrayStream {
        let private_data = Box::into_raw(Box::new(self));
        exported_set().insert(private_data as usize);
        FFI_ArrowArrayStream {
            get_schema: Some(stream_get_schema),
            get_next: Some(stream_get_next),
            get_last_error: Some(stream_get_last_error),
            release: Some(stream_release),
            private_data: private_data as *mut c_void,
        }
    }

    /// The execution behind a stream exported by [`Execution::export`]; `None` for
    /// a released stream or one this library did not make.
    ///
    /// # Safety
    /// `stream` is NULL or points to a valid `struct ArrowArrayStream`.
    pub unsafe fn of_stream<'a>(stream: *const FFI_ArrowArrayStream) -> Option<&'a Execution> {
        let s = stream.as_ref()?;
        if s.release.is_none() || !exported_set().contains(&(s.private_data as usize)) {
            return None;
        }
        (s.private_data as *const Execution).as_ref()
    }
}

impl Drop for Execution {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
        if let Some(stream) = state.stream.take() {
            // Dropping the stream aborts its tasks; a deep plan drops recursively, so
            // it goes on an engine thread; a panic there must not escape.
            let shallow = self.shallow;
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                on_engine_thread_unless_shallow(shallow, move || drop(stream))
            }));
        }
        LIVE_STREAMS.fetch_sub(1, Ordering::SeqCst);
    }
}

const EIO: c_int = 5;
const EINVAL: c_int = 22;

/// # Safety
/// Called through an exported stream: `stream` is live and its private data an Execution.
unsafe fn exported<'a>(stream: *mut FFI_ArrowArrayStream) -> Option<&'a Execution> {
    Execution::of_stream(stream)
}

unsafe extern "C" fn stream_get_schema(stream: *mut FFI_ArrowArrayStream, out: *mut FFI_ArrowSchema) -> c_int {
    let Some(exec) = exported(stream) else { return EINVAL };
    if out.is_null() {
        return EINVAL;
    }
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| FFI_ArrowSchema::try_from(exec.schema.as_ref()))) {
        Ok(Ok(schema)) => {
            std::ptr::write_unaligned(out, schema);
            0
        }
        Ok(Err(e)) => {
            exec.remember(&e.into());
            EINVAL
        }
        Err(p) => {
            exec.remember(&FfqError::from_panic(p));
            EINVAL
        }
    }
}

unsafe extern "C" fn stream_get_next(stream: *mut FFI_ArrowArrayStream, out: *mut FFI_ArrowArray) -> c_int {
    let Some(exec) = exported(stream) else { return EINVAL };
    if out.is_null() {
        return EINVAL;
    }
    match exec.next_into(out) {
        Ok(_) => 0,
        Err(_) => EIO,
    }
}

unsafe extern "C" fn stream_get_last_error(stream: *mut FFI_ArrowArrayStream) -> *const c_char {
    let Some(exec) = exported(stream) else { return std::ptr::null() };
    let state = exec.state.lock().unwrap_or_else(|p| p.into_inner());
    state.error_text.as_ref().map_or(std::ptr::null(), |t| t.as_ptr())
}

unsafe extern "C" fn stream_release(stream: *mut FFI_ArrowArrayStream) {
    let Some(s) = stream.as_mut() else { return };
    if !s.private_data.is_null() && exported_set().remove(&(s.private_data as usize)) {
        let exec = Box::from_raw(s.private_data as *mut Execution);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(exec)));
    }
    s.private_data = std::ptr::null_mut();
    s.release = None;
}
