//! Prepared statements: planned once, executed many times with `$n`
//! parameters, cancellable from any thread.

use std::collections::HashMap;
use std::sync::Mutex;

use arrow::array::{Array, StructArray};
use arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::ScalarValue;
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::{LogicalPlan, Statement as SqlStatement};
use datafusion::prelude::SessionContext;

use crate::error::{FfqError, FfqStatusCode, Result};
use crate::runtime::{block_on, CancelToken};
use crate::stream::BatchReader;

/// What executing a statement produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum StatementKind {
    /// Rows (SELECT, EXPLAIN, SHOW, DESCRIBE, EXECUTE).
    Query = 0,
    /// A row count (INSERT, COPY TO).
    Update = 1,
    /// Nothing (CREATE, DROP, SET and other statements).
    Ddl = 2,
}

/// Per-execution settings.
#[derive(Clone, Debug, Default)]
pub struct ExecOptions {
    /// Rows per batch; `None` keeps the engine's `batch_size_rows`.
    pub batch_size: Option<usize>,
    /// A limit pushed into the plan of a query.
    pub max_rows: Option<usize>,
    /// Refuse DDL, DML and COPY (SQLState 25006).
    pub read_only: bool,
}

/// The result of running a statement the JDBC way.
pub enum Outcome {
    Rows(BatchReader),
    Count(i64),
}

pub struct Statement {
    ctx: SessionContext,
    plan: LogicalPlan,
    kind: StatementKind,
    /// Parameter `$i+1`'s type, `None` where the planner could not tell.
    params: Vec<Option<DataType>>,
    bound: Mutex<Option<Vec<ScalarValue>>>,
    /// The token of the latest execution; `cancel` fires it.
    current: Mutex<CancelToken>,
}

