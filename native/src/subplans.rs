//! Subplans that a query repeats are computed once.
//!
//! A CTE referenced twice is inlined by the SQL planner, so `WITH r AS (SELECT k, sum(v)
//! ... GROUP BY k) SELECT ... FROM t, r WHERE ... = (SELECT max(..) FROM r)` (TPC-H Q15)
//! scans and aggregates the same table twice. The engine's query planner looks at the
//! optimized logical plan for subtrees that stand more than once (equal plans, each reading
//! a table and aggregating or joining, with no volatile function and no outer reference),
//! marks every occurrence with a [`SharedNode`], and plans each as a [`SharedExec`] over its
//! own physical input. At run time the first occurrence to be read runs its input and keeps
//! the rows (counted against the memory budget); the others replay them. The rows are let go
//! once every occurrence has taken them.
//!
//! A `SharedExec` is opaque to the physical optimizer, so the occurrences stay equivalent
//! whatever it does on either side: one output partition, no ordering or partitioning claimed
//! from the input, and no filter, limit, sort or projection pushed through it. When the rows
//! do not fit in the memory budget nothing is kept and every occurrence computes its input
//! itself, as if it had not been shared.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use arrow::record_batch::RecordBatch;
use async_trait::async_trait;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DFSchemaRef, DataFusionError, Result};
use datafusion::execution::context::QueryPlanner;
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::catalog::Session;
use datafusion::logical_expr::{Expr, Extension, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::physical_plan::execution_plan::CardinalityEffect;
use datafusion::physical_plan::statistics::{ChildStats, StatisticsArgs};
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties, Statistics};
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};
use futures::future::{BoxFuture, FutureExt, Shared};
use futures::{StreamExt, TryStreamExt};

/// The engine's query planner for embedded engines: DataFusion's, after narrow decimal
/// arithmetic is given its fast path ([`crate::decimal`]) and repeated subplans are marked.
#[derive(Debug, Default)]
pub struct SharingQueryPlanner;

#[async_trait]
impl QueryPlanner for SharingQueryPlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session: &dyn Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let planner = DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(SharedPlanner::default())]);
        let decimal = crate::decimal::rewrite(logical_plan)?;
        let logical_plan = decimal.as_ref().unwrap_or(logical_plan);
        match mark_repeated(logical_plan)? {
            Some(marked) => planner.create_physical_plan(&marked, session).await,
            None => planner.create_physical_plan(logical_plan, session).await,
        }
    }
}

/// One occurrence of a repeated subplan: `id` names the subplan within its query,
/// `consumers` is how many occurrences it has.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct SharedNode {
    id: usize,
    consumers: usize,
    input: LogicalPlan,
}

