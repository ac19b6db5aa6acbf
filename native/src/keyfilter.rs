//! Join keys checked at the scan, where that is cheap.
//!
//! A hash join hands the keys of its build side to the scans of its probe side as a dynamic
//! filter: bounds, plus either the key set (small build sides) or the hash table itself. A
//! Parquet scan that does not filter rows while decoding (`pushdown_filters` off, the
//! default: row filters slow down scans with cheap static predicates) uses it only to skip
//! row groups, so every row still passes through repartitions and aggregates before the
//! join drops it. In TPC-H Q17 the average quantity of every one of 200K parts is computed
//! over all 6M lineitem rows, while the join then keeps the 204 parts of one brand.
//!
//! Evaluating the dynamic filter itself above the scan costs as much as the join's probe
//! (a hash per row; partitioned joins add a second hash to route each row to its
//! partition's keys), which loses where the join is not selective (TPC-H SF 1: Q3, Q5, Q9
//! 10-12% slower). So [`KeyFilterExec`] keeps only the cheap parts: the key bounds and the key
//! sets, merged over the join's partitions into one set. That is a superset of the join's
//! keys, so no row the join would keep is dropped. A key set on an integer column whose keys
//! span at most 2^23 values is checked as a bitmap ([`KeyBitmap`]: a compare and a bit test
//! per row instead of a hash and a probe).
//!
//! A join hands over its key set only up to
//! `hash_join_inlist_pushdown_max_distinct_values` keys (DataFusion builds a literal per key
//! and prunes with the list). For larger build sides on integer keys, [`KeyCollectExec`]
//! passes the build side through to the join and collects its keys into a [`KeySink`]; when
//! every build partition has ended, the probe side's `KeyFilterExec` checks them as a bitmap.
//! In Q5 that drops 5.1M of lineitem's 6M rows before the join with 227K orders.
//!
//! A filter starts when the build side is done (until then the dynamic filter is `true`
//! and the keys are not complete). Each check (a bound or a key set) is judged on its own
//! and stops for the rest of the scan when it keeps more than half of the rows it has seen.
//!
//! [`KeysAtScans`] is the physical rule that puts a `KeyFilterExec` above every Parquet scan
//! with a dynamic filter from a join, and a `KeyCollectExec` below each such join's build
//! side.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use arrow::buffer::BooleanBuffer;
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, Schema, UInt16Type, UInt32Type,
    UInt8Type,
};
use arrow::compute::filter_record_batch;
use arrow::compute::kernels::boolean::and;
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{internal_err, DataFusionError, NullEquality, Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;
use datafusion::datasource::physical_plan::{FileScanConfig, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Operator;
use datafusion::physical_expr::expressions::{BinaryExpr, CaseExpr, Column, DynamicFilterPhysicalExpr, InListExpr, Literal};
use datafusion::physical_expr::utils::{conjunction, reassign_expr_columns, split_conjunction};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::metrics::{Count, ExecutionPlanMetricsSet, MetricBuilder, MetricsSet};
use datafusion::physical_plan::joins::HashJoinExec;
use datafusion::physical_plan::execution_plan::replace_children_if_necessary;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, PlanProperties};
use futures::{Stream, StreamExt};

/// Rows a scan reads before the filter's selectivity is judged.
const JUDGE_AFTER_ROWS: usize = 65_536;

/// Puts a [`KeyFilterExec`] above each Parquet scan that has join keys to check.
#[derive(Debug, Default)]
pub struct KeysAtScans;

impl PhysicalOptimizerRule for KeysAtScans {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, _config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        // the joins whose build-side keys can be collected, by their dynamic filter's id
        let mut sinks: HashMap<u64, Arc<KeySink>> = HashMap::new();
        plan.apply(|node| {
            if let Some((id, sink)) = node.downcast_ref::<HashJoinExec>().and_then(|j| collectable(node, j)) {
                sinks.insert(id, Arc::new(sink));
            }
            Ok(TreeNodeRecursion::Continue)
        })?;
        let mut used: HashSet<u64> = HashSet::new();
        // children first: a join's probe-side scans are seen before the join
        plan.transform_up(|node| {
            if let Some(scan) = node.downcast_ref::<DataSourceExec>() {
                let filters = join_filters(scan);
                if filters.is_empty() {
                    return Ok(Transformed::no(node));
                }
                let scan_sinks: Vec<Option<Arc<KeySink>>> = filters
                    .iter()
                    .map(|f| {
                        let id = f.expression_id()?;
                        let sink = sinks.get(&id)?;
                        used.insert(id);
                        Some(Arc::clone(sink))
                    })
                    .collect();
                return Ok(Transformed::yes(Arc::new(KeyFilterExec::new(node, filters, scan_sinks, true)) as _));
            }
            if let Some(join) = node.downcast_ref::<HashJoinExec>() {
                let Some(id) = produced_filter(&node) else { return Ok(Transformed::no(node)) };
                let (Some(sink), true) = (sinks.get(&id), used.contains(&id)) else { return Ok(Transformed::no(node)) };
                let collect = Arc::new(KeyCollectExec {
                    input: Arc::clone(join.left()),
                    keys: join.on().iter().map(|(l, _)| Arc::clone(l)).collect(),
                    sink: Arc::clone(sink),
                    active: true,
                });
                let right = Arc::clone(join.right());
                return Ok(Transformed::yes(replace_children_if_necessary(node, vec![collect, right])?));
            }
            Ok(Transformed::no(node))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "KeysAtScans"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// A join whose build side's integer keys can be collected for its probe side: its dynamic
/// filter's id and an empty sink.
fn collectable(node: &Arc<dyn ExecutionPlan>, join: &HashJoinExec) -> Option<(u64, KeySink)> {
    let id = produced_filter(node)?;
    // NULL keys that match each other would need NULLs in the key set
    if join.null_equality() != NullEquality::NullEqualsNothing {
        return None;
    }
    let schema = join.left().schema();
    let collected: Vec<bool> =
        join.on().iter().map(|(l, _)| l.data_type(&schema).is_ok_and(|t| integer_key(&t))).collect();
    if !collected.contains(&true) {
        return None;
    }
    Some((id, KeySink::new(join.left().output_partitioning().partition_count(), collected)))
}

/// The id of the dynamic filter a join fills in.
fn produced_filter(join: &Arc<dyn ExecutionPlan>) -> Option<u64> {
    join.dynamic_expressions_produced().first()?.expression_id()
}

/// The dynamic filters of `scan`'s Parquet source on the scan's output columns, if the
/// source only prunes with them.
fn join_filters(scan: &DataSourceExec) -> Vec<Arc<dyn PhysicalExpr>> {
    let Some(config) = scan.data_source().downcast_ref::<FileScanConfig>() else { return Vec::new() };
    let Some(parquet) = config.file_source().downcast_ref::<ParquetSource>() else { return Vec::new() };
    if parquet.table_parquet_options().global.pushdown_filters {
        return Vec::new();
    }
    let Some(predicate) = config.file_source().filter() else { return Vec::new() };
    let schema = scan.schema();
    split_conjunction(&predicate)
        .into_iter()
        .filter(|e| e.downcast_ref::<DynamicFilterPhysicalExpr>().is_some())
        // a filter on a column the scan does not output cannot be checked above it
        .filter_map(|e| reassign_expr_columns(Arc::clone(e), &schema).ok())
        .collect()
}

/// The cheap part of a join's dynamic filter as it is now (see the module notes), or
/// `None` when it has none (not yet filled in, or only a hash table lookup).
/// `sets_too`: whether to use the filter's key sets (not needed where the build side's keys were
/// collected).
fn cheap_part(current: &Arc<dyn PhysicalExpr>, schema: &SchemaRef, sets_too: bool) -> Result<Option<Arc<dyn PhysicalExpr>>> {
    // one entry per join partition: a partitioned join routes each row to its partition's keys
    let branches: Vec<&Arc<dyn PhysicalExpr>> = match current.downcast_ref::<CaseExpr>() {
        Some(case) => case.when_then_expr().iter().map(|(_, then)| then).chain(case.else_expr()).collect(),
        None => vec![current],
    };
    // per key column: every branch's lower and upper bound, every branch's key set
    let mut lower: HashMap<Column, Vec<ScalarValue>> = HashMap::new();
    let mut upper: HashMap<Column, Vec<ScalarValue>> = HashMap::new();
    let mut sets: HashMap<Column, Vec<Arc<dyn PhysicalExpr>>> = HashMap::new();
    let mut sets_seen: HashMap<Column, usize> = HashMap::new();
    let mut live = 0;
    for branch in branches {
        match branch.downcast_ref::<Literal>().map(|l| l.value()) {
            // a partition without keys matches nothing
            Some(ScalarValue::Boolean(Some(false))) => continue,
            // not filled in yet, or a partition that keeps everything
            Some(_) => return Ok(None),
            None => {}
        }
        live += 1;
        for part in split_conjunction(branch) {
            if let Some(b) = part.downcast_ref::<BinaryExpr>() {
                let (Some(c), Some(v)) = (b.left().downcast_ref::<Column>(), b.right().downcast_ref::<Literal>()) else {
                    continue;
                };
                match b.op() {
                    Operator::GtEq => lower.entry(c.clone()).or_default().push(v.value().clone()),
                    Operator::LtEq => upper.entry(c.clone()).or_default().push(v.value().clone()),
                    _ => {}
                }
            } else if let Some(set) = part.downcast_ref::<InListExpr>().filter(|_| sets_too) {
                let Some(c) = set.expr().downcast_ref::<Column>() else { continue };
                if set.negated() {
                    continue;
                }
                sets.entry(c.clone()).or_default().extend(set.list().iter().cloned());
                *sets_seen.entry(c.clone()).or_default() += 1;
            }
        }
    }
    if live == 0 {
        return Ok(Some(Arc::new(Literal::new(ScalarValue::Boolean(Some(false))))));
    }
    let mut parts: Vec<Arc<dyn PhysicalExpr>> = Vec::new();
    // a bound or a set holds for the union only if every live branch has one
    let widest = |values: &Vec<ScalarValue>, lowest: bool| {
        values.iter().try_fold(None::<ScalarValue>, |acc, v| {
            if v.is_null() {
                return None;
            }
            Some(Some(match acc {
                None => v.clone(),
                Some(a) => match (a.partial_cmp(v)?, lowest) {
                    (std::cmp::Ordering::Greater, true) | (std::cmp::Ordering::Less, false) => v.clone(),
                    _ => a,
                },
            }))
        })?
    };
    for (column, values) in &lower {
        if values.len() == live {
            if let Some(v) = widest(values, true) {
                parts.push(Arc::new(BinaryExpr::new(Arc::new(column.clone()), Operator::GtEq, Arc::new(Literal::new(v)))));
            }
        }
    }
    for (column, values) in &upper {
        if values.len() == live {
            if let Some(v) = widest(values, false) {
                parts.push(Arc::new(BinaryExpr::new(Arc::new(column.clone()), Operator::LtEq, Arc::new(Literal::new(v)))));
            }
        }
    }
    for (column, list) in sets {
        if sets_seen.get(&column) == Some(&live) {
            parts.push(match KeyBitmap::try_new(&column, &list, schema) {
                Some(bitmap) => Arc::new(bitmap),
                None => Arc::new(InListExpr::try_new(Arc::new(column), list, false, schema)?),
            });
        }
    }
    Ok((!parts.is_empty()).then(|| conjunction(parts)))
}

/// The most bits a [`KeyBitmap`] spans (1 MiB).
const KEY_BITMAP_MAX_BITS: u64 = 1 << 23;

/// An integer literal's value, `None` for anything else (NULL included).
fn key_value(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int8(Some(x)) => Some(*x as i64),
        ScalarValue::Int16(Some(x)) => Some(*x as i64),
        ScalarValue::Int32(Some(x)) | ScalarValue::Date32(Some(x)) => Some(*x as i64),
        ScalarValue::Int64(Some(x)) => Some(*x),
        ScalarValue::UInt8(Some(x)) => Some(*x as i64),
        ScalarValue::UInt16(Some(x)) => Some(*x as i64),
        ScalarValue::UInt32(Some(x)) => Some(*x as i64),
        _ => None,
    }
}

/// Whether keys of this type can be held in a [`KeyBits`].
fn integer_key(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 | DataType::UInt8 | DataType::UInt16
            | DataType::UInt32 | DataType::Date32
    )
}

/// A set of integer keys as one bit per value from the smallest key to the largest.
#[derive(Debug, Hash, PartialEq, Eq)]
struct KeyBits {
    low: i64,
    span: u64,
    bits: Vec<u64>,
    keys: usize,
}

impl KeyBits {
    /// `None` when the keys span more than [`KEY_BITMAP_MAX_BITS`] values. No keys at all
    /// make an empty set.
    fn from_keys(keys: &[i64]) -> Option<KeyBits> {
        let (Some(low), Some(high)) = (keys.iter().min().copied(), keys.iter().max().copied()) else {
            return Some(KeyBits { low: 0, span: 0, bits: Vec::new(), keys: 0 });
        };
        let span = (high as i128 - low as i128 + 1) as u64;
        if span > KEY_BITMAP_MAX_BITS {
            return None;
        }
        let mut bits = vec![0u64; span.div_ceil(64) as usize];
        for k in keys {
            let d = (k - low) as u64;
            bits[(d >> 6) as usize] |= 1 << (d & 63);
        }
        Some(KeyBits { low, span, bits, keys: keys.len() })
    }

    fn contains(&self, v: i64) -> bool {
        let d = v.wrapping_sub(self.low) as u64;
        d < self.span && (self.bits[(d >> 6) as usize] >> (d & 63)) & 1 == 1
    }
}

/// A join's key set on an integer column checked as a bitmap ([`KeyBits`]): a subtraction, a
/// compare and a bit test per row, where the key set as an `IN` list hashes every row and
/// probes a table. Same answers as the `IN` list: true for a key, false for any other value,
/// NULL for NULL.
#[derive(Debug, Hash, PartialEq, Eq)]
struct KeyBitmap {
    column: Column,
    bits: Arc<KeyBits>,
}

impl KeyBitmap {
    fn try_new(column: &Column, list: &[Arc<dyn PhysicalExpr>], schema: &SchemaRef) -> Option<KeyBitmap> {
        if !integer_key(schema.fields().get(column.index())?.data_type()) {
            return None;
        }
        let keys: Vec<i64> =
            list.iter().map(|e| e.downcast_ref::<Literal>().and_then(|l| key_value(l.value()))).collect::<Option<_>>()?;
        if keys.is_empty() {
            return None;
        }
        Some(KeyBitmap { column: column.clone(), bits: Arc::new(KeyBits::from_keys(&keys)?) })
    }

    fn mask<T: ArrowPrimitiveType>(&self, array: &ArrayRef) -> Result<BooleanArray>
    where
        T::Native: Into<i64>,
    {
        let a = array.as_primitive_opt::<T>().ok_or_else(|| {
            DataFusionError::Internal(format!("key bitmap over {} got {}", self.column, array.data_type()))
        })?;
        let values = a.values();
        let bits = BooleanBuffer::collect_bool(values.len(), |i| self.bits.contains(values[i].into()));
        Ok(BooleanArray::new(bits, a.nulls().cloned()))
    }
}

impl PhysicalExpr for KeyBitmap {
    fn data_type(&self, _input_schema: &Schema) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn nullable(&self, input_schema: &Schema) -> Result<bool> {
        self.column.nullable(input_schema)
    }

    fn evaluate(&self, batch: &RecordBatch) -> Result<ColumnarValue> {
        let array = self.column.evaluate(batch)?.into_array(batch.num_rows())?;
        let mask = match array.data_type() {
            DataType::Int8 => self.mask::<Int8Type>(&array)?,
            DataType::Int16 => self.mask::<Int16Type>(&array)?,
            DataType::Int32 => self.mask::<Int32Type>(&array)?,
            DataType::Int64 => self.mask::<Int64Type>(&array)?,
            DataType::UInt8 => self.mask::<UInt8Type>(&array)?,
            DataType::UInt16 => self.mask::<UInt16Type>(&array)?,
            DataType::UInt32 => self.mask::<UInt32Type>(&array)?,
            DataType::Date32 => self.mask::<Date32Type>(&array)?,
            other => return internal_err!("key bitmap over {} got {other}", self.column),
        };
        Ok(ColumnarValue::Array(Arc::new(mask)))
    }

    fn children(&self) -> Vec<&Arc<dyn PhysicalExpr>> {
        vec![]
    }

    fn with_new_children(self: Arc<Self>, _children: Vec<Arc<dyn PhysicalExpr>>) -> Result<Arc<dyn PhysicalExpr>> {
        Ok(self)
    }

    fn fmt_sql(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for KeyBitmap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} IN ({} keys from {}, as a bitmap)", self.column, self.bits.keys, self.bits.low)
    }
}

/// Calls `f` on each of `exprs` until it says stop.
fn visit_each(
    exprs: &[Arc<dyn PhysicalExpr>],
    f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
) -> Result<TreeNodeRecursion> {
    for e in exprs {
        if f(e)? == TreeNodeRecursion::Stop {
            return Ok(TreeNodeRecursion::Stop);
        }
    }
    Ok(TreeNodeRecursion::Continue)
}

/// The most keys one partition of a build side collects per key column (16 MiB of keys).
/// A build side that large is rarely selective, and its keys could not fit a bitmap anyway.
const COLLECT_MAX_KEYS: usize = 1 << 21;

/// The keys of one hash join's build side, collected by [`KeyCollectExec`] as the join reads
/// them and read by the [`KeyFilterExec`]s of the join's probe side. Complete when every
/// partition of the build side has ended.
#[derive(Debug)]
pub struct KeySink {
    /// The build side's partitions.
    partitions: usize,
    /// Per join key, whether it is collected (an integer key).
    collected: Vec<bool>,
    state: Mutex<SinkState>,
    /// Per join key, the keys as a bitmap (`None`: not collected, too many or too spread).
    done: OnceLock<Vec<Option<Arc<KeyBits>>>>,
}

#[derive(Debug, Default)]
struct SinkState {
    keys: Vec<Vec<i64>>,
    ended: usize,
    gave_up: bool,
    /// The collected keys' memory, held until the bitmaps are made.
    reservations: Vec<MemoryReservation>,
}

impl KeySink {
    fn new(partitions: usize, collected: Vec<bool>) -> KeySink {
        KeySink { partitions, collected, state: Mutex::new(SinkState::default()), done: OnceLock::new() }
    }

    /// One partition of the build side has ended with these keys (`None`: it gave up).
    fn partition_ended(&self, keys: Option<Vec<Vec<i64>>>, reservation: MemoryReservation) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if self.done.get().is_some() {
            return;
        }
        match keys {
            Some(keys) if !state.gave_up => {
                if state.keys.is_empty() {
                    state.keys = keys;
                } else {
                    for (all, more) in state.keys.iter_mut().zip(keys) {
                        all.extend(more);
                    }
                }
                state.reservations.push(reservation);
            }
            _ => {
                state.gave_up = true;
                state.keys = Vec::new();
                state.reservations.clear();
            }
        }
        state.ended += 1;
        if state.ended == self.partitions {
            let bits = (0..self.collected.len())
                .map(|i| {
                    let keys = state.keys.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    (self.collected[i] && !state.gave_up).then(|| KeyBits::from_keys(keys).map(Arc::new)).flatten()
                })
                .collect();
            state.keys = Vec::new();
            state.reservations.clear();
            let _ = self.done.set(bits);
        }
    }

    /// The bitmap of join key `i`, once every partition of the build side has ended.
    fn bits(&self, i: usize) -> Option<&Arc<KeyBits>> {
        self.done.get()?.get(i)?.as_ref()
    }
}

