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
//! partition's keys), which loses where the join is not selective. So [`KeyFilterExec`]
//! keeps only the cheap parts: the key bounds and the key sets, merged over the join's
//! partitions into one set. That is a superset of the join's keys, so no row the join would
//! keep is dropped. A key set on an integer column whose keys span at most 2^23 values is
//! checked as a bitmap ([`KeyBitmap`]: a compare and a bit test per row instead of a hash and
//! a probe). It starts filtering when the build side is done (until then the dynamic
//! filter is `true`) and stops for the rest of the scan when the filter keeps more than half
//! of the rows it has seen.
//!
//! [`KeysAtScans`] is the physical rule that puts a `KeyFilterExec` above every Parquet scan
//! with a dynamic filter from a join.

use std::collections::HashMap;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use arrow::buffer::BooleanBuffer;
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, Schema, UInt16Type, UInt32Type,
    UInt8Type,
};
use arrow::compute::filter_record_batch;
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{internal_err, DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;
use datafusion::datasource::physical_plan::{FileScanConfig, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Operator;
use datafusion::physical_expr::expressions::{BinaryExpr, CaseExpr, Column, DynamicFilterPhysicalExpr, InListExpr, Literal};
use datafusion::physical_expr::utils::{conjunction, reassign_expr_columns, split_conjunction};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::metrics::{Count, ExecutionPlanMetricsSet, MetricBuilder, MetricsSet};
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::{Stream, StreamExt};

/// Rows a scan reads before the filter's selectivity is judged.
const JUDGE_AFTER_ROWS: usize = 65_536;

/// Puts a [`KeyFilterExec`] above each Parquet scan that has join keys to check.
#[derive(Debug, Default)]
pub struct KeysAtScans;

impl PhysicalOptimizerRule for KeysAtScans {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, _config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            let Some(scan) = node.downcast_ref::<DataSourceExec>() else { return Ok(Transformed::no(node)) };
            let filters = join_filters(scan);
            if filters.is_empty() {
                return Ok(Transformed::no(node));
            }
            Ok(Transformed::yes(Arc::new(KeyFilterExec::new(node, filters, true)) as _))
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
fn cheap_part(current: &Arc<dyn PhysicalExpr>, schema: &SchemaRef) -> Result<Option<Arc<dyn PhysicalExpr>>> {
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
            } else if let Some(set) = part.downcast_ref::<InListExpr>() {
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

/// A join's key set on an integer column as one bit per value from the smallest key to the
/// largest: a subtraction, a compare and a bit test per row, where the key set as an
/// `IN` list hashes every row and probes a table. Used when the keys span at most
/// [`KEY_BITMAP_MAX_BITS`] values. Same answers as the `IN` list: true for a key, false for
/// any other value, NULL for NULL.
#[derive(Debug, Hash, PartialEq, Eq)]
struct KeyBitmap {
    column: Column,
    low: i64,
    span: u64,
    bits: Vec<u64>,
    keys: usize,
}

impl KeyBitmap {
    fn try_new(column: &Column, list: &[Arc<dyn PhysicalExpr>], schema: &SchemaRef) -> Option<KeyBitmap> {
        let t = schema.fields().get(column.index())?.data_type();
        if !matches!(
            t,
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 | DataType::UInt8 | DataType::UInt16
                | DataType::UInt32 | DataType::Date32
        ) {
            return None;
        }
        let keys: Vec<i64> =
            list.iter().map(|e| e.downcast_ref::<Literal>().and_then(|l| key_value(l.value()))).collect::<Option<_>>()?;
        let (low, high) = (*keys.iter().min()?, *keys.iter().max()?);
        let span = (high as i128 - low as i128 + 1) as u64;
        if span > KEY_BITMAP_MAX_BITS {
            return None;
        }
        let mut bits = vec![0u64; span.div_ceil(64) as usize];
        for k in &keys {
            let d = (k - low) as u64;
            bits[(d >> 6) as usize] |= 1 << (d & 63);
        }
        Some(KeyBitmap { column: column.clone(), low, span, bits, keys: keys.len() })
    }

    fn contains(&self, v: i64) -> bool {
        let d = v.wrapping_sub(self.low) as u64;
        d < self.span && (self.bits[(d >> 6) as usize] >> (d & 63)) & 1 == 1
    }

    fn mask<T: ArrowPrimitiveType>(&self, array: &ArrayRef) -> Result<BooleanArray>
    where
        T::Native: Into<i64>,
    {
        let a = array.as_primitive_opt::<T>().ok_or_else(|| {
            DataFusionError::Internal(format!("key bitmap over {} got {}", self.column, array.data_type()))
        })?;
        let values = a.values();
        let bits = BooleanBuffer::collect_bool(values.len(), |i| self.contains(values[i].into()));
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
        write!(f, "{} IN ({} keys from {}, as a bitmap)", self.column, self.keys, self.low)
    }
}

/// Drops the rows of its input whose join keys cannot match (see the module notes).
#[derive(Debug)]
pub struct KeyFilterExec {
    input: Arc<dyn ExecutionPlan>,
    /// The joins' dynamic filters, on the input's columns.
    filters: Vec<Arc<dyn PhysicalExpr>>,
    /// False once the plan has been reset to run again: a reset join no longer fills in the
    /// filters this node holds, so they would be the last run's keys.
    active: bool,
    metrics: ExecutionPlanMetricsSet,
}

impl KeyFilterExec {
    fn new(input: Arc<dyn ExecutionPlan>, filters: Vec<Arc<dyn PhysicalExpr>>, active: bool) -> KeyFilterExec {
        KeyFilterExec { input, filters, active, metrics: ExecutionPlanMetricsSet::new() }
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
        for e in &self.filters {
            if f(e)? == TreeNodeRecursion::Stop {
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyFilterExec::new(children.swap_remove(0), self.filters.clone(), self.active)))
    }

    fn reset_state(self: Arc<Self>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(KeyFilterExec::new(Arc::clone(&self.input), self.filters.clone(), false)))
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
            cheap: None,
            seen: 0,
            kept: 0,
            on: true,
            rows_seen: MetricBuilder::new(&self.metrics).counter("key_filter_rows_seen", partition),
            rows_dropped: MetricBuilder::new(&self.metrics).counter("key_filter_rows_dropped", partition),
        }))
    }
}

