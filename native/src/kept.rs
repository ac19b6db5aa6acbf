//! Physical plans kept by a prepared statement across executions.
//!
//! A prepared query already keeps its optimized logical plan; each execution binds the
//! parameter values into it and plans it physically. For a short query (a point lookup)
//! that physical planning is most of the engine's work: listing the table's files,
//! statistics, a dozen physical rules. A statement keeps its physical plan instead when
//! re-running it cannot give a different answer than planning again:
//!
//! - the parameters are read at run time from the statement's slot (each `$n` is a call
//!   of a volatile function that returns the bound value), so one plan serves every
//!   binding; parameters in places that are planned, not evaluated (`LIMIT ?`), keep the
//!   plan from being kept;
//! - every scan reads local files of tables that are single files (a table over a folder
//!   may gain files, which only a new listing sees) and holds at most one batch of rows,
//!   so a scan planned without the values (no row-group pruning by them) reads no more
//!   than one planned with them;
//! - before each run every scanned file is checked to still have the size and
//!   modification time it had when planned, or the plan is made again; any catalog,
//!   setting or index change (the engine's version) also makes it again.
//!
//! Each run starts from a reset copy of the plan (DataFusion's `reset_plan_states`, as
//! recursive queries use), and the kept plan is lent to one execution at a time: it
//! returns to the statement when that execution's stream ends or is dropped.

use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};

use arrow::datatypes::{DataType, SchemaRef};
use arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DataFusionError, ScalarValue};
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::source_as_provider;
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream};
use datafusion::logical_expr::expr::Placeholder;
use datafusion::logical_expr::{
    ColumnarValue, Expr, LogicalPlan, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::object_store::local::LocalFileSystem;
use datafusion::object_store::ObjectMeta;
use datafusion::physical_plan::ExecutionPlan;
use futures::Stream;

/// The bound values of one kept plan, read by its parameter calls while it runs.
pub type Slot = Arc<RwLock<Vec<ScalarValue>>>;

/// A physical plan kept by a statement, and what it was made from.
pub struct KeptPlan {
    pub version: u64,
    pub batch_size: Option<usize>,
    pub plan: Arc<dyn ExecutionPlan>,
    pub slot: Slot,
    files: Vec<ObjectMeta>,
}

/// A statement's place for its kept plan: empty while an execution has it.
#[derive(Default)]
pub struct Keeper {
    kept: Mutex<Option<KeptPlan>>,
    /// The (version, batch size) at which the statement's plan was found not keepable.
    refused: Mutex<Option<(u64, Option<usize>)>>,
}

impl Keeper {
    /// Takes the kept plan made at `version` and `batch_size` if its files are unchanged.
    pub fn take(&self, version: u64, batch_size: Option<usize>) -> Option<KeptPlan> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        (kept.version == version && kept.batch_size == batch_size && files_unchanged(&kept.files)).then_some(kept)
    }

    pub fn holds(&self) -> bool {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    pub fn refused(&self, version: u64, batch_size: Option<usize>) -> bool {
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()) == Some((version, batch_size))
    }

    pub fn refuse(&self, version: u64, batch_size: Option<usize>) {
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()) = Some((version, batch_size));
    }

    fn give_back(&self, kept: KeptPlan) {
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some(kept);
    }
}

/// `plan` (optimized, parameters left in) with each parameter `$i` read from a new slot,
/// or `None` where a parameter is not in an evaluated expression.
pub fn parameterize(plan: &LogicalPlan, types: &[Option<DataType>]) -> Option<(LogicalPlan, Slot)> {
    let slot: Slot = Arc::new(RwLock::new(Vec::new()));
    let udfs: Vec<Arc<ScalarUDF>> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.clone().map(|data_type| {
                Arc::new(ScalarUDF::new_from_impl(Param {
                    index: i,
                    data_type,
                    slot: slot.clone(),
                    signature: Signature::nullary(Volatility::Volatile),
                }))
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let mut planned_parameter = false;
    plan.apply_with_subqueries(|node| {
        if let LogicalPlan::Limit(limit) = node {
            let has = |e: &Option<Box<Expr>>| e.as_ref().is_some_and(|e| has_placeholder(e));
            planned_parameter |= has(&limit.skip) || has(&limit.fetch);
        }
        Ok(if planned_parameter { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
    })
    .ok()?;
    if planned_parameter {
        return None;
    }
    let rewritten = plan
        .clone()
        .transform_up_with_subqueries(|node| {
            node.map_expressions(|e| {
                e.transform_up(|e| match &e {
                    Expr::Placeholder(Placeholder { id, .. }) => {
                        let index = id.strip_prefix('$').and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1);
                        match index.and_then(|n| udfs.get(n - 1)) {
                            Some(udf) => Ok(Transformed::yes(udf.call(vec![]))),
                            None => Err(DataFusionError::Plan(format!("unknown parameter {id}"))),
                        }
                    }
                    _ => Ok(Transformed::no(e)),
                })
            })
        })
        .ok()?
        .data;
    Some((rewritten, slot))
}

fn has_placeholder(e: &Expr) -> bool {
    e.exists(|e| Ok(matches!(e, Expr::Placeholder(_)))).unwrap_or(true)
}

/// Whether every table `plan` reads is a table over a single local file of at most
/// [`SMALL_FILE_BYTES`] (a cheap first test; [`small_scans`] counts the rows).
pub fn reads_single_files(plan: &LogicalPlan) -> bool {
    let mut ok = true;
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node {
            // in-memory tables change by INSERT without a new catalog version: not kept
            ok &= source_as_provider(&scan.source).is_ok_and(|provider| {
                provider.downcast_ref::<ListingTable>().is_some_and(|listing| {
                    listing.table_paths().iter().all(|p| !p.is_collection() && p.scheme() == "file" && small_file(p))
                })
            });
        }
        Ok(if ok { TreeNodeRecursion::Continue } else { TreeNodeRecursion::Stop })
    });
    ok
}

/// Files larger than this are not considered for kept plans (one batch of rows of a
/// wide table is still far smaller).
pub const SMALL_FILE_BYTES: u64 = 4 << 20;

fn small_file(url: &datafusion::datasource::listing::ListingTableUrl) -> bool {
    url::Url::parse(url.as_str())
        .ok()
        .and_then(|u| u.to_file_path().ok())
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() <= SMALL_FILE_BYTES)
}

