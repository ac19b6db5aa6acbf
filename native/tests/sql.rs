//! SQL that clients send and the planner does not take as written (see `rewrite.rs`),
//! and statements whose planning used to lose data or names.

use arrow::array::RecordBatch;
use arrow::util::pretty::pretty_format_batches;
use ffq_native::config::EngineConfig;
use ffq_native::statement::{ExecOptions, Outcome};
use ffq_native::Engine;

fn engine() -> Engine {
    let e = Engine::new(EngineConfig::default()).unwrap();
    run(&e, "CREATE TABLE t (a INT, b VARCHAR)");
    run(&e, "INSERT INTO t VALUES (1, 'a\\b'), (2, 'x'), (3, NULL), (4, 'a%')");
    e
}

fn run(e: &Engine, sql: &str) -> i64 {
    match e.prepare(sql).unwrap_or_else(|err| panic!("{sql}: {err}")).run(&ExecOptions::default()) {
        Ok(Outcome::Count(n)) => n,
        Ok(Outcome::Rows(_)) => -1,
        Err(err) => panic!("{sql}: {err}"),
    }
}

fn rows(e: &Engine, sql: &str) -> String {
    let r = e.execute_sql(sql).unwrap_or_else(|err| panic!("{sql}: {err}"));
    let batches: Vec<RecordBatch> = r.batches;
    if batches.is_empty() {
        return String::new();
    }
    // the table without padding: `|a|b|` per row
    pretty_format_batches(&batches).unwrap().to_string().replace(' ', "")
}

fn labels(e: &Engine, sql: &str) -> Vec<String> {
    let s = e.prepare(sql).unwrap().result_schema();
    s.fields().iter().map(|f| f.name().clone()).collect()
}

#[test]
fn offset_fetch_is_a_limit_with_parameters() {
    let e = engine();
    assert!(rows(&e, "SELECT a FROM t ORDER BY a OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY").contains("|2|\n|3|"));
    assert!(rows(&e, "SELECT a FROM t ORDER BY a FETCH FIRST ROW ONLY").contains("|1|"));
    let s = e.prepare("SELECT a FROM t ORDER BY a OFFSET $1 ROWS FETCH FIRST $2 ROWS ONLY").unwrap();
    s.bind(vec![1i64.into(), 1i64.into()]).unwrap();
    let ex = s.execute(&ExecOptions::default()).unwrap();
    let b = ex.next_batch().unwrap().unwrap();
    assert_eq!(pretty_format_batches(&[b]).unwrap().to_string().matches("| 2 |").count(), 1);
    let err = e.prepare("SELECT a FROM t ORDER BY a FETCH FIRST 1 ROWS WITH TIES").err().unwrap();
    assert_eq!(err.sqlstate, "42000", "{err:?}");
}

#[test]
fn like_escape_empty_means_no_escape() {
    let e = engine();
    // without ESCAPE, backslash escapes: 'a\b' does not match itself
    assert_eq!(rows(&e, "SELECT b FROM t WHERE b LIKE 'a\\b'"), "");
    assert!(rows(&e, "SELECT b FROM t WHERE b LIKE 'a\\b' ESCAPE ''").contains("a\\b"));
    assert!(rows(&e, "SELECT b FROM t WHERE b LIKE 'a%' ESCAPE '' ORDER BY b").contains("a%"));
}

#[test]
fn duplicate_output_names_keep_their_labels() {
    let e = engine();
    assert_eq!(labels(&e, "SELECT count(*), count(*) FROM t"), ["count(*)", "count(*)"]);
    assert_eq!(labels(&e, "SELECT - 56 AS col2, - 10 AS col2 FROM t"), ["col2", "col2"]);
    assert_eq!(labels(&e, "SELECT a, a, t.a FROM t"), ["a", "a", "a"]);
    assert_eq!(labels(&e, "SELECT (SELECT 1), (SELECT 2)").len(), 2);
    // the planner names both alike though their text differs: planned again with every
    // unnamed expression aliased, labelled with its text
    assert_eq!(labels(&e, "SELECT sum(-a), sum(+ -a) FROM t"), ["sum(-a)", "sum((-a))"]);
    assert!(rows(&e, "SELECT sum(-a), sum(+ -a) FROM t").contains("|-10|-10|"));
    let out = rows(&e, "SELECT - a AS c, - a AS c FROM t ORDER BY c");
    assert!(out.contains("|c|c|"), "{out}");
    assert!(out.contains("|-4|-4|"), "{out}");
}

#[test]
fn unary_plus_is_the_identity() {
    let e = engine();
    assert!(rows(&e, "SELECT + b FROM t WHERE a = 2").contains("|x|"));
}

