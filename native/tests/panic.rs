//! A panic inside the engine becomes INTERNAL and the process lives on.
//! Its own binary, because it turns the test hooks on for the process.

mod common;

use common::*;
use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;

#[test]
fn injected_panic_is_internal_and_the_engine_survives() {
    std::env::set_var("FFQ_ENABLE_TEST_HOOKS", "1");
    let e = new_engine("");
    for sql in ["SELECT ffq_test_panic('x')", "SELECT ffq_test_panic(CAST(v AS VARCHAR)) FROM range(0, 100000) t(v)"] {
        let (st, msg, _) = run(e, sql);
        assert_eq!(st, FfqStatusCode::Internal, "{sql}: {msg}");
        assert!(msg.contains("ffq_test_panic called"), "{msg}");
        assert_eq!(last_sqlstate(), "XX000");
        // Through the stream interface too.
        let mut stream = arrow::ffi_stream::FFI_ArrowArrayStream::empty();
        let mut err = ErrBuf::new();
        let q = c(sql);
        let st = unsafe { ffq_engine_execute_stream(e, q.as_ptr(), &mut stream, err.ptr(), err.len()) };
        if st == FfqStatusCode::Ok {
            let reader = unsafe { arrow::ffi_stream::ArrowArrayStreamReader::from_raw(&mut stream) }.unwrap();
            let failed = reader.into_iter().any(|b| b.is_err());
            assert!(failed);
        } else {
            assert_eq!(st, FfqStatusCode::Internal);
        }
    }
    assert_eq!(run(e, "SELECT 42").0, FfqStatusCode::Ok);
    unsafe { ffq_engine_free(e) };
}