impl UserDefinedLogicalNodeCore for SharedNode {
    fn name(&self) -> &str {
        "SharedSubplan"
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<Expr> {
        Vec::new()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SharedSubplan: id={}, consumers={}", self.id, self.consumers)
    }

    fn with_exprs_and_inputs(&self, _exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        Ok(SharedNode { id: self.id, consumers: self.consumers, input: inputs.swap_remove(0) })
    }
}

/// Whether `plan` is worth computing once: it reads a table and aggregates or joins, and
/// computing it once cannot change its result (no volatile function such as `random()`,
/// no reference to an outer query's row).
fn worth_sharing(plan: &LogicalPlan) -> Result<bool> {
    if !matches!(plan, LogicalPlan::Aggregate(_) | LogicalPlan::Join(_) | LogicalPlan::Projection(_)
        | LogicalPlan::SubqueryAlias(_) | LogicalPlan::Filter(_) | LogicalPlan::Window(_)
        | LogicalPlan::Sort(_) | LogicalPlan::Distinct(_))
    {
        return Ok(false);
    }
    let (mut scans, mut work, mut unsafe_to_share) = (false, false, false);
    plan.apply_with_subqueries(|node| {
        match node {
            LogicalPlan::TableScan(_) => scans = true,
            LogicalPlan::Aggregate(_) | LogicalPlan::Join(_) | LogicalPlan::Window(_) | LogicalPlan::Distinct(_) => {
                work = true
            }
            LogicalPlan::Extension(_) | LogicalPlan::RecursiveQuery(_) | LogicalPlan::Dml(_) => unsafe_to_share = true,
            _ => {}
        }
        for e in node.expressions() {
            e.apply(|e| {
                if e.is_volatile() || matches!(e, Expr::OuterReferenceColumn(..) | Expr::Placeholder(_)) {
                    unsafe_to_share = true;
                    return Ok(TreeNodeRecursion::Stop);
                }
                Ok(TreeNodeRecursion::Continue)
            })?;
        }
        Ok(if unsafe_to_share { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
    })?;
    Ok(scans && work && !unsafe_to_share)
}

/// Distinct subplans and how often each occurs, found by hash first: comparing plans
/// directly would take time cubic in the depth of a long join chain.
#[derive(Default)]
struct Repeats {
    plans: Vec<(LogicalPlan, usize)>,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Repeats {
    fn hash(plan: &LogicalPlan) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        plan.hash(&mut h);
        h.finish()
    }

    fn find(&self, plan: &LogicalPlan) -> Option<usize> {
        let candidates = self.by_hash.get(&Self::hash(plan))?;
        candidates.iter().copied().find(|i| self.plans[*i].0 == *plan)
    }

    fn count(&mut self, plan: &LogicalPlan) {
        match self.find(plan) {
            Some(i) => self.plans[i].1 += 1,
            None => {
                self.by_hash.entry(Self::hash(plan)).or_default().push(self.plans.len());
                self.plans.push((plan.clone(), 1));
            }
        }
    }

    /// Forgets the plans that occur once.
    fn keep_repeated(&mut self) {
        self.plans.retain(|(_, n)| *n > 1);
        self.by_hash.clear();
        for (i, (p, _)) in self.plans.iter().enumerate() {
            self.by_hash.entry(Self::hash(p)).or_default().push(i);
        }
    }
}

/// `plan` with every occurrence of a repeated subplan marked, or `None` when nothing repeats.
pub fn mark_repeated(plan: &LogicalPlan) -> Result<Option<LogicalPlan>> {
    // A repeated subplan reads a table in each occurrence.
    let mut scans = 0;
    plan.apply_with_subqueries(|node| {
        if matches!(node, LogicalPlan::TableScan(_)) {
            scans += 1;
        }
        Ok(TreeNodeRecursion::Continue)
    })?;
    if scans < 2 {
        return Ok(None);
    }
    let mut seen = Repeats::default();
    plan.apply_with_subqueries(|node| {
        if worth_sharing(node)? {
            seen.count(node);
        }
        Ok(TreeNodeRecursion::Continue)
    })?;
    seen.keep_repeated();
    if seen.plans.is_empty() {
        return Ok(None);
    }
    // Mark the outermost occurrences (a repeated plan's parts repeat with it); then count
    // what was marked, since an occurrence inside a marked one is not marked itself.
    let mut marked = vec![0usize; seen.plans.len()];
    let plan = plan
        .clone()
        .transform_down_with_subqueries(|node| match seen.find(&node) {
            Some(id) => {
                marked[id] += 1;
                let shared = SharedNode { id, consumers: 0, input: node };
                let node = LogicalPlan::Extension(Extension { node: Arc::new(shared) });
                Ok(Transformed::new(node, true, TreeNodeRecursion::Jump))
            }
            None => Ok(Transformed::no(node)),
        })?
        .data;
    let plan = plan
        .transform_up_with_subqueries(|node| {
            let LogicalPlan::Extension(e) = &node else { return Ok(Transformed::no(node)) };
            let Some(shared) = e.node.as_any().downcast_ref::<SharedNode>() else { return Ok(Transformed::no(node)) };
            if shared.consumers != 0 {
                return Ok(Transformed::no(node));
            }
            Ok(Transformed::yes(match marked[shared.id] {
                // an occurrence left alone: no need to keep its rows
                1 => shared.input.clone(),
                n => LogicalPlan::Extension(Extension {
                    node: Arc::new(SharedNode { id: shared.id, consumers: n, input: shared.input.clone() }),
                }),
            }))
        })?
        .data;
    Ok(Some(plan))
}

/// Plans a [`SharedNode`]. One planner serves one plan, so the occurrences of a subplan
/// (the same `id`) get the same [`SharedRows`].
#[derive(Debug, Default)]
struct SharedPlanner {
    rows: Mutex<Vec<Arc<SharedRows>>>,
}

#[async_trait]
impl ExtensionPlanner for SharedPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        let Some(shared) = node.as_any().downcast_ref::<SharedNode>() else { return Ok(None) };
        let rows = {
            let mut all = self.rows.lock().unwrap_or_else(|p| p.into_inner());
            match all.iter().find(|r| r.id == shared.id) {
                Some(rows) => Arc::clone(rows),
                None => {
                    let rows = Arc::new(SharedRows {
                        id: shared.id,
                        consumers: shared.consumers,
                        slot: Mutex::new(Slot::default()),
                    });
                    all.push(Arc::clone(&rows));
                    rows
                }
            }
        };
        Ok(Some(Arc::new(SharedExec::new(Arc::clone(&physical_inputs[0]), rows))))
    }
}

type Kept = std::result::Result<Option<Arc<KeptRows>>, Arc<DataFusionError>>;

/// Rows kept for the occurrences that have not read them yet, with their memory reservation.
struct KeptRows {
    batches: Vec<RecordBatch>,
    _reservation: MemoryReservation,
}

#[derive(Default)]
struct Slot {
    /// The one computation of the rows, started by the first occurrence executed.
    rows: Option<Shared<BoxFuture<'static, Kept>>>,
    /// How many occurrences have taken it.
    taken: usize,
}

pub struct SharedRows {
    id: usize,
    consumers: usize,
    slot: Mutex<Slot>,
}

impl fmt::Debug for SharedRows {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SharedRows {{ id: {}, consumers: {} }}", self.id, self.consumers)
    }
}

