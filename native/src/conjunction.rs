//! Filters of several conjuncts evaluated cheapest first, each on the rows still alive.
//!
//! DataFusion evaluates `a AND b AND c` as a tree of binary ANDs. Each AND evaluates its
//! right side on every row unless its left side keeps at most a fifth of them; then it
//! copies the whole batch (every column of the filter's input) down to the kept rows,
//! evaluates the right side there and scatters the result back, and the next AND up does
//! the same again. The conjuncts run in the order the query wrote them, so in TPC-H Q12
//! the string comparison `l_shipmode IN ('MAIL', 'SHIP')` runs on all 6M lineitem rows
//! before the date range that keeps 15% of them; filters were a third to a half of the CPU
//! time of Q6 and Q12.
//!
//! [`SelectiveAnd`] replaces such a predicate in a `FilterExec`:
//! - The conjuncts are ordered by cost class, stable within a class: comparisons of a
//!   column of a fixed-width type with a literal (and null tests) first, then comparisons
//!   of two such columns, then the rest (strings, lists, functions). Only comparisons move
//!   ahead, and they cannot fail, so no error appears that the written order would not
//!   raise; later conjuncts see fewer rows, as with short-circuit evaluation.
//! - After the first conjunct, the batch is cut down to the columns the remaining conjuncts
//!   read. When the rows still alive are few enough, that batch is compacted to them once
//!   and the remaining conjuncts run on the smaller batch: at most half of the rows when an
//!   expensive conjunct (the third class above) remains, at most a quarter when only comparisons
//!   remain (a comparison costs less per row than a compaction, so two date comparisons
//!   that each keep half of the rows are cheaper evaluated on all of them).
//! - The result is a mask over the input rows without nulls (a NULL conjunct drops the row,
//!   as a filter does). It is only used as a filter predicate, never as a value.
//!
//! [`CheapConjunctsFirst`] is the physical rule that installs it in every `FilterExec` with
//! two or more conjuncts (after DataFusion's rules, which have pushed what they can into
//! the scans by then).

use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, BooleanBufferBuilder, UInt32Array};
use arrow::buffer::BooleanBuffer;
use arrow::compute::kernels::boolean::and;
use arrow::compute::{filter_record_batch, prep_null_mask_filter, take};
use arrow::datatypes::{DataType, Schema};
use arrow::record_batch::RecordBatch;
use datafusion::common::cast::as_boolean_array;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{internal_err, Result};
use datafusion::logical_expr::{ColumnarValue, Operator};
use datafusion::physical_expr::expressions::{
    BinaryExpr, Column, DynamicFilterPhysicalExpr, IsNotNullExpr, IsNullExpr, Literal,
};
use datafusion::physical_expr::utils::split_conjunction;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::filter::{FilterExec, FilterExecBuilder};
use datafusion::physical_plan::ExecutionPlan;

/// Installs [`SelectiveAnd`] in each `FilterExec` whose predicate has two or more conjuncts.
#[derive(Debug, Default)]
pub struct CheapConjunctsFirst;