/// The files `plan` scans when each scan holds at most `batch` rows and reads local
/// files only; `None` otherwise.
pub fn small_scans(plan: &Arc<dyn ExecutionPlan>, batch: usize) -> Option<Vec<ObjectMeta>> {
    let mut files = Vec::new();
    let mut ok = true;
    let _ = plan.apply(|node| {
        if let Some(scan) = node.downcast_ref::<DataSourceExec>() {
            ok &= crate::rules::at_most_rows(node, batch).unwrap_or(false);
            if let Some(config) = scan.data_source().downcast_ref::<FileScanConfig>() {
                ok &= config.object_store_url.as_str() == "file:///";
                files.extend(config.file_groups.iter().flat_map(|g| g.iter()).map(|f| f.object_meta.clone()));
            }
        }
        Ok(if ok { TreeNodeRecursion::Continue } else { TreeNodeRecursion::Stop })
    });
    ok.then_some(files)
}

/// Whether each file still has the size and modification time it was planned with.
fn files_unchanged(files: &[ObjectMeta]) -> bool {
    let local = LocalFileSystem::new();
    files.iter().all(|f| {
        let Ok(path) = local.path_to_filesystem(&f.location) else { return false };
        let Ok(meta) = std::fs::metadata(&path) else { return false };
        let now = crate::localfs::describe(&meta, f.location.clone());
        now.size == f.size && now.last_modified == f.last_modified
    })
}

/// Makes a kept plan.
pub fn keep(
    version: u64,
    batch_size: Option<usize>,
    plan: Arc<dyn ExecutionPlan>,
    slot: Slot,
    files: Vec<ObjectMeta>,
) -> KeptPlan {
    KeptPlan { version, batch_size, plan, slot, files }
}

/// `stream`, giving `kept` back to `keeper` when it ends or is dropped.
pub fn lend(stream: SendableRecordBatchStream, kept: KeptPlan, keeper: Arc<Keeper>) -> SendableRecordBatchStream {
    Box::pin(Lent { stream, kept: Some(kept), keeper })
}

struct Lent {
    stream: SendableRecordBatchStream,
    kept: Option<KeptPlan>,
    keeper: Arc<Keeper>,
}

impl Lent {
    fn give_back(&mut self) {
        if let Some(kept) = self.kept.take() {
            self.keeper.give_back(kept);
        }
    }
}

impl Stream for Lent {
    type Item = datafusion::common::Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = self.stream.as_mut().poll_next(cx);
        if let Poll::Ready(None) = next {
            self.give_back();
        }
        next
    }
}

impl RecordBatchStream for Lent {
    fn schema(&self) -> SchemaRef {
        self.stream.schema()
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        self.give_back();
    }
}

/// `$n` of a kept plan: the value bound for this run.
#[derive(Debug)]
struct Param {
    index: usize,
    data_type: DataType,
    slot: Slot,
    signature: Signature,
}

impl PartialEq for Param {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.data_type == other.data_type && Arc::ptr_eq(&self.slot, &other.slot)
    }
}

impl Eq for Param {}

impl Hash for Param {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
        self.data_type.hash(state);
    }
}

impl ScalarUDFImpl for Param {
    fn name(&self) -> &str {
        "ffq_parameter"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> datafusion::common::Result<DataType> {
        Ok(self.data_type.clone())
    }

    fn invoke_with_args(&self, _: ScalarFunctionArgs) -> datafusion::common::Result<ColumnarValue> {
        let values = self.slot.read().unwrap_or_else(|p| p.into_inner());
        // binding already cast each value to its parameter's type
        match values.get(self.index) {
            Some(v) => Ok(ColumnarValue::Scalar(v.clone())),
            None => Err(DataFusionError::Execution(format!("parameter ${} is not bound", self.index + 1))),
        }
    }
}