struct KeyFilterStream {
    schema: SchemaRef,
    input: SendableRecordBatchStream,
    filters: Vec<Arc<dyn PhysicalExpr>>,
    /// The dynamic filters' current expressions and the cheap filter made from them.
    cheap: Option<(Vec<Arc<dyn PhysicalExpr>>, Option<Arc<dyn PhysicalExpr>>)>,
    seen: usize,
    kept: usize,
    /// False once the filter proved not selective enough to pay for itself.
    on: bool,
    rows_seen: Count,
    rows_dropped: Count,
}

impl KeyFilterStream {
    /// The cheap filter for the dynamic filters as they are now, made again when they change.
    fn cheap_filter(&mut self) -> Result<Option<Arc<dyn PhysicalExpr>>> {
        let mut current = Vec::with_capacity(self.filters.len());
        for f in &self.filters {
            match f.downcast_ref::<DynamicFilterPhysicalExpr>() {
                Some(d) => current.push(d.current()?),
                None => return Ok(None),
            }
        }
        if let Some((seen, cheap)) = &self.cheap {
            if seen.len() == current.len() && seen.iter().zip(&current).all(|(a, b)| Arc::ptr_eq(a, b)) {
                return Ok(cheap.clone());
            }
        }
        let mut parts = Vec::new();
        for c in &current {
            if let Some(p) = cheap_part(c, &self.schema)? {
                parts.push(p);
            }
        }
        let cheap = (!parts.is_empty()).then(|| conjunction(parts));
        self.cheap = Some((current, cheap.clone()));
        Ok(cheap)
    }

    fn check(&mut self, batch: RecordBatch) -> Result<RecordBatch> {
        if !self.on || batch.num_rows() == 0 {
            return Ok(batch);
        }
        let Some(cheap) = self.cheap_filter()? else { return Ok(batch) };
        let mask = cheap.evaluate(&batch)?.into_array(batch.num_rows())?;
        let Some(mask) = mask.as_any().downcast_ref::<BooleanArray>() else { return Ok(batch) };
        let out = filter_record_batch(&batch, mask)?;
        self.seen += batch.num_rows();
        self.kept += out.num_rows();
        self.rows_seen.add(batch.num_rows());
        self.rows_dropped.add(batch.num_rows() - out.num_rows());
        if self.seen >= JUDGE_AFTER_ROWS && self.kept * 2 > self.seen {
            self.on = false;
        }
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
        cheap_part(&e, &schema()).unwrap().map(|e| e.to_string())
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
        assert_eq!(kept(cheap_part(&one, &schema()).unwrap().unwrap()), vec![3, 5, 9]);
        let hashed = conjunction([between(3, 9), vec![opaque()]].concat());
        assert_eq!(kept(cheap_part(&hashed, &schema()).unwrap().unwrap()), (3..=9).collect::<Vec<_>>());
        assert_eq!(cheap(opaque()), None);
        // not filled in yet
        assert_eq!(cheap(lit(true)), None);
    }

    #[test]
    fn a_partitioned_joins_keys_are_merged_into_one_superset() {
        let p0 = conjunction([between(2, 4), vec![set(&[2, 4])]].concat());
        let p1 = conjunction([between(10, 17), vec![set(&[10, 17])]].concat());
        let merged = cheap_part(&routed(vec![p0, p1]), &schema()).unwrap().unwrap();
        assert_eq!(kept(merged), vec![2, 4, 10, 17]);
        // a partition without keys adds none; one with only a hash lookup keeps the bounds
        let p0 = conjunction([between(2, 4), vec![set(&[2, 4])]].concat());
        let merged = cheap_part(&routed(vec![p0.clone(), lit(false)]), &schema()).unwrap().unwrap();
        assert_eq!(kept(merged), vec![2, 4]);
        let p1 = conjunction([between(10, 17), vec![opaque()]].concat());
        let merged = cheap_part(&routed(vec![p0.clone(), p1]), &schema()).unwrap().unwrap();
        assert_eq!(kept(merged), (2..=17).collect::<Vec<_>>());
        // a partition that keeps everything: nothing can be dropped
        assert_eq!(cheap(routed(vec![p0, lit(true)])), None);
        // no partition has keys: every row can go
        assert_eq!(kept(cheap_part(&routed(vec![lit(false), lit(false)]), &schema()).unwrap().unwrap()), Vec::<i64>::new());
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
        for name in ["big", "small"] {
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