/// Passes a hash join's build side through, collecting its integer join keys into a
/// [`KeySink`]: the probe side's scans can then drop rows whose keys the build side does not
/// have with a bitmap, when the join's own key set is too large to reach them.
#[derive(Debug)]
pub struct KeyCollectExec {
    input: Arc<dyn ExecutionPlan>,
    /// The join's build-side key expressions (on the input's columns).
    keys: Vec<Arc<dyn PhysicalExpr>>,
    sink: Arc<KeySink>,
    /// False once the plan has been reset to run again (see [`KeyFilterExec`]).
    active: bool,
}

impl DisplayAs for KeyCollectExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let keys: Vec<String> = self
            .keys
            .iter()
            .zip(&self.sink.collected)
            .filter(|(_, c)| **c)
            .map(|(k, _)| k.to_string())
            .collect();
        write!(f, "KeyCollectExec: {}", keys.join(", "))?;
        if !self.active {
            write!(f, " (off)")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for KeyCollectExec {
    fn name(&self) -> &str {
        "KeyCollectExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        visit_each(&self.keys, f)
    }

    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyCollectExec {
            input: children.swap_remove(0),
            keys: self.keys.clone(),
            sink: Arc::clone(&self.sink),
            active: self.active,
        }))
    }

    fn reset_state(self: Arc<Self>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyCollectExec {
            input: Arc::clone(&self.input),
            keys: self.keys.clone(),
            sink: Arc::clone(&self.sink),
            active: false,
        }))
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let reservation = MemoryConsumer::new(format!("KeyCollectExec[{partition}]")).register(context.memory_pool());
        let input = self.input.execute(partition, context)?;
        if !self.active {
            return Ok(input);
        }
        Ok(Box::pin(KeyCollectStream {
            schema: self.input.schema(),
            input,
            keys: self.keys.clone(),
            sink: Arc::clone(&self.sink),
            collected: Some(vec![Vec::new(); self.keys.len()]),
            reservation: Some(reservation),
        }))
    }
}

