//! The C ABI, call by call, including every error path.

mod common;

use std::ffi::{c_char, CStr};
use std::io::Cursor;

use arrow::array::{Array, Int64Array, StringArray, StructArray};
use arrow::datatypes::{DataType, Field};
use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use std::sync::Arc;

use common::*;
use ffq_native::ffi::*;
use ffq_native::FfqStatusCode;

#[test]
fn status_names() {
    let name = |c: i32| unsafe { CStr::from_ptr(ffq_status_name(c)) }.to_str().unwrap().to_string();
    assert_eq!(name(0), "OK");
    assert_eq!(name(1), "INVALID_CONFIG");
    assert_eq!(name(2), "PLANNING");
    assert_eq!(name(3), "EXECUTION");
    assert_eq!(name(4), "IO");
    assert_eq!(name(5), "UNSUPPORTED");
    assert_eq!(name(6), "INTERNAL");
    assert_eq!(name(42), "UNKNOWN");
}

#[test]
fn engines_from_default_kv_and_json() {
    let mut e = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    assert_eq!(unsafe { ffq_engine_new_default(&mut e, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    assert_eq!(err.0[0], 0, "success clears the error buffer");
    assert_eq!(run(e, "SELECT 1").2, 1);
    unsafe { ffq_engine_free(e) };

    let json = c(r#"{"batch_size_rows": 2, "shuffle_partitions": "2", "schema_writeback": false}"#);
    let mut e = std::ptr::null_mut();
    assert_eq!(
        unsafe { ffq_engine_new_from_config_json(json.as_ptr(), &mut e, err.ptr(), err.len()) },
        FfqStatusCode::Ok,
        "{}",
        err.text()
    );
    // batch_size_rows reaches the engine: 5 rows arrive in 3 batches.
    let mut r = std::ptr::null_mut();
    let sql = c("SELECT * FROM (VALUES (1),(2),(3),(4),(5)) AS t(x)");
    assert_eq!(unsafe { ffq_engine_execute_sql(e, sql.as_ptr(), &mut r, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    assert_eq!(unsafe { ffq_result_row_count(r) }, 5);
    assert!(unsafe { ffq_result_batch_count(r) } >= 3);
    unsafe { ffq_result_free(r) };
    unsafe { ffq_engine_free(e) };

    let e = new_engine("batch_size_rows=100;SHUFFLE_PARTITIONS=1,mem_budget_bytes=64m");
    assert_eq!(run(e, "SELECT 1").0, FfqStatusCode::Ok);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn bad_config_is_invalid_config_naming_the_key() {
    for (kv, needle) in [
        ("color=blue", "unknown config key 'color'"),
        ("batch_size_rows=-1", "'batch_size_rows'"),
        ("schema_drift_policy=ignore", "fail, refresh"),
        ("schema_writeback=yes", "true or false"),
        ("just_a_word", "expected key=value"),
    ] {
        let mut e = 0x1 as *mut FfqEngineHandle;
        let mut err = ErrBuf::new();
        let cfg = c(kv);
        let st = unsafe { ffq_engine_new_from_config_kv(cfg.as_ptr(), &mut e, err.ptr(), err.len()) };
        assert_eq!(st, FfqStatusCode::InvalidConfig, "{kv}");
        assert!(e.is_null(), "out_engine is NULL on failure");
        assert!(err.text().contains(needle), "{kv}: {}", err.text());
        assert_eq!(ffq_last_error_status(), FfqStatusCode::InvalidConfig);
    }
    let mut e = std::ptr::null_mut();
    let mut err = ErrBuf::new();
    let json = c("{not json");
    assert_eq!(
        unsafe { ffq_engine_new_from_config_json(json.as_ptr(), &mut e, err.ptr(), err.len()) },
        FfqStatusCode::InvalidConfig
    );
    // a scheduler address that is not host:port is a config error
    let endpoint = c("coordinator_endpoint=localhost");
    assert_eq!(
        unsafe { ffq_engine_new_from_config_kv(endpoint.as_ptr(), &mut e, err.ptr(), err.len()) },
        FfqStatusCode::InvalidConfig
    );
    assert!(err.text().contains("coordinator_endpoint"), "{}", err.text());
    // a scheduler nobody answers for is an I/O error (SQLState 08001) naming it
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = c(&format!("coordinator_endpoint=127.0.0.1:{port}"));
    assert_eq!(
        unsafe { ffq_engine_new_from_config_kv(endpoint.as_ptr(), &mut e, err.ptr(), err.len()) },
        FfqStatusCode::Io
    );
    assert!(e.is_null());
    assert!(err.text().contains(&format!("127.0.0.1:{port}")), "{}", err.text());
    assert_eq!(last_sqlstate(), "08001");
}

#[test]
fn null_arguments_are_errors_not_crashes() {
    let mut err = ErrBuf::new();
    assert_eq!(unsafe { ffq_engine_new_default(std::ptr::null_mut(), err.ptr(), err.len()) }, FfqStatusCode::InvalidConfig);
    let sql = c("SELECT 1");
    let mut r = std::ptr::null_mut();
    assert_eq!(
        unsafe { ffq_engine_execute_sql(std::ptr::null_mut(), sql.as_ptr(), &mut r, err.ptr(), err.len()) },
        FfqStatusCode::InvalidConfig
    );
    let e = new_engine("");
    assert_eq!(
        unsafe { ffq_engine_execute_sql(e, std::ptr::null(), &mut r, std::ptr::null_mut(), 0) },
        FfqStatusCode::InvalidConfig
    );
    unsafe {
        ffq_engine_free(std::ptr::null_mut());
        ffq_result_free(std::ptr::null_mut());
        ffq_statement_free(std::ptr::null_mut());
        ffq_statement_cancel(std::ptr::null());
        assert_eq!(ffq_result_row_count(std::ptr::null()), 0);
        assert_eq!(ffq_result_batch_count(std::ptr::null()), 0);
        ffq_engine_free(e);
    }
}

#[test]
fn err_buf_is_truncated_and_nul_terminated() {
    let e = new_engine("");
    let sql = c("SELEC nonsense");
    let mut r = std::ptr::null_mut();
    let mut small = [0x55u8; 8];
    let st = unsafe { ffq_engine_execute_sql(e, sql.as_ptr(), &mut r, small.as_mut_ptr() as *mut c_char, small.len()) };
    assert_eq!(st, FfqStatusCode::Planning);
    assert_eq!(small[7], 0, "NUL at len-1");
    assert_eq!(CStr::from_bytes_until_nul(&small).unwrap().to_bytes().len(), 7);
    let mut full = vec![0u8; 4096];
    let full_len = unsafe { ffq_last_error_message(full.as_mut_ptr() as *mut c_char, full.len()) };
    assert!(full_len > 7);
    assert_eq!(&full[..7], &small[..7]);
    // A length of 1 writes just the NUL; NULL with any length writes nothing.
    let mut one = [0x55u8; 1];
    unsafe { ffq_engine_execute_sql(e, sql.as_ptr(), &mut r, one.as_mut_ptr() as *mut c_char, 1) };
    assert_eq!(one[0], 0);
    unsafe { ffq_engine_execute_sql(e, sql.as_ptr(), &mut r, std::ptr::null_mut(), 100) };
    unsafe { ffq_engine_free(e) };
}

#[test]
fn sql_errors_carry_status_and_sqlstate() {
    let e = new_engine("");
    let (st, msg, _) = run(e, "SELEC 1");
    assert_eq!(st, FfqStatusCode::Planning);
    assert!(msg.contains("SELEC"), "parser message: {msg}");
    assert_eq!(last_sqlstate(), "42601");
    let (st, msg, _) = run(e, "SELECT * FROM no_such_table");
    assert_eq!(st, FfqStatusCode::Planning);
    assert!(msg.contains("no_such_table"), "{msg}");
    assert_eq!(last_sqlstate(), "42P01");
    let (st, _, _) = run(e, "SELECT no_such_column FROM (VALUES (1)) t(x)");
    assert_eq!(st, FfqStatusCode::Planning);
    assert_eq!(last_sqlstate(), "42703");
    let (st, _, _) = run(e, "SELECT 1/0");
    assert_eq!(st, FfqStatusCode::Execution);
    assert_eq!(last_sqlstate(), "22012");
    let (st, msg, _) = run(e, "GRANT SELECT ON t TO bob");
    assert_eq!(st, FfqStatusCode::Unsupported, "{msg}");
    assert_eq!(last_sqlstate(), "42000");
    let (st, _, _) = run(e, "SELECT 1");
    assert_eq!(st, FfqStatusCode::Ok);
    assert_eq!(ffq_last_error_status(), FfqStatusCode::Ok, "success clears the last error");
    assert_eq!(last_sqlstate(), "");
    unsafe { ffq_engine_free(e) };
}

#[test]
fn parquet_table_query_and_ipc_bytes() {
    let e = new_engine("");
    let mut err = ErrBuf::new();
    let def = c(&format!(r#"{{"name":"lineitem","uri":"{}","format":"parquet"}}"#, lineitem()));
    assert_eq!(unsafe { ffq_engine_register_table_json(e, def.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    let mut r = std::ptr::null_mut();
    let sql = c("SELECT l_orderkey, l_comment FROM lineitem ORDER BY l_orderkey, l_linenumber LIMIT 5");
    assert_eq!(unsafe { ffq_engine_execute_sql(e, sql.as_ptr(), &mut r, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    assert_eq!(unsafe { ffq_result_row_count(r) }, 5);
    let mut ptr = std::ptr::null();
    let mut len = 0usize;
    assert_eq!(unsafe { ffq_result_ipc_bytes(r, &mut ptr, &mut len, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec();
    let reader = arrow::ipc::reader::StreamReader::try_new(Cursor::new(bytes), None).unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 5);
    assert_eq!(batches[0].schema().field(0).name(), "l_orderkey");
    assert_eq!(batches.len(), unsafe { ffq_result_batch_count(r) });
    let keys = batches[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(keys.value(0), 1);
    unsafe { ffq_result_free(r) };

    // A same-named table is replaced.
    let def = c(r#"{"name":"lineitem","paths":[],"uri":"/definitely/missing.parquet","format":"parquet"}"#);
    let st = unsafe { ffq_engine_register_table_json(e, def.as_ptr(), err.ptr(), err.len()) };
    assert_eq!(st, FfqStatusCode::Io, "missing file: {}", err.text());
    assert_eq!(last_sqlstate(), "58030");
    let csv_dir = tpch_dir().join("csv-test");
    std::fs::create_dir_all(&csv_dir).unwrap();
    std::fs::write(csv_dir.join("t.csv"), "a|b\n1|x\n2|y\n").unwrap();
    let def = c(&format!(
        r#"{{"name":"lineitem","uri":"{}","format":"csv","options":{{"delimiter":"|"}}}}"#,
        csv_dir.join("t.csv").display()
    ));
    assert_eq!(unsafe { ffq_engine_register_table_json(e, def.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    assert_eq!(run(e, "SELECT b FROM lineitem WHERE a = 2").2, 1);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn table_json_errors() {
    let e = new_engine("");
    for (json, status, needle) in [
        (r#"{"name":"t","format":"parquet"}"#, FfqStatusCode::InvalidConfig, "neither 'paths' nor 'uri'"),
        (r#"{"name":"t","uri":"x","format":"avro"}"#, FfqStatusCode::InvalidConfig, "unknown format"),
        (r#"{"name":"t","uri":"x","format":"csv","options":{"quote":"'"}}"#, FfqStatusCode::InvalidConfig, "unknown option 'quote'"),
        ("[", FfqStatusCode::InvalidConfig, "not valid JSON"),
    ] {
        let mut err = ErrBuf::new();
        let def = c(json);
        let st = unsafe { ffq_engine_register_table_json(e, def.as_ptr(), err.ptr(), err.len()) };
        assert_eq!(st, status, "{json}: {}", err.text());
        assert!(err.text().contains(needle), "{json}: {}", err.text());
    }
    unsafe { ffq_engine_free(e) };
}

#[test]
fn json_and_toml_catalogs() {
    let dir = tpch_dir().join("catalogs");
    std::fs::create_dir_all(&dir).unwrap();
    let li = lineitem();
    std::fs::write(dir.join("bare.json"), format!(r#"[{{"name":"li","uri":"{li}","format":"parquet"}}]"#)).unwrap();
    std::fs::write(
        dir.join("wrapped.json"),
        format!(r#"{{"tables":[{{"name":"li2","paths":["{li}"],"format":"parquet","stats":{{"rows":60175}}}}]}}"#),
    )
    .unwrap();
    std::fs::write(
        dir.join("cat.toml"),
        format!("[[tables]]\nname = \"li3\"\nuri = \"{li}\"\nformat = \"parquet\"\n"),
    )
    .unwrap();
    // Relative paths are read from the catalog's folder.
    std::fs::write(dir.join("relative.json"), r#"[{"name":"nation_rel","uri":"../nation.parquet","format":"parquet"}]"#).unwrap();
    std::fs::write(dir.join("cat.yaml"), "tables: []").unwrap();
    let e = new_engine("");
    let mut err = ErrBuf::new();
    for f in ["bare.json", "wrapped.json", "cat.toml", "relative.json"] {
        let p = c(&dir.join(f).to_string_lossy());
        assert_eq!(unsafe { ffq_engine_register_catalog_path(e, p.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::Ok, "{f}: {}", err.text());
    }
    assert_eq!(run(e, "SELECT * FROM li").2, 60175);
    assert_eq!(run(e, "SELECT * FROM li2").2, 60175);
    assert_eq!(run(e, "SELECT * FROM li3").2, 60175);
    assert_eq!(run(e, "SELECT * FROM nation_rel").2, 25);
    // information_schema sees them, in catalog ffq, schema public.
    assert_eq!(
        run(e, "SELECT table_name FROM information_schema.tables WHERE table_catalog='ffq' AND table_schema='public' AND table_name LIKE 'li%'").2,
        3
    );
    let p = c(&dir.join("cat.yaml").to_string_lossy());
    assert_eq!(unsafe { ffq_engine_register_catalog_path(e, p.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::InvalidConfig);
    assert!(err.text().contains(".json or .toml"), "{}", err.text());
    let p = c(&dir.join("absent.json").to_string_lossy());
    assert_eq!(unsafe { ffq_engine_register_catalog_path(e, p.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::Io);
    unsafe { ffq_engine_free(e) };

    // catalog_path as a config key loads at start.
    let e = new_engine(&format!("catalog_path={}", dir.join("bare.json").display()));
    assert_eq!(run(e, "SELECT count(*) FROM li").0, FfqStatusCode::Ok);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn streaming_through_the_c_stream_interface() {
    let e = new_engine("batch_size_rows=1000");
    register_tpch(e);
    let mut stream = FFI_ArrowArrayStream::empty();
    let mut err = ErrBuf::new();
    let sql = c("SELECT l_orderkey, l_extendedprice FROM lineitem");
    assert_eq!(unsafe { ffq_engine_execute_stream(e, sql.as_ptr(), &mut stream, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    unsafe { ffq_engine_free(e) }; // the stream outlives the engine handle
    let reader = unsafe { ArrowArrayStreamReader::from_raw(&mut stream) }.unwrap();
    let mut rows = 0;
    let mut batches = 0;
    for b in reader {
        let b = b.unwrap();
        assert!(b.num_rows() <= 1000);
        rows += b.num_rows();
        batches += 1;
    }
    assert_eq!(rows, 60175);
    assert!(batches >= 60, "batches arrive as produced: {batches}");
}

#[test]
fn prepared_statements_with_parameters() {
    let e = new_engine("");
    register_tpch(e);
    let mut err = ErrBuf::new();
    let mut s = std::ptr::null_mut();
    let sql = c("SELECT n_name FROM nation WHERE n_nationkey = ? AND n_name <> $99");
    // Mixed markers are refused.
    assert_eq!(unsafe { ffq_statement_prepare(e, sql.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Planning);
    let sql = c("SELECT n_name FROM nation WHERE n_nationkey = ? AND n_name <> ?");
    assert_eq!(unsafe { ffq_statement_prepare(e, sql.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    assert_eq!(unsafe { ffq_statement_kind(s) }, 0);
    assert_eq!(unsafe { ffq_statement_param_count(s) }, 2);
    let mut schema = FFI_ArrowSchema::empty();
    assert_eq!(unsafe { ffq_statement_param_schema(s, &mut schema, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    let param_schema = arrow::datatypes::Schema::try_from(&schema).unwrap();
    assert_eq!(param_schema.field(0).name(), "$1");
    assert_eq!(param_schema.field(0).data_type(), &DataType::Int64, "typed from n_nationkey");
    drop(schema);

    // Executing before binding is an error, not a crash.
    let mut stream = FFI_ArrowArrayStream::empty();
    assert_eq!(unsafe { ffq_statement_execute_stream(s, &mut stream, err.ptr(), err.len()) }, FfqStatusCode::Execution);
    assert_eq!(last_sqlstate(), "07001");

    for (key, expected) in [(7i64, "GERMANY"), (24, "UNITED STATES")] {
        let values = StructArray::from(vec![
            (Arc::new(Field::new("a", DataType::Int64, true)), Arc::new(Int64Array::from(vec![key])) as _),
            (Arc::new(Field::new("b", DataType::Utf8, true)), Arc::new(StringArray::from(vec!["x"])) as _),
        ]);
        let (mut array, schema) = arrow::ffi::to_ffi(&values.to_data()).unwrap();
        assert_eq!(unsafe { ffq_statement_bind(s, &schema, &mut array, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
        assert!(array.is_released(), "bind takes ownership of the array");
        let mut stream = FFI_ArrowArrayStream::empty();
        assert_eq!(unsafe { ffq_statement_execute_stream(s, &mut stream, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
        let reader = unsafe { ArrowArrayStreamReader::from_raw(&mut stream) }.unwrap();
        let names: Vec<String> = reader
            .flat_map(|b| {
                let b = b.unwrap();
                let col = arrow::compute::cast(b.column(0), &DataType::Utf8).unwrap();
                let col = col.as_any().downcast_ref::<StringArray>().unwrap().clone();
                (0..col.len()).map(move |i| col.value(i).to_string()).collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(names, vec![expected.to_string()]);
    }
    // A value that cannot be cast to the parameter's type is a data error.
    let values = StructArray::from(vec![
        (Arc::new(Field::new("a", DataType::Utf8, true)), Arc::new(StringArray::from(vec!["seven"])) as _),
        (Arc::new(Field::new("b", DataType::Utf8, true)), Arc::new(StringArray::from(vec!["x"])) as _),
    ]);
    let (mut array, schema) = arrow::ffi::to_ffi(&values.to_data()).unwrap();
    assert_eq!(unsafe { ffq_statement_bind(s, &schema, &mut array, err.ptr(), err.len()) }, FfqStatusCode::Execution);
    assert_eq!(last_sqlstate(), "22018");
    unsafe { ffq_statement_free(s) };
    unsafe { ffq_engine_free(e) };
}

#[test]
fn ddl_dml_ctas_copy_and_external_tables() {
    let e = new_engine("");
    register_tpch(e);
    let exec_update = |sql: &str| -> (FfqStatusCode, i64) {
        let mut s = std::ptr::null_mut();
        let mut err = ErrBuf::new();
        let q = c(sql);
        let st = unsafe { ffq_statement_prepare(e, q.as_ptr(), &mut s, err.ptr(), err.len()) };
        assert_eq!(st, FfqStatusCode::Ok, "{sql}: {}", err.text());
        let mut n = -7i64;
        let st = unsafe { ffq_statement_execute_update(s, &mut n, err.ptr(), err.len()) };
        unsafe { ffq_statement_free(s) };
        (st, n)
    };
    assert_eq!(exec_update("CREATE TABLE t (a BIGINT, b VARCHAR)"), (FfqStatusCode::Ok, 0));
    assert_eq!(exec_update("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)"), (FfqStatusCode::Ok, 3));
    assert_eq!(run(e, "SELECT * FROM t WHERE b IS NULL").2, 1);
    assert_eq!(exec_update("CREATE TABLE big_nations AS SELECT * FROM nation WHERE n_regionkey = 1"), (FfqStatusCode::Ok, 0));
    assert_eq!(run(e, "SELECT * FROM big_nations").2, 5);
    let out = tpch_dir().join("copy-out.parquet");
    assert_eq!(
        exec_update(&format!("COPY (SELECT * FROM nation) TO '{}' STORED AS PARQUET", out.display())),
        (FfqStatusCode::Ok, 25)
    );
    assert_eq!(
        exec_update(&format!("CREATE EXTERNAL TABLE copied STORED AS PARQUET LOCATION '{}'", out.display())),
        (FfqStatusCode::Ok, 0)
    );
    assert_eq!(run(e, "SELECT * FROM copied").2, 25);
    // A query is not an update.
    assert_eq!(exec_update("SELECT 1").0, FfqStatusCode::Unsupported);
    // EXPLAIN, windows, CTEs and subqueries are plain queries.
    assert!(run(e, "EXPLAIN SELECT * FROM nation").2 > 0);
    let q = "WITH r AS (SELECT r_regionkey, r_name FROM region) \
             SELECT n_name, r_name, rank() OVER (PARTITION BY r_name ORDER BY n_name) AS rk \
             FROM nation JOIN r ON n_regionkey = r_regionkey \
             WHERE n_nationkey IN (SELECT c_nationkey FROM customer)";
    let (st, msg, rows) = run(e, q);
    assert_eq!(st, FfqStatusCode::Ok, "{msg}");
    assert_eq!(rows, 25);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn memory_budget_makes_sorts_spill_rather_than_fail() {
    let spill = tpch_dir().join("spill");
    let e = new_engine(&format!("mem_budget_bytes=8m;spill_dir={};shuffle_partitions=1", spill.display()));
    register_tpch(e);
    let (st, msg, rows) = run(e, "SELECT * FROM lineitem ORDER BY l_comment DESC, l_orderkey");
    assert_eq!(st, FfqStatusCode::Ok, "{msg}");
    assert_eq!(rows, 60175);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn eight_threads_share_one_engine() {
    let e = new_engine("");
    register_tpch(e);
    let engine_addr = e as usize;
    let handles: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let e = engine_addr as *mut FfqEngineHandle;
                let flag = ["R", "A", "N"][i % 3];
                let mut counts = Vec::new();
                for _ in 0..3 {
                    let (st, msg, rows) =
                        run(e, &format!("SELECT l_orderkey FROM lineitem WHERE l_returnflag = '{flag}'"));
                    assert_eq!(st, FfqStatusCode::Ok, "{msg}");
                    counts.push(rows);
                }
                assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
                counts[0]
            })
        })
        .collect();
    let got: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    // Every thread for the same flag sees the same count, and the counts add up.
    let (st, _, total) = run(e, "SELECT * FROM lineitem");
    assert_eq!(st, FfqStatusCode::Ok);
    for i in 0..8 {
        assert_eq!(got[i], got[i % 3], "thread {i}");
    }
    assert_eq!(got[0] + got[1] + got[2], total);
    unsafe { ffq_engine_free(e) };
}

/// The header is the source of truth for the status codes: every `FFQ_STATUS_*`
/// there is a Rust code with the same number and name, and no Rust code is missing.
#[test]
fn status_codes_match_the_header() {
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/ffq_ffi.h")).unwrap();
    let mut seen = 0;
    for line in header.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("FFQ_STATUS_") else { continue };
        let (name, value) = rest.split_once('=').expect("FFQ_STATUS_NAME = value");
        let value: i32 = value.split(',').next().unwrap().trim().parse().unwrap();
        let code = FfqStatusCode::from_i32(value).unwrap_or_else(|| panic!("no Rust code {value}"));
        assert_eq!(code.name(), name.trim(), "code {value}");
        seen += 1;
    }
    assert_eq!(seen, FfqStatusCode::ALL.len());
}

#[test]
fn execute_with_options_result_schema_clear_bindings_and_stream_errors() {
    let e = new_engine("");
    let mut err = ErrBuf::new();
    let mut s = std::ptr::null_mut();
    let q = c("SELECT v, 10 / (v - 3) AS d FROM range(0, 10) t(v) WHERE v >= ?");
    assert_eq!(unsafe { ffq_statement_prepare(e, q.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{}", err.text());
    let mut schema = FFI_ArrowSchema::empty();
    assert_eq!(unsafe { ffq_statement_result_schema(s, &mut schema, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    let schema = arrow::datatypes::Schema::try_from(&schema).unwrap();
    assert_eq!(schema.fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(), ["v", "d"]);
    // bind v >= 4: rows 4..9 in batches of 2 with a limit of 5
    let bind = |from: i64| {
        let values = StructArray::from(vec![(
            Arc::new(Field::new("$1", DataType::Int64, true)),
            Arc::new(Int64Array::from(vec![from])) as Arc<dyn Array>,
        )]);
        let mut array = FFI_ArrowArray::new(&values.to_data());
        let schema = FFI_ArrowSchema::try_from(values.data_type()).unwrap();
        let mut err = ErrBuf::new();
        let st = unsafe { ffq_statement_bind(s, &schema, &mut array, err.ptr(), err.len()) };
        assert_eq!(st, FfqStatusCode::Ok, "{}", err.text());
    };
    bind(4);
    let opts = FfqExecOptions { batch_size: 2, max_rows: 5, read_only: 1 };
    let mut stream = FFI_ArrowArrayStream::empty();
    let mut count = 0i64;
    let st = unsafe { ffq_statement_execute(s, &opts, &mut stream, &mut count, err.ptr(), err.len()) };
    assert_eq!(st, FfqStatusCode::Ok, "{}", err.text());
    assert_eq!(count, -1);
    assert_eq!(stream_error(&stream).0, FfqStatusCode::Ok);
    let reader = unsafe { ArrowArrayStreamReader::from_raw(&mut stream) }.unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 5);
    assert!(batches.iter().all(|b| b.num_rows() <= 2));
    // v >= 0 reaches v = 3 and divides by zero: the stream keeps its own error
    bind(0);
    let mut stream = FFI_ArrowArrayStream::empty();
    assert_eq!(unsafe { ffq_statement_execute(s, std::ptr::null(), &mut stream, &mut count, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    loop {
        let mut array = FFI_ArrowArray::empty();
        let rc = unsafe { (stream.get_next.unwrap())(&mut stream, &mut array) };
        if rc != 0 || array.is_released() {
            break;
        }
    }
    let (status, state, message) = stream_error(&stream);
    assert_eq!((status, state.as_str()), (FfqStatusCode::Execution, "22012"), "{message}");
    unsafe { (stream.release.unwrap())(&mut stream) };
    // without bindings the statement cannot run
    assert_eq!(unsafe { ffq_statement_clear_bindings(s, err.ptr(), err.len()) }, FfqStatusCode::Ok);
    let st = unsafe { ffq_statement_execute(s, std::ptr::null(), &mut stream, &mut count, err.ptr(), err.len()) };
    assert_eq!(st, FfqStatusCode::Execution);
    assert_eq!(last_sqlstate(), "07001");
    unsafe { ffq_statement_free(s) };
    unsafe { ffq_engine_free(e) };
}

#[test]
fn read_only_holds_however_a_write_is_wrapped() {
    let e = new_engine("");
    assert_eq!(run(e, "CREATE TABLE t AS VALUES (1)").0, FfqStatusCode::Ok);
    assert_eq!(run(e, "PREPARE ins AS INSERT INTO t VALUES (2)").0, FfqStatusCode::Ok);
    let mut err = ErrBuf::new();
    for sql in [
        "INSERT INTO t VALUES (99)",
        "EXPLAIN ANALYZE INSERT INTO t VALUES (99)",
        "EXECUTE ins",
        "PREPARE p2 AS INSERT INTO t VALUES (3)",
        "COPY (SELECT 1) TO '/tmp/ffq-read-only-never-written.csv'",
        "SET datafusion.execution.batch_size = 100",
        "DROP TABLE t",
        "CREATE TABLE u AS SELECT 1",
    ] {
        let mut s = std::ptr::null_mut();
        let q = c(sql);
        assert_eq!(unsafe { ffq_statement_prepare(e, q.as_ptr(), &mut s, err.ptr(), err.len()) }, FfqStatusCode::Ok, "{sql}: {}", err.text());
        let opts = FfqExecOptions { read_only: 1, ..Default::default() };
        let mut stream = FFI_ArrowArrayStream::empty();
        let mut count = 0i64;
        let st = unsafe { ffq_statement_execute(s, &opts, &mut stream, &mut count, err.ptr(), err.len()) };
        assert_eq!(st, FfqStatusCode::Planning, "{sql}");
        assert_eq!(last_sqlstate(), "25006", "{sql}: {}", err.text());
        unsafe { ffq_statement_free(s) };
    }
    assert!(!std::path::Path::new("/tmp/ffq-read-only-never-written.csv").exists());
    // nothing was written: t still has one row
    assert_eq!(run(e, "SELECT * FROM t").2, 1);
    unsafe { ffq_engine_free(e) };
}

#[test]
fn settings_past_the_limits_are_refused() {
    let e = new_engine("");
    for sql in [
        "SET datafusion.execution.target_partitions = 1073741824",
        "SET datafusion.execution.batch_size = 1073741824",
        "SET datafusion.runtime.memory_limit = '100G'",
    ] {
        let (st, msg, _) = run(e, sql);
        assert_eq!(st, FfqStatusCode::InvalidConfig, "{sql}: {msg}");
        assert_eq!(last_sqlstate(), "22023");
    }
    let (st, msg, _) = run(e, "SELECT * FROM t1, (SELECT 1 + 1 + 1) x");
    assert_eq!(st, FfqStatusCode::Planning, "{msg}");
    let long = format!("SELECT {}", vec!["1"; 5000].join(" + "));
    let (st, msg, _) = run(e, &long);
    assert_eq!((st, last_sqlstate().as_str()), (FfqStatusCode::Planning, "54001"), "{msg}");
    assert!(msg.contains("max_expression_depth"), "{msg}");
    let (st, msg, _) = run(e, "SELECT repeat('x', 2147483647)");
    assert_eq!((st, last_sqlstate().as_str()), (FfqStatusCode::Execution, "53200"), "{msg}");
    assert!(msg.starts_with("repeat() would produce"), "{msg}");
    let table = c(r#"{"name": "remote", "uri": "s3://bucket/x.parquet", "format": "parquet"}"#);
    let mut err = ErrBuf::new();
    assert_eq!(unsafe { ffq_engine_register_table_json(e, table.as_ptr(), err.ptr(), err.len()) }, FfqStatusCode::Unsupported);
    assert!(err.text().contains("'s3' scheme"), "{}", err.text());
    unsafe { ffq_engine_free(e) };
}
