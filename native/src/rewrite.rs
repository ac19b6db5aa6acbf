//! Rewrites of parsed SQL that clients send and the planner does not take as written.
//! Each keeps the statement's meaning:
//!
//! - `OFFSET n ROWS FETCH FIRST|NEXT m ROW|ROWS ONLY` (Hibernate, jOOQ) becomes
//!   `LIMIT m OFFSET n`; parameters stay parameters. `PERCENT` and `WITH TIES` are left
//!   for the planner to refuse.
//! - `x LIKE p ESCAPE ''` means "no escape character" (as in PostgreSQL): backslashes in
//!   the pattern become literal (`replace(p, '\', '\\')` under the default escape).
//! - Output columns with the same name (`SELECT count(*), count(*)`, `SELECT 1 AS a,
//!   2 AS a`): later ones get an internal alias for planning and their label as written is
//!   put back on the result's schema (see [`Rewritten::relabel`]).
//! - `information_schema.sequences` (empty: the engine has no sequences) and
//!   `information_schema.indexes` (what `CREATE INDEX` recorded) are served as derived tables.
//! - `DROP INDEX` is taken out of the planner's hands (it has no such plan).

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::sql::parser::Statement as DFStatement;
use datafusion::sql::sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident, LimitClause, ObjectName,
    ObjectType, Query, SelectItem, SetExpr, Statement, TableAlias, TableFactor, UnaryOperator, Value, VisitMut,
    VisitorMut,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;
use datafusion::common::TableReference;

use crate::engine::Shared;
use crate::error::{FfqError, FfqStatusCode, Result};
use crate::indexes::IndexDef;

/// What the rewrite found that the statement needs later.
#[derive(Default)]
pub struct Rewritten {
    /// Internal alias -> the label as written, for output columns renamed to plan.
    relabels: Vec<(String, Relabel)>,
    /// `DROP INDEX name, ...` with its `IF EXISTS`.
    pub drop_index: Option<(Vec<TableReference>, bool)>,
}

enum Relabel {
    /// The label is fixed (an alias or a column name).
    Named(String),
    /// Same label as the output column at this position (an unnamed expression that
    /// repeats an earlier one; its label is whatever the planner named the first).
    SameAs(usize),
}

impl Rewritten {
    /// The result schema with the labels as written, if any column was renamed.
    pub fn relabel(&self, schema: &Schema) -> Option<SchemaRef> {
        if self.relabels.is_empty() {
            return None;
        }
        let by_alias: HashMap<&str, &Relabel> = self.relabels.iter().map(|(a, l)| (a.as_str(), l)).collect();
        let fields = schema
            .fields()
            .iter()
            .map(|f| match by_alias.get(f.name().as_str()) {
                Some(Relabel::Named(label)) => Arc::new(f.as_ref().clone().with_name(label.clone())),
                Some(Relabel::SameAs(i)) => {
                    let label = schema.fields().get(*i).map(|g| g.name().clone()).unwrap_or_default();
                    Arc::new(Field::clone(f).with_name(label))
                }
                None => f.clone(),
            })
            .collect::<Vec<_>>();
        Some(Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone())))
    }
}

/// Rewrites `statement` in place; the served tables read `shared`'s indexes and catalog.
pub fn rewrite(statement: &mut DFStatement, shared: &Shared) -> Result<Rewritten> {
    let mut out = Rewritten::default();
    let DFStatement::Statement(stmt) = statement else {
        return Ok(out);
    };
    if let Statement::Drop { object_type: ObjectType::Index, names, if_exists, .. } = stmt.as_ref() {
        let names = names
            .iter()
            .map(|n| datafusion::sql::planner::object_name_to_table_reference(n.clone(), true))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        out.drop_index = Some((names, *if_exists));
        return Ok(out);
    }
    let mut visitor = Rewriter { shared, error: None };
    let _ = stmt.visit(&mut visitor);
    if let Some(e) = visitor.error {
        return Err(e);
    }
    if let Statement::Query(q) = stmt.as_mut() {
        out.relabels = unique_output_names(&mut q.body, false);
    }
    Ok(out)
}

/// The second try when the planner still found two output columns of one name (its names
/// for expressions can coincide where their text differs): every unnamed expression of the
/// top-level SELECTs gets an internal alias, and its text as written as its label.
pub fn alias_all_outputs(statement: &mut DFStatement) -> Rewritten {
    let mut out = Rewritten::default();
    if let DFStatement::Statement(stmt) = statement {
        if let Statement::Query(q) = stmt.as_mut() {
            out.relabels = unique_output_names(&mut q.body, true);
        }
    }
    out
}