impl PhysicalOptimizerRule for CheapConjunctsFirst {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, _config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            let Some(filter) = node.downcast_ref::<FilterExec>() else { return Ok(Transformed::no(node)) };
            let schema = filter.input().schema();
            let Some(predicate) = SelectiveAnd::for_predicate(filter.predicate(), &schema)? else {
                return Ok(Transformed::no(node));
            };
            let rebuilt = FilterExecBuilder::from(filter).with_predicate(predicate).build()?;
            Ok(Transformed::yes(Arc::new(rebuilt) as Arc<dyn ExecutionPlan>))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "CheapConjunctsFirst"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// A conjunction evaluated in order on the rows still alive; see the module docs.
#[derive(Debug, Hash, PartialEq, Eq)]
pub struct SelectiveAnd {
    /// The conjuncts in evaluation order, over the filter's input.
    conjuncts: Vec<Arc<dyn PhysicalExpr>>,
    /// The input columns read by the conjuncts after the first, in input order.
    projection: Vec<usize>,
    /// The conjuncts after the first, over `projection`.
    rest: Vec<Arc<dyn PhysicalExpr>>,
    /// Whether the last conjunct is of the expensive class (so one remains until the end).
    expensive_tail: bool,
}

/// Cost class of a conjunct: lower runs first.
fn cost_class(expr: &Arc<dyn PhysicalExpr>, schema: &Schema) -> u8 {
    let fixed_width_column = |e: &Arc<dyn PhysicalExpr>| -> bool {
        e.downcast_ref::<Column>()
            .and_then(|c| schema.fields().get(c.index()))
            .map(|f| fixed_width(f.data_type()))
            .unwrap_or(false)
    };
    if let Some(b) = expr.downcast_ref::<BinaryExpr>() {
        let comparison = matches!(
            b.op(),
            Operator::Eq | Operator::NotEq | Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq
        );
        if comparison {
            let (l, r) = (b.left(), b.right());
            let literal = |e: &Arc<dyn PhysicalExpr>| e.downcast_ref::<Literal>().is_some();
            if (fixed_width_column(l) && literal(r)) || (literal(l) && fixed_width_column(r)) {
                return 0;
            }
            if fixed_width_column(l) && fixed_width_column(r) {
                return 1;
            }
        }
    }
    if let Some(n) = expr.downcast_ref::<IsNullExpr>() {
        if n.arg().downcast_ref::<Column>().is_some() {
            return 0;
        }
    }
    if let Some(n) = expr.downcast_ref::<IsNotNullExpr>() {
        if n.arg().downcast_ref::<Column>().is_some() {
            return 0;
        }
    }
    2
}

fn fixed_width(t: &DataType) -> bool {
    t.is_integer()
        || t.is_floating()
        || matches!(
            t,
            DataType::Boolean
                | DataType::Decimal32(_, _)
                | DataType::Decimal64(_, _)
                | DataType::Decimal128(_, _)
                | DataType::Decimal256(_, _)
                | DataType::Date32
                | DataType::Date64
                | DataType::Time32(_)
                | DataType::Time64(_)
                | DataType::Timestamp(_, _)
                | DataType::Duration(_)
        )
}

/// Whether `expr` holds a node whose columns or value may change after planning.
fn has_dynamic_part(expr: &Arc<dyn PhysicalExpr>) -> bool {
    let mut found = false;
    let _ = expr.apply(|e| {
        if e.downcast_ref::<DynamicFilterPhysicalExpr>().is_some() || e.is_volatile_node() {
            found = true;
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

impl SelectiveAnd {
    /// A `SelectiveAnd` for `predicate` over `schema`, or None when it has fewer than two
    /// conjuncts or parts that must stay as planned (dynamic filters, volatile functions).
    pub fn for_predicate(predicate: &Arc<dyn PhysicalExpr>, schema: &Schema) -> Result<Option<Arc<dyn PhysicalExpr>>> {
        if predicate.downcast_ref::<SelectiveAnd>().is_some() || has_dynamic_part(predicate) {
            return Ok(None);
        }
        let conjuncts: Vec<Arc<dyn PhysicalExpr>> = split_conjunction(predicate).into_iter().cloned().collect();
        if conjuncts.len() < 2 {
            return Ok(None);
        }
        let mut ordered: Vec<(u8, Arc<dyn PhysicalExpr>)> =
            conjuncts.into_iter().map(|c| (cost_class(&c, schema), c)).collect();
        ordered.sort_by_key(|(class, _)| *class); // stable: the written order within a class
        let expensive_tail = ordered.last().map(|(class, _)| *class == 2).unwrap_or(false);
        Ok(Some(Arc::new(Self::new(ordered.into_iter().map(|(_, c)| c).collect(), expensive_tail)?)))
    }

    fn new(conjuncts: Vec<Arc<dyn PhysicalExpr>>, expensive_tail: bool) -> Result<Self> {
        let mut projection: Vec<usize> = Vec::new();
        for c in &conjuncts[1..] {
            c.apply(|e| {
                if let Some(col) = e.downcast_ref::<Column>() {
                    projection.push(col.index());
                }
                Ok(TreeNodeRecursion::Continue)
            })?;
        }
        projection.sort_unstable();
        projection.dedup();
        let rest = conjuncts[1..]
            .iter()
            .map(|c| {
                Arc::clone(c)
                    .transform(|e| match e.downcast_ref::<Column>() {
                        Some(col) => {
                            let at = projection.binary_search(&col.index()).expect("collected above");
                            Ok(Transformed::yes(Arc::new(Column::new(col.name(), at)) as Arc<dyn PhysicalExpr>))
                        }
                        None => Ok(Transformed::no(e)),
                    })
                    .map(|t| t.data)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { conjuncts, projection, rest, expensive_tail })
    }
}

/// A conjunct's value as a filter mask: no nulls (NULL drops the row).
fn mask(value: ColumnarValue, rows: usize) -> Result<BooleanArray> {
    let array: ArrayRef = value.into_array(rows)?;
    let b = as_boolean_array(&array)?;
    Ok(if b.null_count() > 0 { prep_null_mask_filter(b) } else { b.clone() })
}

impl PhysicalExpr for SelectiveAnd {
    fn data_type(&self, _input_schema: &Schema) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn nullable(&self, _input_schema: &Schema) -> Result<bool> {
        Ok(false)
    }

    fn evaluate(&self, batch: &RecordBatch) -> Result<ColumnarValue> {
        let rows = batch.num_rows();
        let mut alive = mask(self.conjuncts[0].evaluate(batch)?, rows)?;
        let mut current = batch.project(&self.projection)?;
        // rows of `current` as rows of `batch` (None: the same rows)
        let mut positions: Option<UInt32Array> = None;
        let compact_at = if self.expensive_tail { 2 } else { 4 };
        for conjunct in &self.rest {
            let live = alive.true_count();
            if live == 0 {
                break;
            }
            if live * compact_at <= current.num_rows() {
                current = filter_record_batch(&current, &alive)?;
                let kept: UInt32Array = alive.values().set_indices().map(|i| i as u32).collect();
                positions = Some(match positions {
                    None => kept,
                    Some(p) => {
                        let taken = take(&p, &kept, None)?;
                        taken.as_any().downcast_ref::<UInt32Array>().expect("take keeps the type").clone()
                    }
                });
                alive = BooleanArray::new(BooleanBuffer::new_set(live), None);
            }
            let m = mask(conjunct.evaluate(&current)?, current.num_rows())?;
            alive = and(&alive, &m)?;
        }
        let Some(positions) = positions else { return Ok(ColumnarValue::Array(Arc::new(alive))) };
        if positions.len() != alive.len() {
            return internal_err!("SelectiveAnd lost track of its rows");
        }
        let mut out = BooleanBufferBuilder::new(rows);
        out.append_n(rows, false);
        for i in alive.values().set_indices() {
            out.set_bit(positions.value(i) as usize, true);
        }
        Ok(ColumnarValue::Array(Arc::new(BooleanArray::new(out.finish(), None))))
    }

    fn children(&self) -> Vec<&Arc<dyn PhysicalExpr>> {
        self.conjuncts.iter().collect()
    }

    fn with_new_children(self: Arc<Self>, children: Vec<Arc<dyn PhysicalExpr>>) -> Result<Arc<dyn PhysicalExpr>> {
        if children.len() != self.conjuncts.len() {
            return internal_err!("SelectiveAnd takes {} children, got {}", self.conjuncts.len(), children.len());
        }
        Ok(Arc::new(Self::new(children, self.expensive_tail)?))
    }

    fn fmt_sql(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.conjuncts.iter().enumerate() {
            if i > 0 {
                write!(f, " AND ")?;
            }
            c.fmt_sql(f)?;
        }
        Ok(())
    }
}

impl fmt::Display for SelectiveAnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in order: ")?;
        for (i, c) in self.conjuncts.iter().enumerate() {
            if i > 0 {
                write!(f, " AND ")?;
            }
            match c.downcast_ref::<BinaryExpr>() {
                Some(b) if *b.op() == Operator::Or => write!(f, "({c})")?,
                _ => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Date32Array, Int64Array, StringArray};
    use arrow::datatypes::Field;
    use datafusion::common::ScalarValue;
    use datafusion::physical_expr::expressions::{binary, col, lit};

    fn batch(rows: usize) -> RecordBatch {
        // deterministic pseudo-random values, with NULLs in every column
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let a: Int64Array = (0..rows).map(|_| { let v = next(); (v % 11 != 0).then_some((v % 100) as i64) }).collect();
        let d: Date32Array = (0..rows).map(|_| { let v = next(); (v % 13 != 0).then_some((v % 1000) as i32) }).collect();
        let e: Date32Array = (0..rows).map(|_| { let v = next(); (v % 17 != 0).then_some((v % 1000) as i32) }).collect();
        let s: StringArray = (0..rows)
            .map(|_| { let v = next(); (v % 7 != 0).then(|| ["MAIL", "SHIP", "AIR", "RAIL"][(v % 4) as usize]) })
            .collect();
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Int64, true),
            Field::new("d", DataType::Date32, true),
            Field::new("e", DataType::Date32, true),
            Field::new("s", DataType::Utf8, true),
        ]));
        RecordBatch::try_new(schema, vec![Arc::new(a), Arc::new(d), Arc::new(e), Arc::new(s)]).unwrap()
    }

    fn and_all(parts: Vec<Arc<dyn PhysicalExpr>>, schema: &Schema) -> Arc<dyn PhysicalExpr> {
        parts.into_iter().reduce(|l, r| binary(l, Operator::And, r, schema).unwrap()).unwrap()
    }

    /// Rows a filter with `predicate` keeps (NULL drops the row).
    fn kept(predicate: &Arc<dyn PhysicalExpr>, batch: &RecordBatch) -> Vec<bool> {
        let m = mask(predicate.evaluate(batch).unwrap(), batch.num_rows()).unwrap();
        (0..m.len()).map(|i| m.value(i)).collect()
    }

    #[test]
    fn keeps_exactly_the_rows_of_the_plain_conjunction() {
        let b = batch(20_000);
        let schema = b.schema();
        let s = schema.as_ref();
        let cmp = |c: &str, op, v: ScalarValue| binary(col(c, s).unwrap(), op, lit(v), s).unwrap();
        let shipmode = binary(
            cmp("s", Operator::Eq, ScalarValue::from("MAIL")),
            Operator::Or,
            cmp("s", Operator::Eq, ScalarValue::from("SHIP")),
            s,
        )
        .unwrap();
        let cases: Vec<Vec<Arc<dyn PhysicalExpr>>> = vec![
            // Q12's shape: strings first as written, then dates against literals and columns
            vec![
                shipmode.clone(),
                binary(col("e", s).unwrap(), Operator::Gt, col("d", s).unwrap(), s).unwrap(),
                cmp("d", Operator::GtEq, ScalarValue::Date32(Some(300))),
                cmp("d", Operator::Lt, ScalarValue::Date32(Some(450))),
            ],
            // only comparisons, one very selective
            vec![
                cmp("a", Operator::Lt, ScalarValue::Int64(Some(50))),
                cmp("d", Operator::GtEq, ScalarValue::Date32(Some(10))),
                cmp("a", Operator::Eq, ScalarValue::Int64(Some(7))),
                cmp("e", Operator::LtEq, ScalarValue::Date32(Some(900))),
            ],
            // a conjunct that keeps nothing, and one that keeps everything
            vec![
                cmp("a", Operator::Gt, ScalarValue::Int64(Some(1000))),
                shipmode.clone(),
            ],
            vec![
                cmp("a", Operator::GtEq, ScalarValue::Int64(Some(0))),
                lit(ScalarValue::Boolean(Some(true))),
                shipmode,
            ],
        ];
        for parts in cases {
            let plain = and_all(parts, s);
            let selective = SelectiveAnd::for_predicate(&plain, s).unwrap().expect("two or more conjuncts");
            assert_eq!(kept(&selective, &b), kept(&plain, &b), "{selective}");
            // and on slices (offsets into the arrays) of the same rows
            let slice = b.slice(333, 5_000);
            assert_eq!(kept(&selective, &slice), kept(&plain, &slice));
        }
    }

    #[test]
    fn cheap_comparisons_go_first_in_written_order() {
        let b = batch(10);
        let schema = b.schema();
        let s = schema.as_ref();
        let strings = binary(col("s", s).unwrap(), Operator::Eq, lit(ScalarValue::from("AIR")), s).unwrap();
        let columns = binary(col("e", s).unwrap(), Operator::Gt, col("d", s).unwrap(), s).unwrap();
        let first = binary(col("d", s).unwrap(), Operator::GtEq, lit(ScalarValue::Date32(Some(3))), s).unwrap();
        let second = binary(lit(ScalarValue::Int64(Some(3))), Operator::Lt, col("a", s).unwrap(), s).unwrap();
        let plain = and_all(vec![strings, columns, first, second], s);
        let selective = SelectiveAnd::for_predicate(&plain, s).unwrap().unwrap();
        assert_eq!(
            selective.to_string(),
            "in order: d@1 >= 1970-01-04 AND 3 < a@0 AND e@2 > d@1 AND s@3 = AIR"
        );
        // one conjunct: left as planned
        let single = binary(col("a", s).unwrap(), Operator::Gt, lit(ScalarValue::Int64(Some(3))), s).unwrap();
        assert!(SelectiveAnd::for_predicate(&single, s).unwrap().is_none());
    }
}