impl SharedRows {
    /// The computation of the rows for one occurrence: the running one, or a new one over
    /// `input`. After the last occurrence has taken it, the slot lets go of it.
    fn take(&self, input: &Arc<dyn ExecutionPlan>, context: &Arc<TaskContext>) -> Shared<BoxFuture<'static, Kept>> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        let rows = match &slot.rows {
            Some(rows) => rows.clone(),
            None => {
                let rows = compute(Arc::clone(input), Arc::clone(context), self.id).boxed().shared();
                slot.rows = Some(rows.clone());
                rows
            }
        };
        slot.taken += 1;
        if slot.taken >= self.consumers {
            *slot = Slot::default();
        }
        rows
    }

    fn reset(&self) {
        *self.slot.lock().unwrap_or_else(|p| p.into_inner()) = Slot::default();
    }
}

/// Runs `input` to its end and keeps its rows, or keeps nothing when they do not fit in the
/// memory budget (`Ok(None)`: every occurrence then runs its own input).
async fn compute(input: Arc<dyn ExecutionPlan>, context: Arc<TaskContext>, id: usize) -> Kept {
    let run = async {
        let reservation = MemoryConsumer::new(format!("SharedSubplan[{id}]")).register(context.memory_pool());
        let mut stream = datafusion::physical_plan::execute_stream(input, Arc::clone(&context))?;
        let mut batches = Vec::new();
        while let Some(batch) = stream.next().await.transpose()? {
            if reservation.try_grow(batch.get_array_memory_size()).is_err() {
                return Ok(None);
            }
            batches.push(batch);
        }
        Ok(Some(Arc::new(KeptRows { batches, _reservation: reservation })))
    };
    run.await.map_err(Arc::new)
}

/// One occurrence of a repeated subplan (see the module notes).
#[derive(Debug)]
pub struct SharedExec {
    input: Arc<dyn ExecutionPlan>,
    rows: Arc<SharedRows>,
    properties: Arc<PlanProperties>,
}

impl SharedExec {
    fn new(input: Arc<dyn ExecutionPlan>, rows: Arc<SharedRows>) -> SharedExec {
        // Claims nothing about its rows that depends on how the input was planned.
        let properties = PlanProperties::new(
            EquivalenceProperties::new(input.schema()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        );
        SharedExec { input, rows, properties: Arc::new(properties) }
    }
}

impl DisplayAs for SharedExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        match t {
            DisplayFormatType::TreeRender => write!(f, "id={}", self.rows.id),
            _ => write!(f, "SharedExec: id={}, consumers={}", self.rows.id, self.rows.consumers),
        }
    }
}

impl ExecutionPlan for SharedExec {
    fn name(&self) -> &str {
        "SharedExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(SharedExec::new(children.swap_remove(0), Arc::clone(&self.rows))))
    }