struct Rewriter<'a> {
    shared: &'a Shared,
    error: Option<FfqError>,
}

impl VisitorMut for Rewriter<'_> {
    type Break = ();

    fn pre_visit_query(&mut self, q: &mut Query) -> ControlFlow<()> {
        fetch_to_limit(q);
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, t: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Table { name, alias, args: None, .. } = t else {
            return ControlFlow::Continue(());
        };
        let Some(which) = served_table(name) else {
            return ControlFlow::Continue(());
        };
        let sql = match which {
            "sequences" => SEQUENCES.to_string(),
            "key_column_usage" => KEY_COLUMN_USAGE.to_string(),
            "pg_constraint" => PG_CONSTRAINT.to_string(),
            "pg_namespace" => pg_namespace_sql(&self.shared.schemas()),
            "pg_class" => pg_class_sql(&self.shared.schemas()),
            _ => indexes_sql(&self.shared.indexes.all()),
        };
        match Parser::new(&GenericDialect {}).try_with_sql(&sql).and_then(|mut p| p.parse_query()) {
            Ok(subquery) => {
                let alias = alias.take().unwrap_or(TableAlias {
                    explicit: true,
                    name: Ident::new(which),
                    columns: vec![],
                    at: None,
                });
                *t = TableFactor::Derived { lateral: false, subquery, alias: Some(alias), sample: None };
                ControlFlow::Continue(())
            }
            Err(e) => {
                self.error = Some(FfqError::internal(format!("information_schema.{which}: {e}")));
                ControlFlow::Break(())
            }
        }
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        // Unary plus is the identity on every type (SQLite, MySQL); the planner takes it on numbers only.
        if let Expr::UnaryOp { op: UnaryOperator::Plus, expr } = e {
            let inner = std::mem::replace(expr.as_mut(), Expr::value(Value::Null));
            *e = Expr::Nested(Box::new(inner));
            return ControlFlow::Continue(());
        }
        if let Expr::Like { escape_char, pattern, .. } | Expr::ILike { escape_char, pattern, .. } = e {
            let empty = matches!(escape_char.as_ref().map(|v| &v.value),
                Some(Value::SingleQuotedString(s)) if s.is_empty());
            if empty {
                *escape_char = None;
                let p = std::mem::replace(pattern.as_mut(), Expr::value(Value::Null));
                **pattern = call("replace", vec![p, string("\\"), string("\\\\")]);
            }
        }
        ControlFlow::Continue(())
    }
}

fn string(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_string()))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(datafusion::sql::sqlparser::ast::Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args.into_iter().map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a))).collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// `FETCH FIRST|NEXT [n] ROW|ROWS ONLY` as a limit (n defaults to 1, as in the standard).
fn fetch_to_limit(q: &mut Query) {
    let Some(fetch) = q.fetch.as_ref() else { return };
    if fetch.with_ties || fetch.percent {
        return;
    }
    let quantity = fetch.quantity.clone().unwrap_or_else(|| Expr::value(Value::Number("1".into(), false)));
    match &mut q.limit_clause {
        None => {
            q.limit_clause = Some(LimitClause::LimitOffset { limit: Some(quantity), offset: None, limit_by: vec![] });
        }
        Some(LimitClause::LimitOffset { limit: limit @ None, .. }) => *limit = Some(quantity),
        // LIMIT and FETCH together: the planner's error stands.
        Some(_) => return,
    }
    q.fetch = None;
}

/// `information_schema.<name>` and `pg_catalog.<name>` (two or three parts, any case)
/// for the tables served here.
fn served_table(name: &ObjectName) -> Option<&'static str> {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| p.as_ident().map(|i| i.value.to_ascii_lowercase()).unwrap_or_default())
        .collect();
    let n = parts.len();
    if !(2..=3).contains(&n) {
        return None;
    }
    match (parts[n - 2].as_str(), parts[n - 1].as_str()) {
        ("information_schema", "sequences") => Some("sequences"),
        ("information_schema", "indexes") => Some("indexes"),
        ("information_schema", "key_column_usage") => Some("key_column_usage"),
        ("pg_catalog", "pg_constraint") => Some("pg_constraint"),
        ("pg_catalog", "pg_namespace") => Some("pg_namespace"),
        ("pg_catalog", "pg_class") => Some("pg_class"),
        _ => None,
    }
}

