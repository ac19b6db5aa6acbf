//! Plan rules of the engine, run after DataFusion's own.
//!
//! [`NoRoundRobinOverOneBatch`]: DataFusion's `EnforceDistribution` puts a
//! `RepartitionExec(RoundRobinBatch(target_partitions))` above every single-partition
//! input so that the operators above it run on several cores. Round-robin hands out
//! whole batches, so an input that is known to fit in one batch gains nothing from it,
//! and pays for it on every execution: the repartition spawns a task per input
//! partition and channels per output partition (in a point lookup over a 25-row table
//! that was most of the execution time). The rule removes such repartitions when the
//! input is a scan whose files hold at most one batch of rows (Parquet footers say so).
//! A parent whose partition count changes is rebuilt (its properties recomputed);
//! operators that need a given distribution (hash joins, aggregates) get it from a hash
//! repartition of their own, which this rule never touches.
//!
//! [`DecimalLiteralsAtColumnScale`]: a logical rule. Type coercion makes the `1` of
//! `1 - l_discount` a `DECIMAL(20, 0)` literal, so Arrow's decimal subtraction, seeing two
//! scales, multiplies both operands by a power of ten (checked 128-bit multiplications) on
//! every row before subtracting. The rule writes the literal at the other operand's scale
//! (`1` becomes `1.00`, `DECIMAL(22, 2)`): the result type is the same (same scale, same
//! integer digits) and the subtraction is one checked operation per row.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::{BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator};
use datafusion::optimizer::{OptimizerConfig, OptimizerRule};
use arrow::datatypes::DataType;
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::datasource::source::DataSourceExec;
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties, Partitioning, StatisticsArgs, StatisticsContext};

/// Whether `plan` is known to produce at most `rows` rows. A scan's row count is its
/// files' (Parquet footers): exact, or an upper bound marked inexact when a predicate may
/// prune some of it. Other estimates (a filter's selectivity, a join's) may be too low and
/// are trusted only when exact.
pub fn at_most_rows(plan: &Arc<dyn ExecutionPlan>, rows: usize) -> Result<bool> {
    Ok(match StatisticsContext::new().compute(plan.as_ref(), &StatisticsArgs::new())?.num_rows {
        Precision::Exact(n) => n <= rows,
        Precision::Inexact(n) => plan.is::<DataSourceExec>() && n <= rows,
        Precision::Absent => false,
    })
}

#[derive(Debug, Default)]
pub struct NoRoundRobinOverOneBatch;