struct KeyCollectStream {
    schema: SchemaRef,
    input: SendableRecordBatchStream,
    keys: Vec<Arc<dyn PhysicalExpr>>,
    sink: Arc<KeySink>,
    /// This partition's keys so far; `None` once it gave up.
    collected: Option<Vec<Vec<i64>>>,
    /// `None` once the partition's end has been reported.
    reservation: Option<MemoryReservation>,
}

/// Appends the non-null values of an integer array.
fn append_keys(array: &ArrayRef, out: &mut Vec<i64>) -> Result<()> {
    fn append<T: ArrowPrimitiveType>(array: &ArrayRef, out: &mut Vec<i64>)
    where
        T::Native: Into<i64>,
    {
        let a = array.as_primitive::<T>();
        if a.null_count() == 0 {
            out.extend(a.values().iter().map(|v| (*v).into()));
        } else {
            out.extend(a.iter().flatten().map(Into::into));
        }
    }
    match array.data_type() {
        DataType::Int8 => append::<Int8Type>(array, out),
        DataType::Int16 => append::<Int16Type>(array, out),
        DataType::Int32 => append::<Int32Type>(array, out),
        DataType::Int64 => append::<Int64Type>(array, out),
        DataType::UInt8 => append::<UInt8Type>(array, out),
        DataType::UInt16 => append::<UInt16Type>(array, out),
        DataType::UInt32 => append::<UInt32Type>(array, out),
        DataType::Date32 => append::<Date32Type>(array, out),
        other => return internal_err!("key collector got {other}"),
    }
    Ok(())
}

