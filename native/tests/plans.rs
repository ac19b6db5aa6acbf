//! Plans made once and reused: by SQL text across statements, and the optimized plan of a
//! prepared query across executions. Reuse never changes an answer.

use arrow::array::{Array, Int64Array};
use datafusion::common::ScalarValue;
use ffq_native::config::EngineConfig;
use ffq_native::statement::{ExecOptions, Statement};
use ffq_native::Engine;

fn rows(s: &Statement) -> Vec<Vec<String>> {
    let x = s.execute(&ExecOptions::default()).unwrap();
    let mut out = Vec::new();
    while let Some(b) = x.next_batch().unwrap() {
        for r in 0..b.num_rows() {
            out.push(
                b.columns()
                    .iter()
                    .map(|c| arrow::util::display::array_value_to_string(c, r).unwrap())
                    .collect(),
            );
        }
    }
    out
}

fn one(e: &Engine, sql: &str) -> Vec<Vec<String>> {
    rows(&e.prepare(sql).unwrap_or_else(|err| panic!("{sql}: {err}")))
}

fn run(e: &Engine, sql: &str) {
    e.prepare(sql).and_then(|s| s.run(&ExecOptions::default()).map(|_| ())).unwrap_or_else(|err| panic!("{sql}: {err}"));
}

#[test]
fn a_query_text_sees_tables_replaced_and_dropped_after_it_was_first_planned() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    run(&e, "CREATE TABLE t AS VALUES (1), (2)");
    assert_eq!(one(&e, "SELECT count(*) FROM t"), vec![vec!["2"]]);
    run(&e, "INSERT INTO t VALUES (3)");
    assert_eq!(one(&e, "SELECT count(*) FROM t"), vec![vec!["3"]]);
    run(&e, "CREATE OR REPLACE TABLE t AS VALUES ('a', 'b')");
    assert_eq!(one(&e, "SELECT * FROM t"), vec![vec!["a", "b"]]);
    run(&e, "DROP TABLE t");
    let err = e.prepare("SELECT * FROM t").err().expect("the table is gone");
    assert_eq!(err.sqlstate, "42P01");
    run(&e, "CREATE VIEW t AS SELECT 42 AS x");
    assert_eq!(one(&e, "SELECT * FROM t"), vec![vec!["42"]]);
}

/// The rows of `... WHERE k = k OR k = k + 10 ORDER BY name` over keys 0..=24 named `name<key>`.
fn names_of(k: i64) -> Vec<Vec<String>> {
    let keys: std::collections::BTreeSet<String> =
        [k, k + 10].into_iter().filter(|v| *v <= 24).map(|v| format!("name{v}")).collect();
    keys.into_iter().map(|n| vec![n]).collect()
}

#[test]
fn a_prepared_query_binds_new_values_into_its_reused_plan() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    run(&e, "CREATE TABLE n AS SELECT v AS k, 'name' || v AS name FROM generate_series(0, 24) g(v)");
    let s = e.prepare("SELECT name FROM n WHERE k = ? OR k = ? + 10 ORDER BY name").unwrap();
    for k in [0i64, 3, 14, 24, 99] {
        s.bind(vec![ScalarValue::Int64(Some(k)), ScalarValue::Int64(Some(k))]).unwrap();
        assert_eq!(rows(&s), names_of(k), "k = {k}");
    }
    // a table change between executions: the statement optimizes again
    run(&e, "INSERT INTO n VALUES (3, 'again')");
    s.bind(vec![ScalarValue::Int64(Some(3)), ScalarValue::Int64(Some(3))]).unwrap();
    assert_eq!(rows(&s), vec![vec!["again"], vec!["name13"], vec!["name3"]]);
}

#[test]
fn functions_whose_value_changes_are_evaluated_on_every_execution() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    let s = e.prepare("SELECT CAST(now() AS VARCHAR), random()").unwrap();
    let first = rows(&s);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = rows(&s);
    assert_ne!(first[0][0], second[0][0], "now() must move on");
    assert_ne!(first[0][1], second[0][1], "random() must not repeat");
    let again = one(&e, "SELECT CAST(now() AS VARCHAR), random()");
    assert_ne!(again[0][0], first[0][0]);
}

#[test]
fn a_setting_changed_after_planning_applies_to_the_next_execution() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    let sql = "SELECT v FROM generate_series(1, 10) g(v)";
    let s = e.prepare(sql).unwrap();
    let x = s.execute(&ExecOptions::default()).unwrap();
    assert_eq!(x.next_batch().unwrap().unwrap().num_rows(), 10);
    run(&e, "SET datafusion.execution.batch_size = 3");
    let x = s.execute(&ExecOptions::default()).unwrap();
    assert_eq!(x.next_batch().unwrap().unwrap().num_rows(), 3);
    let x = e.prepare(sql).unwrap().execute(&ExecOptions::default()).unwrap();
    let b = x.next_batch().unwrap().unwrap();
    assert_eq!(b.num_rows(), 3);
    let v = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(v.value(0), 1);
}

