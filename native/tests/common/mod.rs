//! Helpers shared by the C ABI tests: test data and C-string plumbing.
#![allow(dead_code)]

use std::ffi::{c_char, CStr, CString};
use std::path::PathBuf;
use std::sync::OnceLock;

use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;

/// TPC-H SF 0.01, generated once per test binary.
pub fn tpch_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ffq-native-tests-{}", std::process::id()));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_ffq-tpchgen"))
            .args(["--sf", "0.01", "--out"])
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run ffq-tpchgen");
        assert!(status.success(), "ffq-tpchgen failed: {status}");
        dir
    })
    .clone()
}

pub fn lineitem() -> String {
    tpch_dir().join("lineitem.parquet").to_string_lossy().into_owned()
}

pub fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

pub struct ErrBuf(pub Vec<u8>);

impl ErrBuf {
    pub fn new() -> Self {
        ErrBuf(vec![0xAA; 1024])
    }
    pub fn ptr(&mut self) -> *mut c_char {
        self.0.as_mut_ptr() as *mut c_char
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn text(&self) -> String {
        CStr::from_bytes_until_nul(&self.0).unwrap().to_string_lossy().into_owned()
    }
}

pub fn new_engine(kv: &str) -> *mut FfqEngineHandle {
    let mut e = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    let cfg = c(kv);
    let st = unsafe { ffq_engine_new_from_config_kv(cfg.as_ptr(), &mut e, err.ptr(), err.len()) };
    assert_eq!(st, FfqStatusCode::Ok, "{}", err.text());
    e
}

pub fn register_tpch(engine: *mut FfqEngineHandle) {
    let mut err = ErrBuf::new();
    let path = c(&tpch_dir().join("catalog.json").to_string_lossy());
    let st = unsafe { ffq_engine_register_catalog_path(engine, path.as_ptr(), err.ptr(), err.len()) };
    assert_eq!(st, FfqStatusCode::Ok, "{}", err.text());
}

/// Runs SQL through ffq_engine_execute_sql; returns (status, message, rows).
pub fn run(engine: *mut FfqEngineHandle, sql: &str) -> (FfqStatusCode, String, usize) {
    let mut r = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    let sql = c(sql);
    let st = unsafe { ffq_engine_execute_sql(engine, sql.as_ptr(), &mut r, err.ptr(), err.len()) };
    let rows = unsafe { ffq_result_row_count(r) };
    unsafe { ffq_result_free(r) };
    (st, err.text(), rows)
}

pub fn last_sqlstate() -> String {
    let mut buf = [0u8; 8];
    unsafe { ffq_last_error_sqlstate(buf.as_mut_ptr() as *mut c_char, buf.len()) };
    CStr::from_bytes_until_nul(&buf).unwrap().to_string_lossy().into_owned()
}

/// The error a stream of this library ended with: (status, SQLState, message).
pub fn stream_error(stream: &arrow::ffi_stream::FFI_ArrowArrayStream) -> (FfqStatusCode, String, String) {
    let mut status = FfqStatusCode::Internal;
    let mut state = [0u8; 6];
    let mut msg = ErrBuf::new();
    let st = unsafe {
        ffq_stream_error(stream, &mut status, state.as_mut_ptr() as *mut c_char, state.len(), msg.ptr(), msg.len())
    };
    assert_eq!(st, FfqStatusCode::Ok, "{}", msg.text());
    (status, CStr::from_bytes_until_nul(&state).unwrap().to_string_lossy().into_owned(), msg.text())
}