    fn reset_state(self: Arc<Self>) -> Result<Arc<dyn ExecutionPlan>> {
        // A plan is run by one execution at a time; a new run computes the rows again.
        self.rows.reset();
        Ok(self)
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn child_stats_requests(&self, _partition: Option<usize>) -> Vec<ChildStats> {
        vec![ChildStats::At(None)]
    }

    fn statistics_from_inputs(&self, input_stats: &[Arc<Statistics>], _args: &StatisticsArgs) -> Result<Arc<Statistics>> {
        Ok(Arc::clone(&input_stats[0]))
    }

    fn cardinality_effect(&self) -> CardinalityEffect {
        CardinalityEffect::Equal
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        if partition != 0 {
            return Err(DataFusionError::Internal(format!("SharedExec has one partition, not {partition}")));
        }
        let rows = self.rows.take(&self.input, &context);
        let input = Arc::clone(&self.input);
        let stream = futures::stream::once(async move {
            match rows.await {
                Ok(Some(kept)) => {
                    let n = kept.batches.len();
                    let batches = futures::stream::iter((0..n).map(move |i| Ok(kept.batches[i].clone())));
                    Ok(batches.boxed())
                }
                Ok(None) => Ok(datafusion::physical_plan::execute_stream(input, context)?.boxed()),
                Err(e) => Err(DataFusionError::Shared(e)),
            }
        })
        .try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(self.schema(), stream)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use arrow::datatypes::DataType;
    use datafusion::execution::memory_pool::FairSpillPool;
    use datafusion::execution::runtime_env::RuntimeEnvBuilder;
    use datafusion::execution::SessionStateBuilder;
    use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
    use datafusion::physical_plan::displayable;
    use datafusion::prelude::{SessionConfig, SessionContext};

    /// `counted(x)` is `x`; it adds up the rows it is called on, which tells how many times
    /// the subplan that calls it ran. Immutable, as far as the planner knows.
    #[derive(Debug)]
    struct Counted {
        signature: Signature,
        rows: Arc<AtomicUsize>,
    }

    impl PartialEq for Counted {
        fn eq(&self, other: &Self) -> bool {
            Arc::ptr_eq(&self.rows, &other.rows)
        }
    }
    impl Eq for Counted {}
    impl std::hash::Hash for Counted {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            "counted".hash(state)
        }
    }

    impl ScalarUDFImpl for Counted {
        fn name(&self) -> &str {
            "counted"
        }
        fn signature(&self) -> &Signature {
            &self.signature
        }
        fn return_type(&self, _: &[DataType]) -> Result<DataType> {
            Ok(DataType::Int64)
        }
        fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
            self.rows.fetch_add(args.number_rows, Ordering::Relaxed);
            Ok(args.args[0].clone())
        }
    }

    const CTE: &str = "WITH r AS (SELECT k % 100 AS g, sum(counted(v)) AS s FROM t GROUP BY k % 100) ";

    /// A session over `t(k, v)` with 10,000 rows, sharing repeated subplans or not, and the
    /// counter of `counted`.
    async fn session(sharing: bool, budget: Option<usize>) -> (SessionContext, Arc<AtomicUsize>) {
        let mut runtime = RuntimeEnvBuilder::new();
        if let Some(bytes) = budget {
            runtime = runtime.with_memory_pool(Arc::new(FairSpillPool::new(bytes)));
        }
        let mut builder = SessionStateBuilder::new()
            .with_config(SessionConfig::new().with_target_partitions(2).with_batch_size(1000))
            .with_runtime_env(runtime.build_arc().unwrap())
            .with_default_features();
        if sharing {
            builder = builder.with_query_planner(Arc::new(SharingQueryPlanner));
        }
        let ctx = SessionContext::new_with_state(builder.build());
        let rows = Arc::new(AtomicUsize::new(0));
        let udf = Counted { signature: Signature::exact(vec![DataType::Int64], Volatility::Immutable), rows: rows.clone() };
        ctx.register_udf(ScalarUDF::new_from_impl(udf));
        ctx.sql("CREATE TABLE t AS SELECT value AS k, value * 3 AS v FROM generate_series(1, 10000)")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        rows.store(0, Ordering::Relaxed);
        (ctx, rows)
    }

    /// The rows of `sql` (sorted, as text), its physical plan, and how many rows `counted` saw.
    async fn run(sql: &str, sharing: bool, budget: Option<usize>) -> (Vec<String>, String, usize) {
        let (ctx, counted) = session(sharing, budget).await;
        let df = ctx.sql(sql).await.unwrap();
        let plan = df.clone().create_physical_plan().await.unwrap();
        let text = displayable(plan.as_ref()).indent(false).to_string();
        let batches = datafusion::physical_plan::collect(plan, ctx.task_ctx()).await.unwrap();
        let mut rows: Vec<String> = arrow::util::pretty::pretty_format_batches(&batches)
            .unwrap()
            .to_string()
            .lines()
            .map(String::from)
            .collect();
        rows.sort();
        (rows, text, counted.load(Ordering::Relaxed))
    }

