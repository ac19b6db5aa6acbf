//! Cancelling a long query from another thread ends it within a second and
//! leaves the engine usable.

mod common;

use std::time::{Duration, Instant};

use arrow::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use common::*;
use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;

const LONG: &str = "SELECT count(*) FROM range(0, 100000000000) a";

#[test]
fn cancel_a_running_stream_from_another_thread() {
    let e = new_engine("");
    let mut s = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    let q = c(LONG);
    assert_eq!(unsafe { ffq_statement_prepare(e, q.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    let mut stream = FFI_ArrowArrayStream::empty();
    assert_eq!(unsafe { ffq_statement_execute_stream(s, &mut stream, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    let s_addr = s as usize;
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let at = Instant::now();
        unsafe { ffq_statement_cancel(s_addr as *const FfqStatementHandle) };
        at
    });
    let reader = unsafe { ArrowArrayStreamReader::from_raw(&mut stream) }.unwrap();
    let mut result = None;
    for b in reader {
        result = Some(b);
        break;
    }
    let ended = Instant::now();
    let cancelled_at = canceller.join().unwrap();
    let err_text = format!("{:?}", result.expect("an item"));
    assert!(err_text.contains("cancel"), "{err_text}");
    assert!(ended.duration_since(cancelled_at) < Duration::from_secs(1), "took {:?}", ended.duration_since(cancelled_at));
    unsafe { ffq_statement_free(s) };
    // The engine still works.
    assert_eq!(run(e, "SELECT 1").0, FfqStatusCode::Ok);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn cancel_a_blocking_update_from_another_thread() {
    let e = new_engine("");
    let mut s = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    let q = c("CREATE TABLE huge AS SELECT count(*) AS n FROM range(0, 100000000000)");
    assert_eq!(unsafe { ffq_statement_prepare(e, q.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    let s_addr = s as usize;
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let at = Instant::now();
        unsafe { ffq_statement_cancel(s_addr as *const FfqStatementHandle) };
        at
    });
    let mut n = 0i64;
    let st = unsafe { ffq_statement_execute_update(s, &mut n, err.ptr(), err.len()) };
    let ended = Instant::now();
    let cancelled_at = canceller.join().unwrap();
    assert_eq!(st, FfqStatusCode::Execution, "{}", err.text());
    assert_eq!(last_sqlstate(), "57014");
    assert!(ended.duration_since(cancelled_at) < Duration::from_secs(1));
    unsafe { ffq_statement_free(s) };
    unsafe { ffq_engine_free(e) };
}