#[test]
fn catalog_queries_see_every_change_to_the_catalog() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    let tables = "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1";
    let columns = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position";
    let setting = "SELECT value FROM information_schema.df_settings WHERE name = 'datafusion.execution.batch_size'";
    let s = e.prepare(tables).unwrap();
    assert_eq!(rows(&s), Vec::<Vec<String>>::new());
    assert_eq!(one(&e, setting), vec![vec!["8192"]]);
    run(&e, "CREATE TABLE t (a INT, b VARCHAR)");
    assert_eq!(rows(&s), vec![vec!["t", "BASE TABLE"]]);
    assert_eq!(one(&e, tables), vec![vec!["t", "BASE TABLE"]]);
    assert_eq!(one(&e, columns), vec![vec!["a", "Int32"], vec!["b", "Utf8View"]]);
    run(&e, "CREATE OR REPLACE TABLE t (c BIGINT)");
    assert_eq!(one(&e, columns), vec![vec!["c", "Int64"]]);
    run(&e, "CREATE VIEW v AS SELECT 1 AS x");
    assert_eq!(rows(&s), vec![vec!["t", "BASE TABLE"], vec!["v", "VIEW"]]);
    run(&e, "DROP TABLE t");
    assert_eq!(rows(&s), vec![vec!["v", "VIEW"]]);
    run(&e, "SET datafusion.execution.batch_size = 100");
    assert_eq!(one(&e, setting), vec![vec!["100"]]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.parquet");
    run(&e, &format!("COPY (SELECT 1 AS k) TO '{}' STORED AS PARQUET", file.display()));
    e.register_table(
        &ffq_native::catalog::TableDef::parse_json(&format!(
            r#"{{"name": "f", "uri": "{}", "format": "parquet"}}"#,
            file.display()
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(rows(&s), vec![vec!["f", "BASE TABLE"], vec!["v", "VIEW"]]);
}

#[test]
fn statements_the_planner_does_not_plan_physically_still_run_repeatedly() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    run(&e, "CREATE TABLE t AS VALUES (1, 'a'), (2, 'b')");
    run(&e, "PREPARE p(BIGINT) AS SELECT column2 FROM t WHERE column1 = $1");
    for _ in 0..2 {
        assert_eq!(one(&e, "EXECUTE p(2)"), vec![vec!["b"]]);
        assert_eq!(one(&e, "DESCRIBE t").len(), 2);
        assert!(!one(&e, "SHOW ALL").is_empty());
        assert!(!one(&e, "SHOW TABLES").is_empty());
        assert!(!one(&e, "EXPLAIN SELECT * FROM t").is_empty());
        assert!(!one(&e, "EXPLAIN ANALYZE SELECT * FROM t").is_empty());
    }
}

/// A one-file Parquet table `t(k, name)` of `rows` rows whose names end in `tag`.
fn parquet_table(e: &Engine, dir: &std::path::Path, rows: i64, tag: &str) -> std::path::PathBuf {
    let file = dir.join("t.parquet");
    let writer = Engine::new(EngineConfig::default()).unwrap();
    run(
        &writer,
        &format!(
            "COPY (SELECT v AS k, 'name' || v || '{tag}' AS name FROM generate_series(0, {}) g(v)) TO '{}' STORED AS PARQUET",
            rows - 1,
            file.display()
        ),
    );
    run(e, &format!("CREATE OR REPLACE EXTERNAL TABLE t STORED AS PARQUET LOCATION '{}'", file.display()));
    file
}

#[test]
fn a_prepared_lookup_on_a_small_file_keeps_its_physical_plan_and_binds_each_execution() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    parquet_table(&e, dir.path(), 25, "");
    let s = e.prepare("SELECT name FROM t WHERE k = ? OR k = ? + 10 ORDER BY name").unwrap();
    for (i, k) in [0i64, 3, 14, 24, 99, 3].into_iter().enumerate() {
        s.bind(vec![ScalarValue::Int64(Some(k)), ScalarValue::Int64(Some(k))]).unwrap();
        assert_eq!(rows(&s), names_of(k), "k = {k}");
        assert!(s.keeps_physical_plan(), "execution {i} gave its plan back");
    }
    // the same answers as a statement planned for these values
    assert_eq!(rows(&s), one(&e, "SELECT name FROM t WHERE k = 3 OR k = 13 ORDER BY name"));
}

#[test]
fn a_kept_plan_is_made_again_when_its_file_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    let file = parquet_table(&e, dir.path(), 25, "");
    let s = e.prepare("SELECT name FROM t WHERE k = ?").unwrap();
    s.bind(vec![ScalarValue::Int64(Some(7))]).unwrap();
    assert_eq!(rows(&s), vec![vec!["name7"]]);
    assert!(s.keeps_physical_plan());
    // rewritten in place by another engine (no catalog change here): another size
    let writer = Engine::new(EngineConfig::default()).unwrap();
    std::fs::remove_file(&file).unwrap();
    run(
        &writer,
        &format!(
            "COPY (SELECT v AS k, 'renamed' || v AS name FROM generate_series(0, 30) g(v)) TO '{}' STORED AS PARQUET",
            file.display()
        ),
    );
    assert_eq!(rows(&s), vec![vec!["renamed7"]]);
    s.bind(vec![ScalarValue::Int64(Some(30))]).unwrap();
    assert_eq!(rows(&s), vec![vec!["renamed30"]]);
}