impl KeyCollectStream {
    fn keys_of(&mut self, batch: &RecordBatch) -> Result<()> {
        let Some(collected) = self.collected.as_mut() else { return Ok(()) };
        let rows = batch.num_rows();
        let columns = self.sink.collected.iter().filter(|c| **c).count();
        let fits = collected.iter().all(|k| k.len() + rows <= COLLECT_MAX_KEYS);
        let reserved = match self.reservation.as_mut() {
            Some(r) => fits && r.try_grow(rows * columns * std::mem::size_of::<i64>()).is_ok(),
            None => false,
        };
        if !reserved {
            // too many keys for the memory budget or for a bitmap: the probe side goes unchecked
            self.collected = None;
            if let Some(r) = self.reservation.as_mut() {
                r.free();
            }
            return Ok(());
        }
        for (i, key) in self.keys.iter().enumerate() {
            if self.sink.collected[i] {
                let array = key.evaluate(batch)?.into_array(rows)?;
                append_keys(&array, &mut collected[i])?;
            }
        }
        Ok(())
    }

    fn end(&mut self) {
        if let Some(reservation) = self.reservation.take() {
            self.sink.partition_ended(self.collected.take(), reservation);
        }
    }
}

impl Stream for KeyCollectStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.input.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(batch))) => match self.keys_of(&batch) {
                Ok(()) => Poll::Ready(Some(Ok(batch))),
                Err(e) => Poll::Ready(Some(Err(e))),
            },
            Poll::Ready(None) => {
                self.end();
                Poll::Ready(None)
            }
            other => other,
        }
    }
}