impl Statement {
    pub fn prepare(ctx: SessionContext, sql: &str) -> Result<Statement> {
        let sql = rewrite_question_marks(sql)?;
        let state = ctx.state();
        let plan = block_on(state.create_logical_plan(&sql))?;
        let kind = match &plan {
            LogicalPlan::Ddl(_) => StatementKind::Ddl,
            LogicalPlan::Dml(_) | LogicalPlan::Copy(_) => StatementKind::Update,
            LogicalPlan::Statement(SqlStatement::Execute(_)) => StatementKind::Query,
            LogicalPlan::Statement(_) => StatementKind::Ddl,
            _ => StatementKind::Query,
        };
        let types = plan.get_parameter_types()?;
        let mut params: Vec<Option<DataType>> = Vec::new();
        let mut by_index: HashMap<usize, Option<DataType>> = HashMap::new();
        for (name, dt) in types {
            let index = name
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    FfqError::new(
                        FfqStatusCode::Planning,
                        "42601",
                        format!("unsupported parameter '{name}': use ? or $1, $2, ..."),
                    )
                })?;
            by_index.insert(index, dt);
        }
        let count = by_index.keys().copied().max().unwrap_or(0);
        for i in 1..=count {
            params.push(by_index.remove(&i).flatten());
        }
        Ok(Statement { ctx, plan, kind, params, bound: Mutex::new(None), current: Mutex::new(CancelToken::new()) })
    }

    pub fn kind(&self) -> StatementKind {
        self.kind
    }

    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    /// One field per parameter, named `$1`, `$2`, ...; `Null` where unknown.
    pub fn param_schema(&self) -> Schema {
        Schema::new(
            self.params
                .iter()
                .enumerate()
                .map(|(i, dt)| Field::new(format!("${}", i + 1), dt.clone().unwrap_or(DataType::Null), true))
                .collect::<Vec<_>>(),
        )
    }

    /// The result columns of a query, known before it runs.
    pub fn result_schema(&self) -> Schema {
        self.plan.schema().as_arrow().clone()
    }

    /// Binds parameter values from the first row of a struct array, one
    /// field per parameter. Values are cast to the parameters' types.
    pub fn bind_struct(&self, values: &StructArray) -> Result<()> {
        if values.len() != 1 {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "22023",
                format!("parameter values must be one row, got {}", values.len()),
            ));
        }
        let scalars = values
            .columns()
            .iter()
            .map(|c| ScalarValue::try_from_array(c.as_ref(), 0).map_err(FfqError::from))
            .collect::<Result<Vec<_>>>()?;
        self.bind(scalars)
    }

    pub fn bind(&self, values: Vec<ScalarValue>) -> Result<()> {
        if values.len() != self.params.len() {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "07001",
                format!("statement has {} parameter(s), {} value(s) given", self.params.len(), values.len()),
            ));
        }
        let mut cast = Vec::with_capacity(values.len());
        for (i, (v, dt)) in values.into_iter().zip(&self.params).enumerate() {
            cast.push(match dt {
                Some(dt) if v.data_type() != *dt => v.cast_to(dt).map_err(|e| {
                    FfqError::new(
                        FfqStatusCode::Execution,
                        "22018",
                        format!("parameter ${}: cannot convert {} to {dt}: {e}", i + 1, v.data_type()),
                    )
                })?,
                _ => v,
            });
        }
        *self.bound.lock().unwrap_or_else(|p| p.into_inner()) = Some(cast);
        Ok(())
    }

    pub fn clear_bindings(&self) {
        *self.bound.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Fires the running execution's cancel token (a no-op when idle).
    pub fn cancel(&self) {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).cancel();
    }

    fn bound_plan(&self) -> Result<LogicalPlan> {
        if self.params.is_empty() {
            return Ok(self.plan.clone());
        }
        let bound = self.bound.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let Some(values) = bound else {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "07001",
                format!("statement has {} parameter(s) and none are bound", self.params.len()),
            ));
        };
        Ok(self.plan.clone().with_param_values(values)?)
    }

    fn check_read_only(&self, opts: &ExecOptions) -> Result<()> {
        if !opts.read_only {
            return Ok(());
        }
        let what = match &self.plan {
            LogicalPlan::Ddl(d) => d.name(),
            LogicalPlan::Dml(_) => "a data change",
            LogicalPlan::Copy(_) => "COPY",
            _ => return Ok(()),
        };
        Err(FfqError::read_only(what))
    }

    /// Starts an execution: returns the data frame to run and its token.
    fn start(&self, opts: &ExecOptions) -> Result<(DataFrame, CancelToken)> {
        self.check_read_only(opts)?;
        let plan = self.bound_plan()?;
        let token = CancelToken::new();
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = token.clone();
        let ctx = self.ctx.clone();
        // DDL runs here, inside execute_logical_plan.
        let df = block_on(token.run(async move { Ok(ctx.execute_logical_plan(plan).await?) }))?;
        if self.kind != StatementKind::Query {
            return Ok((df, token));
        }
        let (mut state, plan) = df.into_parts();
        if let Some(n) = opts.batch_size {
            state.config_mut().options_mut().execution.batch_size =
                datafusion::common::config::ConfigNonZeroUsize::try_new(n)?;
        }
        let mut df = DataFrame::new(state, plan);
        if let Some(n) = opts.max_rows {
            df = df.limit(0, Some(n))?;
        }
        Ok((df, token))
    }

    /// Executes into a stream of batches, whatever the statement's kind.
    pub fn execute(&self, opts: &ExecOptions) -> Result<BatchReader> {
        let (df, token) = self.start(opts)?;
        let t = token.clone();
        let stream = block_on(t.run(async move { Ok(df.execute_stream().await?) }))?;
        Ok(BatchReader::new(stream, token))
    }

    /// Executes the JDBC way: rows for a query, a count for anything else
    /// (the number of rows written, or 0).
    pub fn run(&self, opts: &ExecOptions) -> Result<Outcome> {
        match self.kind {
            StatementKind::Query => Ok(Outcome::Rows(self.execute(opts)?)),
            StatementKind::Ddl => {
                let (df, token) = self.start(opts)?;
                block_on(token.run(async move { Ok(df.collect().await?) }))?;
                Ok(Outcome::Count(0))
            }
            StatementKind::Update => {
                let (df, token) = self.start(opts)?;
                let batches = block_on(token.run(async move { Ok(df.collect().await?) }))?;
                let mut count: i64 = 0;
                for b in &batches {
                    if let Some(col) = b.columns().first() {
                        if let Some(c) = col.as_any().downcast_ref::<arrow::array::UInt64Array>() {
                            count += c.iter().flatten().map(|v| v as i64).sum::<i64>();
                        }
                    }
                }
                Ok(Outcome::Count(count))
            }
        }
    }
}

/// Rewrites JDBC-style `?` markers to `$1`, `$2`, ... outside string
/// literals, quoted identifiers and comments. Mixing both styles is an error.
pub fn rewrite_question_marks(sql: &str) -> Result<String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0usize;
    let mut i = 0usize;
    let mut last = 0usize;
    let mut saw_dollar = false;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == q {
                        if i + 1 < bytes.len() && bytes[i + 1] == q {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'$' if bytes.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                saw_dollar = true;
                i += 1;
            }
            b'?' => {
                n += 1;
                out.push_str(&sql[last..i]);
                out.push_str(&format!("${n}"));
                i += 1;
                last = i;
            }
            _ => i += 1,
        }
    }
    if n > 0 && saw_dollar {
        return Err(FfqError::new(
            FfqStatusCode::Planning,
            "42601",
            "a statement may use ? or $n parameter markers, not both",
        ));
    }
    out.push_str(&sql[last.min(sql.len())..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_marks_become_numbered_outside_literals() {
        assert_eq!(
            rewrite_question_marks("select '?', \"a?\", x from t where a = ? -- ?\n and b = ? /* ? */").unwrap(),
            "select '?', \"a?\", x from t where a = $1 -- ?\n and b = $2 /* ? */"
        );
        assert_eq!(rewrite_question_marks("select 'it''s ?', ?").unwrap(), "select 'it''s ?', $1");
        assert!(rewrite_question_marks("select ?, $1").is_err());
        assert_eq!(rewrite_question_marks("select $1").unwrap(), "select $1");
    }
}