#[test]
fn two_open_executions_of_one_statement_keep_their_own_values() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    parquet_table(&e, dir.path(), 25, "");
    let s = e.prepare("SELECT name FROM t WHERE k = ?").unwrap();
    s.bind(vec![ScalarValue::Int64(Some(1))]).unwrap();
    let _ = rows(&s); // makes the kept plan
    let first = s.execute(&ExecOptions::default()).unwrap();
    s.bind(vec![ScalarValue::Int64(Some(2))]).unwrap();
    let second = s.execute(&ExecOptions::default()).unwrap();
    let name = |x: &ffq_native::stream::Execution| {
        let b = x.next_batch().unwrap().unwrap();
        arrow::util::display::array_value_to_string(b.column(0), 0).unwrap()
    };
    assert_eq!(name(&second), "name2");
    assert_eq!(name(&first), "name1");
}

#[test]
fn plans_that_depend_on_the_values_are_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    // LIMIT ? is planned, not evaluated
    parquet_table(&e, dir.path(), 25, "");
    let s = e.prepare("SELECT k FROM t ORDER BY k LIMIT ?").unwrap();
    for n in [2i64, 5] {
        s.bind(vec![ScalarValue::Int64(Some(n))]).unwrap();
        assert_eq!(rows(&s).len(), n as usize);
        assert!(!s.keeps_physical_plan());
    }
    // more than a batch of rows: pruning by the bound value pays, the plan is made per value
    parquet_table(&e, dir.path(), 20_000, "");
    let s = e.prepare("SELECT name FROM t WHERE k = ?").unwrap();
    s.bind(vec![ScalarValue::Int64(Some(19_999))]).unwrap();
    assert_eq!(rows(&s), vec![vec!["name19999"]]);
    assert!(!s.keeps_physical_plan());
    // a table over a folder may gain files: listed on every execution
    let folder = dir.path().join("parts");
    std::fs::create_dir(&folder).unwrap();
    let writer = Engine::new(EngineConfig::default()).unwrap();
    let part = |name: &str, from: i64| {
        let sql = format!(
            "COPY (SELECT v AS k FROM generate_series({from}, {}) g(v)) TO '{}' STORED AS PARQUET",
            from + 9,
            folder.join(name).display()
        );
        run(&writer, &sql);
    };
    part("a.parquet", 0);
    run(&e, &format!("CREATE EXTERNAL TABLE f STORED AS PARQUET LOCATION '{}/'", folder.display()));
    let s = e.prepare("SELECT count(*) FROM f WHERE k >= ?").unwrap();
    s.bind(vec![ScalarValue::Int64(Some(0))]).unwrap();
    assert_eq!(rows(&s), vec![vec!["10"]]);
    part("b.parquet", 10);
    assert_eq!(rows(&s), vec![vec!["20"]]);
    assert!(!s.keeps_physical_plan());
}

#[test]
fn a_subplan_used_twice_is_shared_in_plain_and_kept_plans_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    parquet_table(&e, dir.path(), 25, "");
    let cte = "WITH r AS (SELECT k % 5 AS g, count(*) AS c, max(name) AS m FROM t GROUP BY k % 5) \
               SELECT a.g, a.c + b.c, a.m || b.m FROM r a JOIN r b ON a.g = (b.g + 1) % 5 WHERE a.c + b.c > ";
    let plan = one(&e, &format!("EXPLAIN {cte} 0 ORDER BY 1")).concat().concat();
    assert_eq!(plan.matches("SharedExec").count(), 2, "{plan}");
    let s = e.prepare(&format!("{cte} ? ORDER BY 1")).unwrap();
    for (i, min) in [0i64, 9, 10, 0].into_iter().enumerate() {
        s.bind(vec![ScalarValue::Int64(Some(min))]).unwrap();
        let expected = one(&e, &format!("{cte} {min} ORDER BY 1"));
        assert_eq!(rows(&s), expected, "execution {i}, > {min}");
        assert_eq!(expected.len(), if min < 10 { 5 } else { 0 });
    }
    assert!(s.keeps_physical_plan());
}