/// The engine has no constraints: `information_schema.key_column_usage` (standard columns)
/// and `pg_catalog.pg_constraint` (the columns PostgreSQL clients read, jOOQ's `meta()`) are empty.
const KEY_COLUMN_USAGE: &str = "SELECT CAST(NULL AS VARCHAR) AS constraint_catalog, \
     CAST(NULL AS VARCHAR) AS constraint_schema, CAST(NULL AS VARCHAR) AS constraint_name, \
     CAST(NULL AS VARCHAR) AS table_catalog, CAST(NULL AS VARCHAR) AS table_schema, \
     CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS column_name, \
     CAST(NULL AS INT) AS ordinal_position, CAST(NULL AS INT) AS position_in_unique_constraint WHERE false";

const PG_CONSTRAINT: &str = "SELECT CAST(NULL AS BIGINT) AS oid, CAST(NULL AS VARCHAR) AS conname, \
     CAST(NULL AS BIGINT) AS connamespace, CAST(NULL AS VARCHAR) AS contype, CAST(NULL AS BIGINT) AS conrelid, \
     CAST(NULL AS BIGINT) AS confrelid, CAST(NULL AS BIGINT) AS conindid, CAST(NULL AS BOOLEAN) AS condeferrable, \
     CAST(NULL AS BOOLEAN) AS condeferred, CAST(NULL AS BOOLEAN) AS convalidated, \
     CAST(NULL AS VARCHAR) AS confupdtype, CAST(NULL AS VARCHAR) AS confdeltype WHERE false";

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `pg_catalog.pg_namespace`: one row per schema (oid = 1, 2, ... in name order).
fn pg_namespace_sql(schemas: &[(String, Vec<String>)]) -> String {
    let rows: Vec<String> =
        schemas.iter().enumerate().map(|(i, (s, _))| format!("({}, {})", i + 1, quote(s))).collect();
    if rows.is_empty() {
        return "SELECT CAST(NULL AS BIGINT) AS oid, CAST(NULL AS VARCHAR) AS nspname WHERE false".to_string();
    }
    format!("SELECT * FROM (VALUES {}) AS t(oid, nspname)", rows.join(", "))
}

/// `pg_catalog.pg_class`: one row per table (relkind 'r'), in its schema's namespace.
fn pg_class_sql(schemas: &[(String, Vec<String>)]) -> String {
    let mut rows = Vec::new();
    for (i, (_, tables)) in schemas.iter().enumerate() {
        for t in tables {
            rows.push(format!("({}, {}, {}, 'r')", 1000 + rows.len(), quote(t), i + 1));
        }
    }
    if rows.is_empty() {
        return "SELECT CAST(NULL AS BIGINT) AS oid, CAST(NULL AS VARCHAR) AS relname, \
                CAST(NULL AS BIGINT) AS relnamespace, CAST(NULL AS VARCHAR) AS relkind WHERE false"
            .to_string();
    }
    format!("SELECT * FROM (VALUES {}) AS t(oid, relname, relnamespace, relkind)", rows.join(", "))
}

/// PostgreSQL's columns for `information_schema.sequences`; the engine has no sequences.
const SEQUENCES: &str = "SELECT CAST(NULL AS VARCHAR) AS sequence_catalog, CAST(NULL AS VARCHAR) AS sequence_schema, \
     CAST(NULL AS VARCHAR) AS sequence_name, CAST(NULL AS VARCHAR) AS data_type, \
     CAST(NULL AS INT) AS numeric_precision, CAST(NULL AS INT) AS numeric_precision_radix, \
     CAST(NULL AS INT) AS numeric_scale, CAST(NULL AS VARCHAR) AS start_value, \
     CAST(NULL AS VARCHAR) AS minimum_value, CAST(NULL AS VARCHAR) AS maximum_value, \
     CAST(NULL AS VARCHAR) AS increment, CAST(NULL AS VARCHAR) AS cycle_option WHERE false";

/// One row per indexed column: table_catalog, table_schema, table_name, index_name,
/// non_unique, ordinal_position, column_name.
fn indexes_sql(indexes: &[IndexDef]) -> String {
    const COLUMNS: &str = "table_catalog, table_schema, table_name, index_name, non_unique, ordinal_position, column_name";
    let rows: Vec<String> = indexes
        .iter()
        .flat_map(|i| {
            i.columns.iter().enumerate().map(move |(k, c)| {
                format!(
                    "({}, {}, {}, {}, {}, {}, {})",
                    quote(&i.catalog),
                    quote(&i.schema),
                    quote(&i.table),
                    quote(&i.name),
                    !i.unique,
                    k + 1,
                    quote(c),
                )
            })
        })
        .collect();
    if rows.is_empty() {
        return "SELECT CAST(NULL AS VARCHAR) AS table_catalog, CAST(NULL AS VARCHAR) AS table_schema, \
                CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS index_name, \
                CAST(NULL AS BOOLEAN) AS non_unique, CAST(NULL AS INT) AS ordinal_position, \
                CAST(NULL AS VARCHAR) AS column_name WHERE false"
            .to_string();
    }
    format!("SELECT * FROM (VALUES {}) AS t({COLUMNS})", rows.join(", "))
}