impl RecordBatchStream for KeyCollectStream {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

/// Drops the rows of its input whose join keys cannot match (see the module notes).
#[derive(Debug)]
pub struct KeyFilterExec {
    input: Arc<dyn ExecutionPlan>,
    /// The joins' dynamic filters, on the input's columns.
    filters: Vec<Arc<dyn PhysicalExpr>>,
    /// Per filter, the join's collected build-side keys, if it has a [`KeyCollectExec`].
    sinks: Vec<Option<Arc<KeySink>>>,
    /// False once the plan has been reset to run again: a reset join no longer fills in the
    /// filters this node holds, so they would be the last run's keys.
    active: bool,
    metrics: ExecutionPlanMetricsSet,
}

impl KeyFilterExec {
    fn new(
        input: Arc<dyn ExecutionPlan>,
        filters: Vec<Arc<dyn PhysicalExpr>>,
        sinks: Vec<Option<Arc<KeySink>>>,
        active: bool,
    ) -> KeyFilterExec {
        KeyFilterExec { input, filters, sinks, active, metrics: ExecutionPlanMetricsSet::new() }
    }
}

impl DisplayAs for KeyFilterExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let filters: Vec<String> = self.filters.iter().map(|e| e.to_string()).collect();
        write!(f, "KeyFilterExec: {}", filters.join(" AND "))?;
        if !self.active {
            write!(f, " (off)")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for KeyFilterExec {
    fn name(&self) -> &str {
        "KeyFilterExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        // dropping rows keeps the input's partitioning, order and constants
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        visit_each(&self.filters, f)
    }

    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyFilterExec::new(children.swap_remove(0), self.filters.clone(), self.sinks.clone(), self.active)))
    }

    fn reset_state(self: Arc<Self>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyFilterExec::new(Arc::clone(&self.input), self.filters.clone(), self.sinks.clone(), false)))
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn metrics(&self) -> Option<MetricsSet> {
        Some(self.metrics.clone_inner())
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let input = self.input.execute(partition, context)?;
        if !self.active {
            return Ok(input);
        }
        Ok(Box::pin(KeyFilterStream {
            schema: self.input.schema(),
            input,
            filters: self.filters.clone(),
            sinks: self.sinks.clone(),
            cheap: None,
            rows_seen: MetricBuilder::new(&self.metrics).counter("key_filter_rows_seen", partition),
            rows_dropped: MetricBuilder::new(&self.metrics).counter("key_filter_rows_dropped", partition),
        }))
    }
}

struct KeyFilterStream {
    schema: SchemaRef,
    input: SendableRecordBatchStream,
    filters: Vec<Arc<dyn PhysicalExpr>>,
    sinks: Vec<Option<Arc<KeySink>>>,
    /// The dynamic filters' current expressions, which collected keys were complete, and the
    /// checks made from them.
    cheap: Option<(Vec<Arc<dyn PhysicalExpr>>, Vec<bool>, Vec<Check>)>,
    rows_seen: Count,
    rows_dropped: Count,
}

/// One cheap check (a bound or a key set) and how selective it has been.
struct Check {
    expr: Arc<dyn PhysicalExpr>,
    seen: usize,
    kept: usize,
}

impl Check {
    /// False once the check proved not selective enough to pay for itself.
    fn on(&self) -> bool {
        self.seen < JUDGE_AFTER_ROWS || self.kept * 2 <= self.seen
    }
}

impl KeyFilterStream {
    /// The checks for the dynamic filters and collected keys as they are now, made again
    /// when they change.
    fn checks(&mut self) -> Result<&mut Vec<Check>> {
        let mut current = Vec::with_capacity(self.filters.len());
        for f in &self.filters {
            if let Some(d) = f.downcast_ref::<DynamicFilterPhysicalExpr>() {
                current.push(d.current()?);
            }
        }
        let complete: Vec<bool> =
            self.sinks.iter().map(|s| s.as_ref().is_some_and(|s| s.done.get().is_some())).collect();
        let unchanged = self.cheap.as_ref().is_some_and(|(seen, was_complete, _)| {
            *was_complete == complete && seen.len() == current.len() && seen.iter().zip(&current).all(|(a, b)| Arc::ptr_eq(a, b))
        });
        if !unchanged {
            let mut parts = Vec::new();
            for ((c, filter), sink) in current.iter().zip(&self.filters).zip(&self.sinks) {
                let mut collected = false;
                if let Some(sink) = sink.as_ref().filter(|s| s.done.get().is_some()) {
                    // the filter's children are the probe side's join keys, in the join's order
                    for (i, key) in filter.children().into_iter().enumerate() {
                        if let (Some(column), Some(bits)) = (key.downcast_ref::<Column>(), sink.bits(i)) {
                            parts.push(Arc::new(KeyBitmap { column: column.clone(), bits: Arc::clone(bits) }) as _);
                            collected = true;
                        }
                    }
                }
                if let Some(p) = cheap_part(c, &self.schema, !collected)? {
                    parts.extend(split_conjunction(&p).into_iter().cloned());
                }
            }
            let checks = parts.into_iter().map(|expr| Check { expr, seen: 0, kept: 0 }).collect();
            self.cheap = Some((current, complete, checks));
        }
        Ok(&mut self.cheap.as_mut().expect("made above").2)
    }

