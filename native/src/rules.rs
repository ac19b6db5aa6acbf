//! Physical plan rules of the engine, run after DataFusion's own.
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

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
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