#[test]
fn a_kept_join_filters_its_probe_side_by_this_executions_build_side() {
    // The probe side's file holds one key (5), so its statistics rule out any other key: a
    // dynamic filter left over from an execution that built key 3 would skip the whole file.
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(EngineConfig::default()).unwrap();
    let writer = Engine::new(EngineConfig::default()).unwrap();
    let build = dir.path().join("b.parquet");
    let probe = dir.path().join("p.parquet");
    run(&writer, &format!("COPY (SELECT v AS k, v * 10 AS x FROM generate_series(1, 9) g(v)) TO '{}' STORED AS PARQUET", build.display()));
    run(&writer, &format!("COPY (SELECT 5 AS k, 'p' || v AS name FROM generate_series(1, 3) g(v)) TO '{}' STORED AS PARQUET", probe.display()));
    run(&e, &format!("CREATE EXTERNAL TABLE b STORED AS PARQUET LOCATION '{}'", build.display()));
    run(&e, &format!("CREATE EXTERNAL TABLE p STORED AS PARQUET LOCATION '{}'", probe.display()));
    let s = e.prepare("SELECT p.name FROM b JOIN p ON b.k = p.k WHERE b.x = ? ORDER BY p.name").unwrap();
    for x in [30i64, 50, 30, 50] {
        s.bind(vec![ScalarValue::Int64(Some(x))]).unwrap();
        let expected = one(&e, &format!("SELECT p.name FROM b JOIN p ON b.k = p.k WHERE b.x = {x} ORDER BY p.name"));
        assert_eq!(rows(&s), expected, "x = {x}");
        assert_eq!(expected.len(), if x == 50 { 3 } else { 0 });
        assert!(s.keeps_physical_plan(), "x = {x}");
    }
}

/// The batch lengths of `sql`'s result.
fn batch_rows(e: &Engine, sql: &str, opts: &ExecOptions) -> Vec<usize> {
    let x = e.prepare(sql).unwrap_or_else(|err| panic!("{sql}: {err}")).execute(opts).unwrap();
    let mut out = Vec::new();
    while let Some(b) = x.next_batch().unwrap() {
        out.push(b.num_rows());
    }
    out
}

#[test]
fn a_streaming_scan_of_fixed_width_columns_comes_in_larger_batches_unless_a_size_was_chosen() {
    let e = Engine::new(EngineConfig::default()).unwrap();
    let all = ExecOptions::default();
    let scan = "SELECT value, value * 2 AS twice FROM generate_series(1, 300000) WHERE value % 3 <> 1";
    let b = batch_rows(&e, scan, &all);
    assert_eq!(b.iter().sum::<usize>(), 200000);
    // 16 bytes per row: 32768 rows fill half a MiB
    assert!(b.iter().max().unwrap() > &8192 && b.iter().all(|n| *n <= 32768), "{b:?}");
    let b = batch_rows(&e, "SELECT value FROM generate_series(1, 300000)", &all);
    assert_eq!(b.iter().max(), Some(&65536), "{b:?}");
    // reading strings, aggregating and a row limit keep the engine's batch size
    for sql in [
        "SELECT value, 'v' || value FROM generate_series(1, 300000)",
        "SELECT value FROM (SELECT value, 'v' || value AS s FROM generate_series(1, 300000)) WHERE s <> 'v7'",
        "SELECT value % 100000, count(*) FROM generate_series(1, 300000) GROUP BY 1",
        "SELECT value FROM generate_series(1, 300000) LIMIT 100000",
    ] {
        let b = batch_rows(&e, sql, &all);
        assert!(b.iter().all(|n| *n <= 8192), "{sql}: {b:?}");
    }
    let limited = ExecOptions { max_rows: Some(100000), ..ExecOptions::default() };
    assert!(batch_rows(&e, scan, &limited).iter().all(|n| *n <= 8192));
    // a fetch size, then a session setting, are the batch size
    let fetch = ExecOptions { batch_size: Some(1000), ..ExecOptions::default() };
    assert!(batch_rows(&e, scan, &fetch).iter().all(|n| *n <= 1000));
    run(&e, "SET datafusion.execution.batch_size = 4096");
    assert!(batch_rows(&e, scan, &all).iter().all(|n| *n <= 4096));
    let configured = Engine::new(EngineConfig::from_kv("batch_size_rows=2048").unwrap()).unwrap();
    assert!(batch_rows(&configured, scan, &all).iter().all(|n| *n <= 2048));
}