    /// Drops the rows that some check rules out. Each check is judged on its own: one that
    /// keeps most rows is dropped, and the others go on.
    fn check(&mut self, batch: RecordBatch) -> Result<RecordBatch> {
        let rows = batch.num_rows();
        if rows == 0 {
            return Ok(batch);
        }
        let mut mask: Option<BooleanArray> = None;
        for check in self.checks()?.iter_mut().filter(|c| c.on()) {
            let m = check.expr.evaluate(&batch)?.into_array(rows)?;
            let Some(m) = m.as_any().downcast_ref::<BooleanArray>() else { continue };
            check.seen += rows;
            check.kept += m.true_count();
            mask = Some(match mask {
                None => m.clone(),
                Some(all) => and(&all, m)?,
            });
        }
        let Some(mask) = mask else { return Ok(batch) };
        let out = filter_record_batch(&batch, &mask)?;
        self.rows_seen.add(rows);
        self.rows_dropped.add(rows - out.num_rows());
        Ok(out)
    }
}

impl Stream for KeyFilterStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            return match self.input.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(batch))) => match self.check(batch) {
                    // an empty batch is not passed on
                    Ok(b) if b.num_rows() == 0 => continue,
                    other => Poll::Ready(Some(other)),
                },
                other => other,
            };
        }
    }
}

