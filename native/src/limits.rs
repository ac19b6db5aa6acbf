//! Explicit limits on what one statement may ask of the process.
//!
//! Depth: infix chains (`1 + 1 + ...`, `a AND b AND ...`, `x || y || ...`) and set
//! operation chains (`SELECT ... UNION ALL SELECT ...`) parse into trees as deep as
//! the chain is long, and planning, evaluating and dropping them recurses. The
//! parser's own recursion limit does not see them (it counts nesting, not chain
//! length), so a statement deeper than [`MAX_EXPRESSION_DEPTH`] is refused right
//! after parsing, before anything recurses over it.

use std::ops::ControlFlow;

use datafusion::sql::parser::{CopyToSource, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Expr, Query, SetExpr, Visit, Visitor};

use crate::error::{FfqError, FfqStatusCode, Result};

/// The deepest expression or set-operation chain a statement may hold (as DuckDB's
/// `max_expression_depth`).
pub const MAX_EXPRESSION_DEPTH: usize = 1000;

/// The longest result column name, in bytes. Names travel through the Arrow C Data
/// Interface, whose Java importer reads at most 32 KiB of a name.
pub const MAX_NAME_BYTES: usize = 16 << 10;

/// Refuses a result whose column (or nested field) names are longer than
/// [`MAX_NAME_BYTES`] (SQLState 42622, name too long), naming the column by its start.
pub fn check_names(schema: &arrow::datatypes::Schema) -> Result<()> {
    fn walk(fields: &arrow::datatypes::Fields) -> Result<()> {
        for f in fields.iter() {
            if f.name().len() > MAX_NAME_BYTES {
                let mut cut = 40;
                while !f.name().is_char_boundary(cut) {
                    cut -= 1;
                }
                return Err(FfqError::new(
                    FfqStatusCode::Planning,
                    "42622",
                    format!(
                        "the result column name starting '{}...' is {} bytes long; the limit is {MAX_NAME_BYTES}",
                        &f.name()[..cut],
                        f.name().len()
                    ),
                ));
            }
            if let arrow::datatypes::DataType::Struct(children) = f.data_type() {
                walk(children)?;
            }
        }
        Ok(())
    }
    walk(schema.fields())
}

/// The widest table the engine registers (PostgreSQL's limit). DataFusion's planner
/// spends time quadratic in the width of a select list, in one uninterruptible step:
/// `SELECT *` over 10,000 columns plans for 15 s; at this width it is a fraction of a second.
pub const MAX_TABLE_COLUMNS: usize = 1600;

/// Refuses a table wider than [`MAX_TABLE_COLUMNS`] (SQLState 54011, too many columns).
pub fn check_table_width(table: &str, columns: usize) -> Result<()> {
    if columns > MAX_TABLE_COLUMNS {
        return Err(FfqError::new(
            FfqStatusCode::Planning,
            "54011",
            format!("table '{table}' has {columns} columns; the limit is {MAX_TABLE_COLUMNS}"),
        ));
    }
    Ok(())
}

/// The deepest parenthesized nesting the parser accepts (deeper is 42601, "nests too deeply").
pub const MAX_NESTING: usize = 256;

/// The longest SQL text accepted, in bytes.
pub const MAX_SQL_BYTES: usize = 16 << 20;

/// SQLState 54001 (statement too complex), as PostgreSQL reports such limits.
pub fn too_complex(message: impl Into<String>) -> FfqError {
    FfqError::new(FfqStatusCode::Planning, "54001", message)
}

pub fn check_sql_length(sql: &str) -> Result<()> {
    if sql.len() > MAX_SQL_BYTES {
        return Err(FfqError::new(
            FfqStatusCode::Planning,
            "54000",
            format!("the statement is {} bytes long; the limit is {} bytes", sql.len(), MAX_SQL_BYTES),
        ));
    }
    Ok(())
}

/// Refuses a parsed statement whose expressions or set operations nest deeper than
/// [`MAX_EXPRESSION_DEPTH`]; returns how deep it nests. The walk stops as soon as it
/// passes the limit, so its own recursion is bounded by the limit.
pub fn check_depth(statement: &DFStatement) -> Result<usize> {
    let mut v = DepthVisitor { depth: 0, max: 0 };
    let flow = match statement {
        DFStatement::Statement(s) => s.visit(&mut v),
        DFStatement::CopyTo(c) => match &c.source {
            CopyToSource::Query(q) => q.visit(&mut v),
            CopyToSource::Relation(_) => ControlFlow::Continue(()),
        },
        DFStatement::Explain(e) => return check_depth(&e.statement).map(|d| d + 1),
        DFStatement::CreateExternalTable(_) | DFStatement::Reset(_) => ControlFlow::Continue(()),
    };
    match flow {
        ControlFlow::Continue(()) => Ok(v.max),
        ControlFlow::Break(()) => Err(too_complex(format!(
            "the statement nests expressions or set operations deeper than the limit of {MAX_EXPRESSION_DEPTH} \
             (max_expression_depth); split long chains of operators or UNIONs, or use IN lists"
        ))),
    }
}