impl PhysicalOptimizerRule for NoRoundRobinOverOneBatch {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        let batch = usize::from(config.execution.batch_size);
        plan.transform_up(|node| {
            let Some(repartition) = node.downcast_ref::<RepartitionExec>() else {
                return Ok(Transformed::no(node));
            };
            if !matches!(repartition.partitioning(), Partitioning::RoundRobinBatch(_)) {
                return Ok(Transformed::no(node));
            }
            let input = repartition.input();
            if input.output_partitioning().partition_count() != 1 {
                return Ok(Transformed::no(node));
            }
            match at_most_rows(input, batch)? {
                true => Ok(Transformed::yes(Arc::clone(input))),
                false => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "NoRoundRobinOverOneBatch"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// Rewrites `literal ± decimal` and `decimal ± literal` with the literal at the decimal's
/// (larger) scale when the result type stays the same; see the module notes.
#[derive(Debug, Default)]
pub struct DecimalLiteralsAtColumnScale;

/// `literal` (a DECIMAL(p, s) value) at `scale`, with the same integer digits, if it fits.
fn at_scale(literal: &ScalarValue, scale: i8) -> Option<ScalarValue> {
    let ScalarValue::Decimal128(Some(v), p, s) = literal else { return None };
    if scale <= *s {
        return None;
    }
    let up = (scale - *s) as u32;
    let precision = p.checked_add(up as u8).filter(|p| *p <= arrow::datatypes::DECIMAL128_MAX_PRECISION)?;
    let value = v.checked_mul(10i128.checked_pow(up)?)?;
    Some(ScalarValue::Decimal128(Some(value), precision, scale))
}

fn rescale_literal(expr: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let Expr::BinaryExpr(BinaryExpr { left, op, right }) = &expr else { return Ok(Transformed::no(expr)) };
    if !matches!(op, Operator::Plus | Operator::Minus) {
        return Ok(Transformed::no(expr));
    }
    let scale_of = |e: &Expr| match e.get_type(schema) {
        Ok(DataType::Decimal128(_, s)) => Some(s),
        _ => None,
    };
    let rewritten = match (left.as_ref(), right.as_ref()) {
        (Expr::Literal(l, meta), other) if !matches!(other, Expr::Literal(..)) => scale_of(other)
            .and_then(|s| at_scale(l, s))
            .map(|l| Expr::BinaryExpr(BinaryExpr::new(Box::new(Expr::Literal(l, meta.clone())), *op, right.clone()))),
        (other, Expr::Literal(r, meta)) if !matches!(other, Expr::Literal(..)) => scale_of(other)
            .and_then(|s| at_scale(r, s))
            .map(|r| Expr::BinaryExpr(BinaryExpr::new(left.clone(), *op, Box::new(Expr::Literal(r, meta.clone()))))),
        _ => None,
    };
    Ok(match rewritten {
        Some(e) => Transformed::yes(e),
        None => Transformed::no(expr),
    })
}

impl OptimizerRule for DecimalLiteralsAtColumnScale {
    fn name(&self) -> &str {
        "DecimalLiteralsAtColumnScale"
    }

    fn rewrite(&self, plan: LogicalPlan, _config: &dyn OptimizerConfig) -> Result<Transformed<LogicalPlan>> {
        plan.transform_up_with_subqueries(|node| {
            // expressions of a one-input node are typed by its input's schema
            let inputs = node.inputs();
            if inputs.len() != 1 {
                return Ok(Transformed::no(node));
            }
            let schema = Arc::clone(inputs[0].schema());
            let names = NamePreserver::new(&node);
            node.map_expressions(|e| {
                let name = names.save(&e);
                Ok(e.transform_up(|e| rescale_literal(e, &schema))?.update_data(|e| name.restore(e)))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::execution::SessionStateBuilder;
    use datafusion::physical_plan::displayable;
    use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

    async fn plan_text(rows: usize, with_rule: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let ctx = SessionContext::new();
        let sql = format!("COPY (SELECT value AS k FROM generate_series(1, {rows})) TO '{}'", path.display());
        ctx.sql(&sql).await.unwrap().collect().await.unwrap();
        let mut builder = SessionStateBuilder::new()
            .with_config(SessionConfig::new().with_target_partitions(2))
            .with_default_features();
        if with_rule {
            builder = builder.with_physical_optimizer_rule(Arc::new(NoRoundRobinOverOneBatch));
        }
        let ctx = SessionContext::new_with_state(builder.build());
        ctx.register_parquet("t", path.to_str().unwrap(), ParquetReadOptions::default()).await.unwrap();
        let df = ctx.sql("SELECT k FROM t WHERE k % 7 = 3").await.unwrap();
        let plan = df.clone().create_physical_plan().await.unwrap();
        let count: usize = df.collect().await.unwrap().iter().map(|b| b.num_rows()).sum();
        assert_eq!(count, (1..=rows).filter(|k| k % 7 == 3).count());
        let text = displayable(plan.as_ref()).indent(false).to_string();
        text
    }

    #[tokio::test]
    async fn one_batch_inputs_are_not_round_robined() {
        assert!(plan_text(100, false).await.contains("RoundRobinBatch"), "DataFusion adds it");
        assert!(!plan_text(100, true).await.contains("RoundRobinBatch"));
    }

    #[tokio::test]
    async fn larger_inputs_keep_their_round_robin() {
        assert!(plan_text(20_000, true).await.contains("RoundRobinBatch"));
    }
}

#[cfg(test)]
mod decimal_literal_tests {
    use super::*;
    use datafusion::execution::SessionStateBuilder;
    use datafusion::prelude::SessionContext;

    async fn run(sql: &str, with_rule: bool) -> (String, String, String) {
        let mut builder = SessionStateBuilder::new().with_default_features();
        if with_rule {
            builder = builder.with_optimizer_rule(Arc::new(DecimalLiteralsAtColumnScale));
        }
        let ctx = SessionContext::new_with_state(builder.build());
        ctx.sql("CREATE TABLE t (d DECIMAL(15, 2), e DECIMAL(12, 4)) AS VALUES \
                 (0.05, 1.0001), (0.10, -2.5), (NULL, 3), (9999999999999.99, 99999999.9999)")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let df = ctx.sql(sql).await.unwrap();
        let plan = df.clone().into_optimized_plan().unwrap().display_indent().to_string();
        let batches = df.collect().await.unwrap();
        let schema = batches[0].schema().to_string();
        let rows = arrow::util::pretty::pretty_format_batches(&batches).unwrap().to_string();
        (plan, schema, rows)
    }

    #[tokio::test]
    async fn literals_take_the_columns_scale_and_nothing_else_changes() {
        for sql in [
            "SELECT 1 - d, d + 1, 2 + e, e - 7, sum(1 - d) OVER () FROM t",
            "SELECT sum(d * (1 - d)), avg(e * (1 + e)), count(*) FROM t WHERE d - 1 < 0",
            "SELECT -3 + d AS x, d - 0.125, 123456789012345678901234567890 - d FROM t ORDER BY x",
            "SELECT d - e, d + NULL, 1 - 1 FROM t",
        ] {
            let (before_plan, before_schema, before_rows) = run(sql, false).await;
            let (after_plan, after_schema, after_rows) = run(sql, true).await;
            assert_eq!(before_rows, after_rows, "{sql}");
            assert_eq!(before_schema, after_schema, "{sql}");
            if sql.starts_with("SELECT 1 - d") {
                assert!(before_plan.contains("Decimal128(1,20,0) - t.d"), "{before_plan}");
                assert!(after_plan.contains("Decimal128(1.00,22,2) - t.d"), "{after_plan}");
                assert!(after_plan.contains("Decimal128(2.0000,24,4) + t.e"), "{after_plan}");
            }
        }
    }

    #[test]
    fn a_literal_that_cannot_be_widened_is_left_alone() {
        let big = ScalarValue::Decimal128(Some(1), 37, 0);
        assert_eq!(at_scale(&big, 2), None);
        let one = ScalarValue::Decimal128(Some(1), 20, 0);
        assert_eq!(at_scale(&one, 2), Some(ScalarValue::Decimal128(Some(100), 22, 2)));
        assert_eq!(at_scale(&ScalarValue::Decimal128(Some(-125), 4, 3), 2), None);
        assert_eq!(at_scale(&ScalarValue::Decimal128(None, 20, 0), 2), None);
    }
}