impl RecordBatchStream for KeyFilterStream {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{DataType, Field, Schema};
    use datafusion::execution::SessionStateBuilder;
    use datafusion::physical_expr::expressions::{col, lit, IsNullExpr};
    use datafusion::physical_plan::display::DisplayableExecutionPlan;
    use datafusion::prelude::{SessionConfig, SessionContext};

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, true)]))
    }

    fn k() -> Arc<dyn PhysicalExpr> {
        col("k", &schema()).unwrap()
    }

    fn between(lo: i64, hi: i64) -> Vec<Arc<dyn PhysicalExpr>> {
        vec![
            Arc::new(BinaryExpr::new(k(), Operator::GtEq, lit(lo))),
            Arc::new(BinaryExpr::new(k(), Operator::LtEq, lit(hi))),
        ]
    }

    fn set(values: &[i64]) -> Arc<dyn PhysicalExpr> {
        Arc::new(InListExpr::try_new(k(), values.iter().map(|v| lit(*v)).collect(), false, &schema()).unwrap())
    }

    /// Something only the join can check (in DataFusion: the hash table lookup).
    fn opaque() -> Arc<dyn PhysicalExpr> {
        Arc::new(IsNullExpr::new(k()))
    }

    fn routed(branches: Vec<Arc<dyn PhysicalExpr>>) -> Arc<dyn PhysicalExpr> {
        let when_then = branches.into_iter().enumerate().map(|(i, b)| (lit(i as i64), b)).collect();
        Arc::new(CaseExpr::try_new(Some(k()), when_then, None).unwrap())
    }

    fn cheap(e: Arc<dyn PhysicalExpr>) -> Option<String> {
        cheap_part(&e, &schema(), true).unwrap().map(|e| e.to_string())
    }

    /// The rows of `k` in 0..20 that `e` keeps.
    fn kept(e: Arc<dyn PhysicalExpr>) -> Vec<i64> {
        let batch = RecordBatch::try_new(schema(), vec![Arc::new(arrow::array::Int64Array::from_iter_values(0..20))]).unwrap();
        let mask = e.evaluate(&batch).unwrap().into_array(20).unwrap();
        let mask = mask.as_any().downcast_ref::<BooleanArray>().unwrap();
        (0..20).filter(|i| mask.value(*i as usize)).collect()
    }

    #[test]
    fn bounds_and_key_sets_are_kept_and_the_rest_is_left_to_the_join() {
        let one = conjunction([between(3, 9), vec![set(&[3, 5, 9])]].concat());
        assert_eq!(kept(cheap_part(&one, &schema(), true).unwrap().unwrap()), vec![3, 5, 9]);
        let hashed = conjunction([between(3, 9), vec![opaque()]].concat());
        assert_eq!(kept(cheap_part(&hashed, &schema(), true).unwrap().unwrap()), (3..=9).collect::<Vec<_>>());
        assert_eq!(cheap(opaque()), None);
        // not filled in yet
        assert_eq!(cheap(lit(true)), None);
    }

    #[test]
    fn a_partitioned_joins_keys_are_merged_into_one_superset() {
        let p0 = conjunction([between(2, 4), vec![set(&[2, 4])]].concat());
        let p1 = conjunction([between(10, 17), vec![set(&[10, 17])]].concat());
        let merged = cheap_part(&routed(vec![p0, p1]), &schema(), true).unwrap().unwrap();
        assert_eq!(kept(merged), vec![2, 4, 10, 17]);
        // a partition without keys adds none; one with only a hash lookup keeps the bounds
        let p0 = conjunction([between(2, 4), vec![set(&[2, 4])]].concat());
        let merged = cheap_part(&routed(vec![p0.clone(), lit(false)]), &schema(), true).unwrap().unwrap();
        assert_eq!(kept(merged), vec![2, 4]);
        let p1 = conjunction([between(10, 17), vec![opaque()]].concat());
        let merged = cheap_part(&routed(vec![p0.clone(), p1]), &schema(), true).unwrap().unwrap();
        assert_eq!(kept(merged), (2..=17).collect::<Vec<_>>());
        // a partition that keeps everything: nothing can be dropped
        assert_eq!(cheap(routed(vec![p0, lit(true)])), None);
        // no partition has keys: every row can go
        assert_eq!(kept(cheap_part(&routed(vec![lit(false), lit(false)]), &schema(), true).unwrap().unwrap()), Vec::<i64>::new());
    }

    #[test]
    fn an_integer_key_set_is_a_bitmap_with_the_in_lists_answers() {
        use arrow::array::{Date32Array, Int32Array, Int64Array, UInt16Array};
        // values around and between the keys, negative ones and NULLs
        let values: Vec<Option<i64>> = (-300..300).map(|v| (v % 7 != 0).then_some(v * 3)).collect();
        let keys: Vec<i64> = vec![-297, -30, 0, 3, 6, 45, 300, 897];
        let columns: Vec<(DataType, ArrayRef, Vec<ScalarValue>)> = vec![
            (DataType::Int64, Arc::new(Int64Array::from(values.clone())), keys.iter().map(|k| ScalarValue::Int64(Some(*k))).collect()),
            (
                DataType::Int32,
                Arc::new(Int32Array::from(values.iter().map(|v| v.map(|v| v as i32)).collect::<Vec<_>>())),
                keys.iter().map(|k| ScalarValue::Int32(Some(*k as i32))).collect(),
            ),
            (
                DataType::Date32,
                Arc::new(Date32Array::from(values.iter().map(|v| v.map(|v| v as i32)).collect::<Vec<_>>())),
                keys.iter().map(|k| ScalarValue::Date32(Some(*k as i32))).collect(),
            ),
            (
                DataType::UInt16,
                Arc::new(UInt16Array::from(values.iter().map(|v| v.filter(|v| *v >= 0).map(|v| v as u16)).collect::<Vec<_>>())),
                keys.iter().filter(|k| **k >= 0).map(|k| ScalarValue::UInt16(Some(*k as u16))).collect(),
            ),
        ];
        for (t, array, list) in columns {
            let schema = Arc::new(Schema::new(vec![Field::new("k", t.clone(), true)]));
            let column = Column::new("k", 0);
            let list: Vec<Arc<dyn PhysicalExpr>> = list.into_iter().map(|v| lit(v)).collect();
            let bitmap = KeyBitmap::try_new(&column, &list, &schema).expect("an integer key set");
            let in_list = InListExpr::try_new(Arc::new(column), list, false, &schema).unwrap();
            let batch = RecordBatch::try_new(schema, vec![array]).unwrap();
            let ours = bitmap.evaluate(&batch).unwrap().into_array(batch.num_rows()).unwrap();
            let theirs = in_list.evaluate(&batch).unwrap().into_array(batch.num_rows()).unwrap();
            assert_eq!(ours.as_ref(), theirs.as_ref(), "{t}");
            assert!(ours.null_count() > 0 && ours.as_boolean().true_count() > 2, "{t}");
        }
        // keys spread too far apart, or not integers, stay an IN list
        let schema = schema();
        let far = vec![lit(0i64), lit(1i64 << 40)];
        assert!(KeyBitmap::try_new(&Column::new("k", 0), &far, &schema).is_none());
        let strings = Arc::new(Schema::new(vec![Field::new("k", DataType::Utf8, true)]));
        assert!(KeyBitmap::try_new(&Column::new("k", 0), &[lit("a")], &strings).is_none());
        // the cheap part of a join's filter uses it
        let one = conjunction([between(3, 9), vec![set(&[3, 5, 9])]].concat());
        assert!(cheap(one).unwrap().contains("as a bitmap"));
    }

    /// Results of `sql` over Parquet tables `big(k, v)` (100,000 rows) and `small(k, tag)`, with
    /// the rule or without it, and the plan text (with metrics) of the run.
    async fn run(sql: &str, with_rule: bool, partitions: usize) -> (Vec<String>, String) {
        let dir = tempfile::tempdir().unwrap();
        let writer = SessionContext::new();
        for (name, select) in [
            ("big", "SELECT value AS k, value * 2 AS v FROM generate_series(1, 100000)"),
            ("small", "SELECT value * 997 AS k, 'tag' || value AS tag FROM generate_series(1, 40)"),
            // more keys than a join hands to its probe side as a set, some of them NULL
            ("mid", "SELECT CASE WHEN value % 100 = 0 THEN NULL ELSE value * 7 END AS k, value AS w FROM generate_series(1, 5000)"),
        ] {
            let path = dir.path().join(format!("{name}.parquet"));
            writer.sql(&format!("COPY ({select}) TO '{}'", path.display())).await.unwrap().collect().await.unwrap();
        }
        let mut builder = SessionStateBuilder::new()
            .with_config(SessionConfig::new().with_target_partitions(partitions).with_batch_size(4096))
            .with_default_features();
        if with_rule {
            builder = builder.with_physical_optimizer_rule(Arc::new(KeysAtScans));
        }
        let ctx = SessionContext::new_with_state(builder.build());
        for name in ["big", "small", "mid"] {
            let path = dir.path().join(format!("{name}.parquet"));
            ctx.register_parquet(name, path.to_str().unwrap(), Default::default()).await.unwrap();
        }
        let plan = ctx.sql(sql).await.unwrap().create_physical_plan().await.unwrap();
        let batches = datafusion::physical_plan::collect(Arc::clone(&plan), ctx.task_ctx()).await.unwrap();
        let text = arrow::util::pretty::pretty_format_batches(&batches).unwrap().to_string();
        let mut rows: Vec<String> = text.lines().map(String::from).collect();
        rows.sort();
        let text = DisplayableExecutionPlan::with_metrics(plan.as_ref()).indent(true).to_string();
        (rows, text)
    }

    #[tokio::test]
    async fn joins_give_the_same_answers_with_keys_checked_at_the_scan() {
        for partitions in [1, 2, 4] {
            for sql in [
                "SELECT count(*), sum(v) FROM big JOIN small ON big.k = small.k",
                "SELECT tag, avg(v) FROM big JOIN small ON big.k = small.k WHERE tag < 'tag3' GROUP BY tag",
                "SELECT b.k, b.s FROM small s JOIN (SELECT k, sum(v) AS s FROM big GROUP BY k) b ON b.k = s.k",
                "SELECT count(*) FROM big LEFT JOIN small ON big.k = small.k",
                "SELECT count(*) FROM big WHERE k IN (SELECT k FROM small WHERE tag LIKE 'tag1%')",
                "SELECT count(*) FROM big WHERE k NOT IN (SELECT k FROM small)",
                "SELECT count(*), sum(v), sum(w) FROM big JOIN mid ON big.k = mid.k",
                "SELECT count(*) FROM big JOIN mid ON big.k = mid.k AND big.v = mid.w * 14",
                "SELECT count(*) FROM big WHERE k IN (SELECT k FROM mid WHERE w > 10)",
                "SELECT count(*) FROM big WHERE k NOT IN (SELECT k FROM mid WHERE k IS NOT NULL)",
                "SELECT count(*) FROM big LEFT JOIN mid ON big.k = mid.k WHERE mid.w IS NULL",
                "SELECT count(*) FROM big JOIN mid ON big.k = mid.k WHERE mid.w < 0",
            ] {
                let (plain, _) = run(sql, false, partitions).await;
                let (checked, plan) = run(sql, true, partitions).await;
                assert_eq!(plain, checked, "{sql} on {partitions} partitions\n{plan}");
            }
        }
    }

    #[tokio::test]
    async fn a_selective_join_drops_rows_at_the_scan() {
        let sql = "SELECT b.k, b.s FROM small s JOIN (SELECT k, sum(v) AS s FROM big GROUP BY k) b ON b.k = s.k";
        let (_, plan) = run(sql, true, 2).await;
        let line = plan.lines().find(|l| l.contains("KeyFilterExec")).unwrap_or_else(|| panic!("{plan}"));
        // the 40 keys of small are all the scan passes on (what it reads past page pruning)
        let metric = |name: &str| -> f64 {
            let text = line.split(&format!("{name}=")).nth(1).unwrap().split([',', ']']).next().unwrap();
            let (n, k) = text.strip_suffix(" K").map(|n| (n, 1000.0)).unwrap_or((text, 1.0));
            n.parse::<f64>().unwrap() * k
        };
        let (seen, dropped) = (metric("key_filter_rows_seen"), metric("key_filter_rows_dropped"));
        assert!(seen >= 4096.0 && (seen - dropped - 40.0).abs() < 100.0, "{line}");
    }

    /// A metric of the first plan line that has `node`.
    fn metric(plan: &str, node: &str, name: &str) -> f64 {
        let line = plan.lines().find(|l| l.contains(node)).unwrap_or_else(|| panic!("no {node} in {plan}"));
        let text = line.split(&format!("{name}=")).nth(1).unwrap_or_else(|| panic!("no {name} in {line}"));
        let text = text.split([',', ']']).next().unwrap();
        let (n, k) = text.strip_suffix(" K").map(|n| (n, 1000.0)).unwrap_or((text, 1.0));
        n.parse::<f64>().unwrap() * k
    }

    #[tokio::test]
    async fn a_build_side_too_large_for_a_key_set_reaches_the_scan_as_collected_keys() {
        let sql = "SELECT count(*), sum(v) FROM big JOIN mid ON big.k = mid.k";
        let (rows, plan) = run(sql, true, 2).await;
        // 4,950 of mid's keys are in big (the multiples of 7 up to 35,000 but every 100th)
        assert!(rows.iter().any(|r| r.contains("| 4950 ")), "{rows:?}\n{plan}");
        assert!(plan.contains("KeyCollectExec: k@0"), "{plan}");
        let (seen, dropped) = (metric(&plan, "KeyFilterExec", "key_filter_rows_seen"), metric(&plan, "KeyFilterExec", "key_filter_rows_dropped"));
        // page statistics leave about 41K of big's rows to read; the 4,950 matches are what passes
        assert!(dropped >= 30_000.0 && seen - dropped < 6_000.0, "seen {seen}, dropped {dropped}\n{plan}");
        // with keys too spread for a bitmap, nothing is collected and nothing goes wrong
        let sql = "SELECT count(*) FROM big JOIN (SELECT k * 1000000000 AS k FROM mid) m ON big.k = m.k";
        let (rows, plan) = run(sql, true, 2).await;
        assert!(rows.iter().any(|r| r.contains("| 0 ")), "{rows:?}\n{plan}");
    }

    #[test]
    fn collected_keys_are_complete_when_every_build_partition_has_ended() {
        use datafusion::execution::memory_pool::{MemoryPool, UnboundedMemoryPool};
        let pool: Arc<dyn MemoryPool> = Arc::new(UnboundedMemoryPool::default());
        let reservation = || MemoryConsumer::new("test").register(&pool);
        let sink = KeySink::new(2, vec![true, false]);
        sink.partition_ended(Some(vec![vec![5, 9], vec![]]), reservation());
        assert!(sink.bits(0).is_none(), "one of two partitions");
        sink.partition_ended(Some(vec![vec![7, 5], vec![]]), reservation());
        let bits = sink.bits(0).expect("both partitions ended");
        assert_eq!((0..12).filter(|v| bits.contains(*v)).collect::<Vec<_>>(), vec![5, 7, 9]);
        assert!(sink.bits(1).is_none(), "a key that is not collected");
        // a partition that gave up leaves the probe side unchecked
        let sink = KeySink::new(2, vec![true]);
        sink.partition_ended(None, reservation());
        sink.partition_ended(Some(vec![vec![1]]), reservation());
        assert!(sink.done.get().is_some() && sink.bits(0).is_none());
        // a build side without keys rules out every row; keys too spread make no bitmap
        let sink = KeySink::new(1, vec![true, true]);
        sink.partition_ended(Some(vec![vec![], vec![0, 1 << 40]]), reservation());
        assert!(!sink.bits(0).expect("an empty set").contains(0));
        assert!(sink.bits(1).is_none());
    }

    #[tokio::test]
    async fn a_join_that_keeps_most_rows_stops_checking() {
        // every big row matches: the check stops after its first rows
        let sql = "SELECT count(*) FROM big a JOIN (SELECT k FROM big WHERE v > 0) b ON a.k = b.k";
        let (rows, plan) = run(sql, true, 2).await;
        assert!(rows.iter().any(|r| r.contains("100000")), "{rows:?}");
        for line in plan.lines().filter(|l| l.contains("KeyFilterExec")) {
            assert!(!line.contains("key_filter_rows_seen=100.0 K"), "{line}");
        }
    }
}