struct DepthVisitor {
    depth: usize,
    max: usize,
}

impl DepthVisitor {
    fn enter(&mut self, by: usize) -> ControlFlow<()> {
        self.depth += by;
        self.max = self.max.max(self.depth);
        if self.depth > MAX_EXPRESSION_DEPTH {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

impl Visitor for DepthVisitor {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        // The visitor walks set-operation trees without a hook; measure them first.
        let budget = MAX_EXPRESSION_DEPTH.saturating_sub(self.depth);
        let sets = set_depth(&query.body, budget + 1);
        if sets > budget {
            return ControlFlow::Break(());
        }
        self.max = self.max.max(self.depth + sets);
        self.enter(1)
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, _expr: &Expr) -> ControlFlow<()> {
        self.enter(1)
    }

    fn post_visit_expr(&mut self, _expr: &Expr) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}

/// An upper bound of how deep `sql` can nest, from its text alone: the number of its
/// tokens (a run of word characters or a quoted text counts once, any other visible
/// character once). Every level of nesting takes at least one token.
pub fn token_bound(sql: &str) -> usize {
    let mut tokens = 0;
    let mut in_word = false;
    for c in sql.chars() {
        let word = c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '\'' | '"');
        if word {
            if !in_word {
                tokens += 1;
            }
        } else if !c.is_whitespace() {
            tokens += 1;
        }
        in_word = word;
    }
    tokens
}

/// The depth of a set-operation tree, counting no further than `cap` (so the
/// recursion is bounded by `cap`).
fn set_depth(body: &SetExpr, cap: usize) -> usize {
    if cap == 0 {
        return 0;
    }
    match body {
        SetExpr::SetOperation { left, right, .. } => {
            1 + set_depth(left, cap - 1).max(set_depth(right, cap - 1))
        }
        _ => 1,
    }
}

/// Drops a parsed statement that was refused for its depth. Dropping recurses as
/// deep as the tree, which may be far deeper than any thread's stack, so it runs on
/// a stack sized from the SQL text (a tree is never deeper than its text is long).
pub fn drop_refused<T: Send>(value: T, sql_len: usize) {
    const PER_BYTE: usize = 256;
    let size = sql_len.saturating_mul(PER_BYTE).clamp(1 << 20, 8 << 30);
    stacker::grow(size, move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::sql::parser::DFParserBuilder;

    fn parse(sql: &str) -> DFStatement {
        DFParserBuilder::new(sql).build().unwrap().parse_statements().unwrap().pop_front().unwrap()
    }

    #[test]
    fn chains_at_the_limit_pass_and_past_it_fail() {
        let chain = |n: usize, op: &str| format!("SELECT {}", vec!["1"; n].join(op));
        assert!(check_depth(&parse(&chain(900, " + "))).is_ok());
        for sql in [chain(1001, " + "), chain(10_000, " OR "), chain(10_000, " || ")] {
            let st = parse(&sql);
            let e = check_depth(&st).unwrap_err();
            assert_eq!(e.sqlstate, "54001");
            assert!(e.message.contains("1000"), "{}", e.message);
            drop_refused(st, sql.len());
        }
        let unions = vec!["SELECT 1"; 2000].join(" UNION ALL ");
        let st = parse(&unions);
        assert_eq!(check_depth(&st).unwrap_err().sqlstate, "54001");
        drop_refused(st, unions.len());
    }

    #[test]
    fn depth_is_measured_and_the_token_bound_is_never_below_it() {
        for sql in [
            "SELECT 1".to_string(),
            "SELECT n_name FROM nation WHERE n_nationkey = $1".to_string(),
            format!("SELECT {}", vec!["1"; 40].join(" + ")),
            format!("SELECT {}1{}", "(".repeat(30), ")".repeat(30)),
            format!("SELECT {}", vec!["NOT"; 20].join(" ") + " true"),
            "SELECT a FROM t WHERE a IN (SELECT b FROM u WHERE b > (SELECT max(c) FROM v))".to_string(),
            vec!["SELECT 1"; 20].join(" UNION ALL "),
            "EXPLAIN SELECT abs(abs(abs(-1)))".to_string(),
        ] {
            let depth = check_depth(&parse(&sql)).unwrap();
            assert!(depth >= 1, "{sql}");
            assert!(token_bound(&sql) >= depth, "{sql}: {} tokens, depth {depth}", token_bound(&sql));
        }
        assert_eq!(token_bound("SELECT n_name FROM nation WHERE n_nationkey = $1"), 8);
        let chain = format!("SELECT {}", vec!["1"; 40].join(" + "));
        assert!(check_depth(&parse(&chain)).unwrap() >= 40);
    }
}