#[test]
fn indexes_are_recorded_and_listed() {
    let e = engine();
    run(&e, "CREATE INDEX t_a ON t (a)");
    run(&e, "CREATE UNIQUE INDEX ON t (b, a)");
    let list = rows(&e, "SELECT index_name, non_unique, ordinal_position, column_name FROM information_schema.indexes ORDER BY 1, 3");
    assert!(list.contains("|t_a|true|1|a|"), "{list}");
    assert!(list.contains("|t_b_a_idx|false|2|a|"), "{list}");
    let again = e.prepare("CREATE INDEX t_a ON t (b)").unwrap().run(&ExecOptions::default()).err().unwrap();
    assert_eq!(again.sqlstate, "42P07");
    let missing = e.prepare("CREATE INDEX bad ON t (nope)").and_then(|s| s.run(&ExecOptions::default())).err().unwrap();
    assert_eq!(missing.sqlstate, "42703", "{missing:?}");
    run(&e, "DROP INDEX t_a");
    let gone = e.prepare("DROP INDEX t_a").unwrap().run(&ExecOptions::default()).err().unwrap();
    assert_eq!(gone.sqlstate, "42704");
    run(&e, "DROP INDEX IF EXISTS t_a");
    let ro = ExecOptions { read_only: true, ..Default::default() };
    assert_eq!(e.prepare("DROP INDEX t_b_a_idx").unwrap().run(&ro).err().unwrap().sqlstate, "25006");
    assert_eq!(e.prepare("CREATE INDEX x ON t (a)").unwrap().run(&ro).err().unwrap().sqlstate, "25006");
    run(&e, "DROP TABLE t");
    assert_eq!(rows(&e, "SELECT * FROM information_schema.indexes"), "");
}

#[test]
fn catalog_tables_for_clients() {
    let e = engine();
    assert_eq!(rows(&e, "SELECT * FROM information_schema.sequences"), "");
    assert_eq!(labels(&e, "SELECT * FROM INFORMATION_SCHEMA.SEQUENCES").len(), 12);
    assert_eq!(rows(&e, "SELECT * FROM information_schema.key_column_usage"), "");
    assert_eq!(rows(&e, "SELECT * FROM pg_catalog.pg_constraint"), "");
    let classes = rows(
        &e,
        "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid",
    );
    assert!(classes.contains("|public|t|"), "{classes}");
}

/// A WHERE clause the optimizer can prove false used to lose its filter on the way to the
/// table's delete, which then deleted every row.
#[test]
fn delete_and_update_with_an_impossible_where_change_nothing() {
    let e = engine();
    assert_eq!(run(&e, "DELETE FROM t WHERE (a < 41 AND a >= 2) AND a IN (84, 85) AND a IN (27)"), 0);
    assert_eq!(run(&e, "DELETE FROM t WHERE 1 = 0"), 0);
    assert_eq!(run(&e, "UPDATE t SET b = 'z' WHERE a = 1 AND a = 2"), 0);
    assert!(rows(&e, "SELECT count(*) AS n FROM t").contains("|4|"));
    // repeated subexpressions in the WHERE clause
    assert_eq!(run(&e, "DELETE FROM t WHERE (a = 1 OR a = 3) AND (a = 1 OR a = 3)"), 2);
    assert_eq!(run(&e, "UPDATE t SET b = 'w' WHERE a + 1 = 3 AND a + 1 = 3"), 1);
    assert!(rows(&e, "SELECT a, b FROM t ORDER BY a").contains("|2|w|"));
}

#[test]
fn error_messages_are_for_people() {
    let e = engine();
    let err = e.prepare("select 1\nselect 2").err().unwrap();
    assert_eq!(err.message, "syntax error at line 2, column 1: expected end of statement, found 'select'");
    assert!(err.detail.contains("ParserError"), "{}", err.detail);
    let err = e.execute_sql("SELECT CAST('abc' AS INT)").err().unwrap();
    assert!(!err.message.contains("Optimizer rule"), "{}", err.message);
    assert_eq!(err.sqlstate, "22018");
    let err = e.prepare("GRANT SELECT ON t TO bob").err().unwrap();
    assert_eq!(err.sqlstate, "42000", "statement errors are never 0A000 (pools evict on it)");
}

#[test]
fn nesting_up_to_the_limit_plans_and_past_it_is_refused() {
    let e = engine();
    let depth = ffq_native::limits::MAX_NESTING - 10;
    let sql = format!("SELECT a FROM t WHERE {}a = 2{}", "(".repeat(depth), ")".repeat(depth));
    assert!(rows(&e, &sql).contains("|2|"));
    let deep = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
    let err = e.prepare(&deep).err().unwrap();
    assert_eq!(err.sqlstate, "42601");
}
