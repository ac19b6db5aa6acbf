//! Schema inference policies, drift and write-back for Parquet tables.

mod common;

use std::path::Path;
use std::sync::Arc;

use arrow::array::{ArrayRef, Int32Array, Int64Array, StringArray};
use arrow::record_batch::RecordBatch;
use common::*;
use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;
use parquet::arrow::ArrowWriter;

fn write(path: &Path, cols: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(cols).unwrap();
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn dirs() -> (std::path::PathBuf, std::path::PathBuf) {
    static DIRS: std::sync::OnceLock<(std::path::PathBuf, std::path::PathBuf)> = std::sync::OnceLock::new();
    DIRS.get_or_init(make_dirs).clone()
}

fn make_dirs() -> (std::path::PathBuf, std::path::PathBuf) {
    let base = tpch_dir().join("schema-tests");
    let compatible = base.join("compatible");
    let conflicting = base.join("conflicting");
    for d in [&compatible, &conflicting] {
        std::fs::create_dir_all(d).unwrap();
    }
    write(&compatible.join("a.parquet"), vec![
        ("x", Arc::new(Int64Array::from(vec![1, 2])) as _),
        ("y", Arc::new(StringArray::from(vec!["a", "b"])) as _),
    ]);
    write(&compatible.join("b.parquet"), vec![
        ("x", Arc::new(Int64Array::from(vec![3])) as _),
        ("z", Arc::new(Int32Array::from(vec![30])) as _),
    ]);
    write(&conflicting.join("a.parquet"), vec![("x", Arc::new(Int32Array::from(vec![1])) as _)]);
    write(&conflicting.join("b.parquet"), vec![("x", Arc::new(StringArray::from(vec!["two"])) as _)]);
    (compatible, conflicting)
}

fn register(e: *mut FfqEngineHandle, json: &str) -> (FfqStatusCode, String) {
    let mut err = ErrBuf::new();
    let j = c(json);
    let st = unsafe { ffq_engine_register_table_json(e, j.as_ptr(), err.ptr(), err.len()) };
    (st, err.text())
}

fn table(name: &str, dir: &Path, schema: Option<&str>) -> String {
    match schema {
        None => format!(r#"{{"name":"{name}","uri":"{}","format":"parquet"}}"#, dir.display()),
        Some(s) => format!(r#"{{"name":"{name}","uri":"{}","format":"parquet","schema":{s}}}"#, dir.display()),
    }
}

#[test]
fn inference_policies() {
    let (compatible, conflicting) = dirs();

    let on = new_engine("schema_inference=on");
    assert_eq!(register(on, &table("t", &compatible, None)).0, FfqStatusCode::Ok);
    let (st, msg, rows) = run(on, "SELECT x, y, z FROM t");
    assert_eq!((st, rows), (FfqStatusCode::Ok, 3), "{msg}");
    let (st, msg) = register(on, &table("c", &conflicting, None));
    assert_eq!(st, FfqStatusCode::InvalidConfig, "{msg}");
    assert!(msg.contains("permissive"), "{msg}");

    let strict = new_engine("schema_inference=strict");
    let (st, msg) = register(strict, &table("t", &compatible, None));
    assert_eq!(st, FfqStatusCode::InvalidConfig);
    assert!(msg.contains("strict") && msg.contains("b.parquet"), "{msg}");

    let permissive = new_engine("schema_inference=permissive");
    assert_eq!(register(permissive, &table("c", &conflicting, None)).0, FfqStatusCode::Ok);
    let (st, msg, rows) = run(permissive, "SELECT CAST(x AS VARCHAR) FROM c ORDER BY 1");
    assert_eq!((st, rows), (FfqStatusCode::Ok, 2), "{msg}");

    let off = new_engine("schema_inference=off");
    let (st, msg) = register(off, &table("t", &compatible, None));
    assert_eq!(st, FfqStatusCode::InvalidConfig);
    assert!(msg.contains("schema_inference=off"), "{msg}");
    let declared = r#"[{"name":"x","type":"bigint"}]"#;
    assert_eq!(register(off, &table("t", &compatible, Some(declared))).0, FfqStatusCode::Ok);
    assert_eq!(run(off, "SELECT x FROM t").2, 3);

    for e in [on, strict, permissive, off] {
        unsafe { ffq_engine_free(e) };
    }
}

#[test]
fn drift_fails_or_refreshes() {
    let (compatible, _) = dirs();
    let declared = r#"[{"name":"x","type":"bigint"}]"#;
    let fail = new_engine("schema_drift_policy=fail");
    let (st, msg) = register(fail, &table("t", &compatible, Some(declared)));
    assert_eq!(st, FfqStatusCode::InvalidConfig);
    assert!(msg.contains("schema drift on table 't'"), "{msg}");
    let refresh = new_engine("schema_drift_policy=refresh");
    assert_eq!(register(refresh, &table("t", &compatible, Some(declared))).0, FfqStatusCode::Ok);
    assert_eq!(run(refresh, "SELECT y FROM t WHERE y IS NOT NULL").2, 2);
    // A declared schema that matches the files is no drift.
    let exact = r#"[{"name":"x","type":"int64"},{"name":"y","type":"utf8"},{"name":"z","type":"int32"}]"#;
    let (st, msg) = register(fail, &table("u", &compatible, Some(exact)));
    assert_eq!(st, FfqStatusCode::Ok, "{msg}");
    unsafe { ffq_engine_free(fail) };
    unsafe { ffq_engine_free(refresh) };
}

#[test]
fn inferred_schemas_are_written_back_to_the_catalog() {
    let (compatible, _) = dirs();
    let dir = tpch_dir().join("writeback");
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["json", "toml"] {
        let cat = dir.join(format!("catalog.{ext}"));
        let body = if ext == "json" {
            format!(r#"{{"tables":[{{"name":"t","uri":"{}","format":"parquet"}}]}}"#, compatible.display())
        } else {
            format!("[[tables]]\nname = \"t\"\nuri = \"{}\"\nformat = \"parquet\"\n", compatible.display())
        };
        std::fs::write(&cat, body).unwrap();
        let e = new_engine(&format!("schema_writeback=true;catalog_path={}", cat.display()));
        let text = std::fs::read_to_string(&cat).unwrap();
        assert!(text.contains("int64") && text.contains("utf8") && text.contains("int32"), "{ext}: {text}");
        unsafe { ffq_engine_free(e) };
        // Read back with inference off: the written schema is enough.
        let e = new_engine(&format!("schema_inference=off;catalog_path={}", cat.display()));
        assert_eq!(run(e, "SELECT x, y, z FROM t").2, 3);
        unsafe { ffq_engine_free(e) };
    }
}