    #[tokio::test]
    async fn a_cte_used_twice_is_computed_once_with_the_same_answer() {
        for sql in [
            // TPC-H Q15's shape: the CTE in a join and in a scalar subquery
            "SELECT g, s FROM r, t WHERE g = t.k AND s = (SELECT max(s) FROM r) ORDER BY g",
            // a self-join of the CTE
            "SELECT a.g, a.s, b.s FROM r a JOIN r b ON a.g = (b.g + 1) % 100 ORDER BY a.g",
            // three uses
            "SELECT count(*) FROM r a, r b, r c WHERE a.g = b.g AND b.g = c.g AND a.s + b.s + c.s > 0",
            // in UNION ALL
            "SELECT g, s FROM r WHERE s > 0 UNION ALL SELECT g, s FROM r WHERE s < 500000",
        ] {
            let sql = format!("{CTE}{sql}");
            let (plain, plain_plan, plain_count) = run(&sql, false, None).await;
            let (shared, shared_plan, shared_count) = run(&sql, true, None).await;
            assert_eq!(plain, shared, "{sql}");
            assert!(!plain_plan.contains("SharedExec"), "{plain_plan}");
            assert!(shared_plan.matches("SharedExec").count() >= 2, "{sql}\n{shared_plan}");
            assert!(plain_count >= 20_000, "{sql}: the plain plan computes the CTE for each use ({plain_count})");
            assert_eq!(shared_count, 10_000, "{sql}: computed once\n{shared_plan}");
        }
    }

    #[tokio::test]
    async fn what_is_not_repeated_or_not_worth_it_is_left_alone() {
        for sql in [
            "SELECT g, s FROM r ORDER BY g",
            // the same table scanned twice with nothing to save beyond the scan
            "SELECT count(*) FROM t a, (SELECT k FROM t) b WHERE a.k = b.k AND b.k < 0",
        ] {
            let sql = format!("{CTE}{sql}");
            let (plain, _, _) = run(&sql, false, None).await;
            let (shared, plan, _) = run(&sql, true, None).await;
            assert_eq!(plain, shared, "{sql}");
            assert!(!plan.contains("SharedExec"), "{sql}\n{plan}");
        }
        // volatile: each use draws its own values
        let sql = "WITH r AS (SELECT k % 10 AS g, sum(v * random()) AS s FROM t GROUP BY k % 10) \
                   SELECT count(*) FROM r a, r b WHERE a.g = b.g AND a.s < b.s + 1";
        let (_, plan, _) = run(sql, true, None).await;
        assert!(!plan.contains("SharedExec"), "{plan}");
    }

    #[tokio::test]
    async fn rows_that_do_not_fit_the_budget_are_computed_by_each_use() {
        // 10,000 rows of over 200 bytes each cannot be kept in a budget of 1 MB, which the
        // join that makes them fits in: not kept, each use runs its own input.
        let sql = "WITH r AS (SELECT t.k AS g, counted(u.v) AS s, repeat('x', 200 + t.k % 2) AS pad \
                   FROM t JOIN t u ON t.k = u.k) \
                   SELECT count(*), sum(s), max(length(pad)) FROM (SELECT * FROM r UNION ALL SELECT * FROM r)";
        let (plain, _, _) = run(sql, false, None).await;
        let (shared, plan, count) = run(sql, true, Some(1 << 20)).await;
        assert!(plan.contains("SharedExec"), "{plan}");
        assert_eq!(plain, shared);
        // the first use stopped keeping rows when the budget ran out, then each ran its own
        assert!(count >= 20_000, "each use computed its rows: {count}");
    }

    #[tokio::test]
    async fn a_plan_run_again_after_a_reset_computes_the_rows_again() {
        let sql = format!("{CTE}SELECT a.g, b.s FROM r a JOIN r b ON a.g = b.g ORDER BY a.g LIMIT 3");
        let (ctx, counted) = session(true, None).await;
        let plan = ctx.sql(&sql).await.unwrap().create_physical_plan().await.unwrap();
        let mut answers = Vec::new();
        for _ in 0..3 {
            let copy = datafusion::physical_plan::execution_plan::reset_plan_states(Arc::clone(&plan)).unwrap();
            let batches = datafusion::physical_plan::collect(copy, ctx.task_ctx()).await.unwrap();
            answers.push(arrow::util::pretty::pretty_format_batches(&batches).unwrap().to_string());
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[1], answers[2]);
        assert_eq!(counted.load(Ordering::Relaxed), 30_000, "once per run");
    }
}
