//! Streams read through the raw C callbacks: every array's and the stream's
//! release callback runs exactly once, and nothing stays alive afterwards.
//! Its own test binary, because it counts live streams process-wide.

mod common;

use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;
use common::*;
use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;

#[test]
fn every_release_callback_runs_exactly_once() {
    let e = new_engine("batch_size_rows=4096");
    register_tpch(e);
    let before = ffq_live_stream_count();
    for sql in ["SELECT * FROM lineitem", "SELECT 1/0 AS boom FROM nation", "SELECT * FROM region"] {
        let mut stream = FFI_ArrowArrayStream::empty();
        let mut err = ErrBuf::new();
        let q = c(sql);
        assert_eq!(unsafe { ffq_engine_execute_stream(e, q.as_ptr(), &mut stream, err.ptr(), err.len()) }, FfqStatusCode::Ok);
        assert_eq!(ffq_live_stream_count(), before + 1);
        let mut schema = FFI_ArrowSchema::empty();
        let rc = unsafe { (stream.get_schema.unwrap())(&mut stream, &mut schema) };
        assert_eq!(rc, 0);
        drop(schema); // releases the schema exactly once (arrow-rs's Drop)
        let mut rows = 0i64;
        loop {
            let mut array = FFI_ArrowArray::empty();
            let rc = unsafe { (stream.get_next.unwrap())(&mut stream, &mut array) };
            if rc != 0 {
                let msg = unsafe { std::ffi::CStr::from_ptr((stream.get_last_error.unwrap())(&mut stream)) };
                assert!(msg.to_string_lossy().contains("zero"), "{msg:?}");
                let (status, state, message) = stream_error(&stream);
                assert_eq!((status, state.as_str()), (FfqStatusCode::Execution, "22012"), "the stream keeps its own error");
                assert!(message.contains("zero"), "{message}");
                break;
            }
            if array.is_released() {
                break; // end of stream
            }
            rows += array.len() as i64;
            // Call release by hand and check that it marks the struct released.
            let raw: *mut FFI_ArrowArray = &mut array;
            unsafe {
                let release = (*(raw as *mut RawArray)).release.expect("release set");
                release(raw as *mut RawArray);
                assert!((*(raw as *mut RawArray)).release.is_none(), "release nulls itself");
            }
            std::mem::forget(array);
        }
        if sql.contains("lineitem") {
            assert_eq!(rows, 60175);
        }
        unsafe {
            let raw = &mut stream as *mut FFI_ArrowArrayStream as *mut RawStream;
            ((*raw).release.unwrap())(raw);
            assert!((*raw).release.is_none());
        }
        std::mem::forget(stream);
        assert_eq!(ffq_live_stream_count(), before, "{sql}: stream released");
    }
    unsafe { ffq_engine_free(e) };
}

/// The C struct layouts, to call release by hand.
#[repr(C)]
struct RawArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const std::ffi::c_void,
    children: *mut *mut RawArray,
    dictionary: *mut RawArray,
    release: Option<unsafe extern "C" fn(*mut RawArray)>,
    private_data: *mut std::ffi::c_void,
}

#[repr(C)]
struct RawStream {
    get_schema: Option<unsafe extern "C" fn(*mut RawStream, *mut FFI_ArrowSchema) -> i32>,
    get_next: Option<unsafe extern "C" fn(*mut RawStream, *mut FFI_ArrowArray) -> i32>,
    get_last_error: Option<unsafe extern "C" fn(*mut RawStream) -> *const std::ffi::c_char>,
    release: Option<unsafe extern "C" fn(*mut RawStream)>,
    private_data: *mut std::ffi::c_void,
}
