//! Tables over files see the files as they are now: the engine caches Parquet footers
//! and statistics, never a stale listing or a stale footer.

use arrow::array::Int64Array;
use ffq_native::config::EngineConfig;
use ffq_native::Engine;

fn count(e: &Engine, sql: &str) -> i64 {
    let r = e.execute_sql(sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
    r.batches[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap().value(0)
}

fn write(e: &Engine, rows: i64, path: &std::path::Path) {
    let sql = format!("COPY (SELECT * FROM generate_series(1, {rows}) AS g(v)) TO '{}' STORED AS PARQUET", path.display());
    e.execute_sql(&sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
}

#[test]
fn a_folder_table_sees_a_file_added_between_queries() {
    let dir = tempfile::tempdir().unwrap();
    let writer = Engine::new(EngineConfig::default()).unwrap();
    write(&writer, 10, &dir.path().join("a.parquet"));
    let e = Engine::new(EngineConfig::default()).unwrap();
    e.execute_sql(&format!("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION '{}/'", dir.path().display())).unwrap();
    assert_eq!(count(&e, "SELECT count(*) FROM t"), 10);
    write(&writer, 5, &dir.path().join("b.parquet"));
    assert_eq!(count(&e, "SELECT count(*) FROM t"), 15);
    std::fs::remove_file(dir.path().join("a.parquet")).unwrap();
    assert_eq!(count(&e, "SELECT count(*) FROM t"), 5);
}

#[test]
fn a_rewritten_file_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.parquet");
    let writer = Engine::new(EngineConfig::default()).unwrap();
    write(&writer, 10, &file);
    let e = Engine::new(EngineConfig::default()).unwrap();
    e.execute_sql(&format!("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION '{}'", file.display())).unwrap();
    assert_eq!(count(&e, "SELECT sum(v) FROM t"), 55);
    std::fs::remove_file(&file).unwrap();
    write(&writer, 1000, &file); // another size: the cached footer no longer matches
    assert_eq!(count(&e, "SELECT sum(v) FROM t"), 500_500);
}

#[test]
fn a_table_whose_file_or_folder_is_gone_is_an_error_not_an_empty_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.parquet");
    let folder = dir.path().join("f");
    let writer = Engine::new(EngineConfig::default()).unwrap();
    write(&writer, 10, &file);
    write(&writer, 7, &folder.join("part.parquet"));
    let e = Engine::new(EngineConfig::default()).unwrap();
    e.execute_sql(&format!("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION '{}'", file.display())).unwrap();
    e.execute_sql(&format!("CREATE EXTERNAL TABLE f STORED AS PARQUET LOCATION '{}/'", folder.display())).unwrap();
    let prepared = e.prepare("SELECT count(*) FROM t WHERE v > $1").unwrap();
    assert_eq!(count(&e, "SELECT count(*) FROM t"), 10);
    assert_eq!(count(&e, "SELECT count(*) FROM f"), 7);

    std::fs::remove_file(&file).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    for sql in ["SELECT count(*) FROM t", "SELECT * FROM t", "SELECT count(*) FROM f"] {
        let err = e.execute_sql(sql).err().unwrap_or_else(|| panic!("{sql}: a missing file read as a table"));
        assert_eq!(err.sqlstate, "58030", "{sql}: {err}");
        assert!(err.message.contains("not found"), "{sql}: {err}");
    }
    prepared.bind(vec![datafusion::common::ScalarValue::Int64(Some(3))]).unwrap();
    let err = prepared.execute(&ffq_native::statement::ExecOptions::default()).and_then(|x| x.next_batch()).err();
    assert_eq!(err.expect("the prepared statement read a missing file").sqlstate, "58030");

    // the file back: the same tables read it again
    write(&writer, 4, &file);
    assert_eq!(count(&e, "SELECT count(*) FROM t"), 4);
}