/// Gives every output column after the first of its name an internal alias, in each
/// SELECT of the top-level query (a UNION's columns are named by its first SELECT).
/// Returns the labels to restore, taken from the first SELECT.
fn unique_output_names(body: &mut SetExpr, all: bool) -> Vec<(String, Relabel)> {
    let mut first = true;
    let mut relabels = Vec::new();
    let mut counter = 0usize;
    walk_selects(body, &mut |items| {
        let r = dedup_items(items, &mut counter, all);
        if first {
            relabels = r;
            first = false;
        }
    });
    relabels
}

fn walk_selects(body: &mut SetExpr, f: &mut dyn FnMut(&mut Vec<SelectItem>)) {
    match body {
        SetExpr::Select(s) => f(&mut s.projection),
        SetExpr::SetOperation { left, right, .. } => {
            walk_selects(left, f);
            walk_selects(right, f);
        }
        SetExpr::Query(q) => walk_selects(&mut q.body, f),
        _ => {}
    }
}

/// `e` without the parentheses around it (the planner names `(x)` as `x`).
fn peel(mut e: &Expr) -> &Expr {
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

fn normalized(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    }
}

fn dedup_items(items: &mut [SelectItem], counter: &mut usize, all: bool) -> Vec<(String, Relabel)> {
    let has_wildcard = items
        .iter()
        .any(|i| matches!(i, SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut relabels = Vec::new();
    for (pos, item) in items.iter_mut().enumerate() {
        let unnamed = match &*item {
            SelectItem::UnnamedExpr(e) => Some(peel(e)),
            _ => None,
        };
        let (key, label) = match (&*item, unnamed) {
            (SelectItem::ExprWithAlias { alias, .. }, _) => (normalized(alias), Some(normalized(alias))),
            (_, Some(Expr::Identifier(id))) => (normalized(id), Some(normalized(id))),
            (_, Some(Expr::CompoundIdentifier(ids))) => match ids.last() {
                Some(id) => (normalized(id), Some(normalized(id))),
                None => continue,
            },
            (_, Some(e)) if all => (format!("\u{0}{pos}"), Some(e.to_string())),
            // the planner names every scalar subquery alike
            (_, Some(Expr::Subquery(_))) => ("(<subquery>)".to_string(), None),
            (_, Some(e)) => (e.to_string().to_ascii_lowercase(), None),
            _ => continue,
        };
        let first = match seen.get(&key) {
            Some(&first) => first,
            None if all && label.is_some() && key.starts_with('\u{0}') => pos,
            None => {
                seen.insert(key, pos);
                continue;
            }
        };
        let relabel = match label {
            Some(l) => Relabel::Named(l),
            None if !has_wildcard => Relabel::SameAs(first),
            None => Relabel::Named(key),
        };
        *counter += 1;
        let alias = format!("__ffq_dup_{}_{counter}", pos + 1);
        let expr = match std::mem::replace(item, SelectItem::UnnamedExpr(Expr::value(Value::Null))) {
            SelectItem::ExprWithAlias { expr, .. } | SelectItem::UnnamedExpr(expr) => expr,
            other => {
                *item = other;
                continue;
            }
        };
        *item = SelectItem::ExprWithAlias { expr, alias: Ident::with_quote('"', alias.clone()) };
        relabels.push((alias, relabel));
    }
    relabels
}

/// The `IndexDef` a planned `CREATE INDEX` describes (unnamed: `<table>_<columns>_idx`).
pub fn index_def(c: &datafusion::logical_expr::CreateIndex, catalog: &str, schema: &str) -> Result<IndexDef> {
    let table = c.table.clone().resolve(catalog, schema);
    let columns: Vec<String> = c
        .columns
        .iter()
        .map(|s| match &s.expr {
            datafusion::logical_expr::Expr::Column(col) => col.name.clone(),
            other => other.to_string(),
        })
        .collect();
    if columns.is_empty() {
        return Err(FfqError::new(FfqStatusCode::Planning, "42601", "CREATE INDEX needs at least one column"));
    }
    let name = match &c.name {
        Some(n) => n.rsplit('.').next().unwrap_or(n).to_string(),
        None => format!("{}_{}_idx", table.table, columns.join("_")),
    };
    Ok(IndexDef {
        catalog: table.catalog.to_string(),
        schema: table.schema.to_string(),
        table: table.table.to_string(),
        name,
        unique: c.unique,
        columns,
    })
}
