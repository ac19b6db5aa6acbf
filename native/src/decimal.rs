//! DECIMAL `+`, `-` and `*` without per-value overflow checks where overflow cannot happen.
//!
//! Arrow's decimal kernels check every value for overflow (`add_checked`, `mul_checked` on
//! `i128`, one `Result` per value), even in their wrapping forms. Most decimals an analytic
//! query computes with are far narrower than `i128`: TPC-H prices are DECIMAL(15,2), and
//! `l_extendedprice * (1 - l_discount) * (1 + l_tax)` multiplies values that each fit in
//! 64 bits. When every value of both operands fits in an `i64`, no result can overflow:
//! a product is below 2^126, and a sum or difference of values first scaled by at most
//! 10^18 (< 2^60) is below 2^124. Then one widening multiply or one add per row does it.
//!
//! Before physical planning, [`rewrite`] replaces such arithmetic in projections and
//! aggregate arguments by calls to [`DecimalArithmetic`], only where the call's result type
//! is the operator's own (so every schema is unchanged) and with the expressions' names kept.
//! Each batch checks that its operands fit (one pass, no branch per value); a batch that does
//! not fit is computed by Arrow's kernel as before, with the same results and the same
//! overflow errors. Filters, join conditions and scans keep the operator, so pruning,
//! pushdown and selectivity estimates see the expressions they understand.

use std::sync::Arc;

use arrow::array::{new_null_array, Array, ArrayRef, AsArray, Decimal128Array};
use arrow::buffer::NullBuffer;
use arrow::compute::kernels::numeric::{add_wrapping, mul_wrapping, sub_wrapping};
use arrow::datatypes::{DataType, Decimal128Type, Field, FieldRef, DECIMAL128_MAX_PRECISION, DECIMAL128_MAX_SCALE};
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DFSchemaRef, DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::{
    Aggregate, BinaryExpr, ColumnarValue, Expr, ExprSchemable, LogicalPlan, Operator, Projection, ReturnFieldArgs,
    ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::physical_expr_common::datum::apply;

/// The operators this covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    Add,
    Sub,
    Mul,
}

impl Op {
    fn of(op: Operator) -> Option<Op> {
        match op {
            Operator::Plus => Some(Op::Add),
            Operator::Minus => Some(Op::Sub),
            Operator::Multiply => Some(Op::Mul),
            _ => None,
        }
    }
}

/// `(precision, scale)` of a Decimal128 type.
fn decimal(t: &DataType) -> Option<(u8, i8)> {
    match t {
        DataType::Decimal128(p, s) => Some((*p, *s)),
        _ => None,
    }
}

/// The result type Arrow's kernel gives `l op r` (Hive's rules, precision capped at 38), or
/// `None` where the kernel would refuse (a product's scale beyond 38).
fn result_type(op: Op, l: &DataType, r: &DataType) -> Option<DataType> {
    let ((p1, s1), (p2, s2)) = (decimal(l)?, decimal(r)?);
    match op {
        Op::Mul => {
            let s = s1.checked_add(s2)?;
            if s > DECIMAL128_MAX_SCALE {
                return None;
            }
            let p = p1.saturating_add(p2).saturating_add(1).min(DECIMAL128_MAX_PRECISION);
            Some(DataType::Decimal128(p, s))
        }
        Op::Add | Op::Sub => {
            let s = s1.max(s2);
            let int = (p1 as i16 - s1 as i16).max(p2 as i16 - s2 as i16);
            let p = (s as i16 + int + 1).clamp(1, DECIMAL128_MAX_PRECISION as i16) as u8;
            Some(DataType::Decimal128(p, s))
        }
    }
}

/// 10^(to - from) when it is at most 10^18 (so it fits an `i64`), for scaling an operand of
/// scale `from` to the result's scale `to`.
fn scale_factor(from: i8, to: i8) -> Option<i64> {
    let d = to.checked_sub(from)?;
    (0..=18).contains(&d).then(|| 10i64.pow(d as u32))
}

/// `+`, `-` or `*` of two Decimal128 values with Arrow's result type and results, faster
/// when the operands fit in 64 bits (see the module comment).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct DecimalArithmetic {
    op: Op,
    signature: Signature,
}

impl DecimalArithmetic {
    fn new(op: Op) -> Self {
        DecimalArithmetic { op, signature: Signature::any(2, Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for DecimalArithmetic {
    fn name(&self) -> &str {
        match self.op {
            Op::Add => "decimal_add",
            Op::Sub => "decimal_sub",
            Op::Mul => "decimal_mul",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [l, r] => result_type(self.op, l, r).ok_or_else(|| {
                DataFusionError::Internal(format!("{} of {l} and {r} has no decimal result type", self.name()))
            }),
            _ => Err(DataFusionError::Internal(format!("{} takes two arguments", self.name()))),
        }
    }

    /// Nullable when either operand is, as for the operator.
    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let types: Vec<DataType> = args.arg_fields.iter().map(|f| f.data_type().clone()).collect();
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(self.name(), self.return_type(&types)?, nullable)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [l, r] = args.args.as_slice() else {
            return Err(DataFusionError::Internal(format!("{} takes two arguments", self.name())));
        };
        let (Some((p, s)), Some((_, s1)), Some((_, s2))) = (
            decimal(args.return_field.data_type()),
            decimal(&l.data_type()),
            decimal(&r.data_type()),
        ) else {
            return Err(DataFusionError::Internal(format!("{} of non-decimal values", self.name())));
        };
        let factors = match self.op {
            Op::Mul => Some((1, 1)),
            Op::Add | Op::Sub => scale_factor(s1, s).zip(scale_factor(s2, s)),
        };
        if let Some((fl, fr)) = factors {
            if let Some(v) = narrow(self.op, l, r, fl, fr, args.number_rows, p, s)? {
                return Ok(v);
            }
        }
        match self.op {
            Op::Add => apply(l, r, add_wrapping),
            Op::Sub => apply(l, r, sub_wrapping),
            Op::Mul => apply(l, r, mul_wrapping),
        }
    }
}

/// One operand: a batch's values (with their NULLs) or a constant (`None` for NULL).
enum Side<'a> {
    Values(&'a Decimal128Array),
    Const(Option<i128>),
}

impl<'a> Side<'a> {
    fn of(v: &'a ColumnarValue) -> Option<Side<'a>> {
        match v {
            ColumnarValue::Array(a) => a.as_primitive_opt::<Decimal128Type>().map(Side::Values),
            ColumnarValue::Scalar(ScalarValue::Decimal128(c, _, _)) => Some(Side::Const(*c)),
            ColumnarValue::Scalar(_) => None,
        }
    }

    /// Whether every value (NULL slots included) fits in an `i64`: one pass without a branch
    /// per value.
    fn fits(&self) -> bool {
        match self {
            Side::Values(a) => a.values().iter().fold(true, |ok, &x| ok & (x as i64 as i128 == x)),
            Side::Const(c) => c.is_none_or(|x| x as i64 as i128 == x),
        }
    }
}

/// The result computed with 64-bit operands, or `None` when an operand does not fit (the
/// caller then uses Arrow's kernel).
#[allow(clippy::too_many_arguments)]
fn narrow(
    op: Op,
    l: &ColumnarValue,
    r: &ColumnarValue,
    fl: i64,
    fr: i64,
    rows: usize,
    p: u8,
    s: i8,
) -> Result<Option<ColumnarValue>> {
    let (Some(a), Some(b)) = (Side::of(l), Side::of(r)) else {
        return Ok(None);
    };
    if !a.fits() || !b.fits() {
        return Ok(None);
    }
    let (fl, fr) = (fl as i128, fr as i128);
    // the operands are sign-extended from 64 bits, so each product is one widening multiply
    let w = |x: i128| x as i64 as i128;
    let values = match (op, fl, fr) {
        (Op::Mul, _, _) => map2(&a, &b, |x, y| w(x) * w(y)),
        (Op::Add, 1, 1) => map2(&a, &b, |x, y| w(x) + w(y)),
        (Op::Sub, 1, 1) => map2(&a, &b, |x, y| w(x) - w(y)),
        (Op::Add, _, _) => map2(&a, &b, |x, y| w(x) * fl + w(y) * fr),
        (Op::Sub, _, _) => map2(&a, &b, |x, y| w(x) * fl - w(y) * fr),
    };
    let t = DataType::Decimal128(p, s);
    Ok(Some(match values {
        Mapped::Const(v) => ColumnarValue::Scalar(ScalarValue::Decimal128(v, p, s)),
        Mapped::AllNull => ColumnarValue::Array(new_null_array(&t, rows)),
        Mapped::Values(values, nulls) => {
            ColumnarValue::Array(Arc::new(Decimal128Array::new(values.into(), nulls).with_precision_and_scale(p, s)?)
                as ArrayRef)
        }
    }))
}

enum Mapped {
    Values(Vec<i128>, Option<NullBuffer>),
    Const(Option<i128>),
    AllNull,
}

/// `f` over the rows of two operands, NULL where either is.
fn map2(a: &Side, b: &Side, f: impl Fn(i128, i128) -> i128) -> Mapped {
    match (a, b) {
        (Side::Const(x), Side::Const(y)) => Mapped::Const(x.zip(*y).map(|(x, y)| f(x, y))),
        (Side::Const(None), Side::Values(_)) | (Side::Values(_), Side::Const(None)) => Mapped::AllNull,
        (Side::Values(x), Side::Values(y)) => Mapped::Values(
            x.values().iter().zip(y.values().iter()).map(|(&x, &y)| f(x, y)).collect(),
            NullBuffer::union(x.nulls(), y.nulls()),
        ),
        (Side::Values(x), Side::Const(Some(c))) => {
            Mapped::Values(x.values().iter().map(|&x| f(x, *c)).collect(), x.nulls().cloned())
        }
        (Side::Const(Some(c)), Side::Values(y)) => {
            Mapped::Values(y.values().iter().map(|&y| f(*c, y)).collect(), y.nulls().cloned())
        }
    }
}

/// The plan with decimal `+`, `-` and `*` in projections and aggregate arguments computed by
/// [`DecimalArithmetic`], or `None` when it has none. Plans without such an operator in a
/// projection or an aggregate (most point lookups) are only read, not copied.
pub fn rewrite(plan: &LogicalPlan) -> Result<Option<LogicalPlan>> {
    if !has_arithmetic(plan)? {
        return Ok(None);
    }
    // both node kinds name their output after their expressions: aliases keep the names
    let names = NamePreserver::new_for_projection();
    let t = plan.clone().transform_up_with_subqueries(|node| match node {
        LogicalPlan::Projection(p) => {
            let (expr, changed) = rewrite_all(p.expr, p.input.schema(), &names)?;
            let node = LogicalPlan::Projection(Projection::try_new_with_schema(expr, p.input, p.schema)?);
            Ok(if changed { Transformed::yes(node) } else { Transformed::no(node) })
        }
        LogicalPlan::Aggregate(a) => {
            // group keys are left as written (grouping sets and their names stay as planned)
            let (aggr, changed) = rewrite_all(a.aggr_expr, a.input.schema(), &names)?;
            let node = LogicalPlan::Aggregate(Aggregate::try_new_with_schema(a.input, a.group_expr, aggr, a.schema)?);
            Ok(if changed { Transformed::yes(node) } else { Transformed::no(node) })
        }
        other => Ok(Transformed::no(other)),
    })?;
    Ok(t.transformed.then_some(t.data))
}

/// Whether a projection or an aggregate of `plan` has a `+`, `-` or `*` (of any type).
fn has_arithmetic(plan: &LogicalPlan) -> Result<bool> {
    let mut found = false;
    plan.apply_with_subqueries(|node| {
        if matches!(node, LogicalPlan::Projection(_) | LogicalPlan::Aggregate(_)) {
            node.apply_expressions(|e| {
                found |= e.exists(|x| Ok(matches!(x, Expr::BinaryExpr(b) if Op::of(b.op).is_some())))?;
                Ok(if found { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
            })?;
        }
        Ok(if found { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
    })?;
    Ok(found)
}

/// `exprs` rewritten, each keeping its name; and whether any changed.
fn rewrite_all(exprs: Vec<Expr>, schema: &DFSchemaRef, names: &NamePreserver) -> Result<(Vec<Expr>, bool)> {
    let mut changed = false;
    let mut out = Vec::with_capacity(exprs.len());
    for e in exprs {
        let saved = names.save(&e);
        let t = e.transform_up(|x| one(x, schema))?;
        changed |= t.transformed;
        out.push(if t.transformed { saved.restore(t.data) } else { t.data });
    }
    Ok((out, changed))
}

/// `x` as a [`DecimalArithmetic`] call when it is decimal `+`, `-` or `*` whose result
/// type the call gives too.
fn one(x: Expr, schema: &DFSchemaRef) -> Result<Transformed<Expr>> {
    let Expr::BinaryExpr(BinaryExpr { left, op, right }) = &x else {
        return Ok(Transformed::no(x));
    };
    let Some(op) = Op::of(*op) else {
        return Ok(Transformed::no(x));
    };
    let (Ok(lt), Ok(rt), Ok(t)) = (left.get_type(schema.as_ref()), right.get_type(schema.as_ref()), x.get_type(schema.as_ref()))
    else {
        return Ok(Transformed::no(x));
    };
    if result_type(op, &lt, &rt).as_ref() != Some(&t) {
        return Ok(Transformed::no(x));
    }
    let Expr::BinaryExpr(BinaryExpr { left, right, .. }) = x else { unreachable!() };
    let udf = Arc::new(ScalarUDF::new_from_impl(DecimalArithmetic::new(op)));
    Ok(Transformed::yes(Expr::ScalarFunction(ScalarFunction::new_udf(udf, vec![*left, *right]))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Decimal128Array, Int32Array};
    use arrow::datatypes::Schema;
    use arrow::record_batch::RecordBatch;
    use datafusion::prelude::SessionContext;

    fn dec(values: Vec<Option<i128>>, p: u8, s: i8) -> ArrayRef {
        Arc::new(Decimal128Array::from(values).with_precision_and_scale(p, s).unwrap())
    }

    /// Deterministic pseudo-random decimals of up to `digits` digits, some NULL.
    fn values(n: usize, digits: u32, seed: u64) -> Vec<Option<i128>> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let m = 10i128.pow(digits);
                let v = ((x as i128) * 7919 + (x >> 3) as i128) % m;
                (x % 9 != 0).then_some(if x % 2 == 0 { v } else { -v })
            })
            .collect()
    }

    fn call(op: Op, l: ColumnarValue, r: ColumnarValue, rows: usize) -> Result<ColumnarValue> {
        let f = DecimalArithmetic::new(op);
        let fields: Vec<FieldRef> =
            [&l, &r].iter().map(|v| Arc::new(Field::new("x", v.data_type(), true))).collect();
        let t = f.return_type(&[l.data_type(), r.data_type()])?;
        f.invoke_with_args(ScalarFunctionArgs {
            args: vec![l, r],
            arg_fields: fields,
            number_rows: rows,
            return_field: Arc::new(Field::new("r", t, true)),
            config_options: Default::default(),
        })
    }

    fn arrow_kernel(op: Op, l: &ColumnarValue, r: &ColumnarValue) -> Result<ColumnarValue> {
        match op {
            Op::Add => apply(l, r, add_wrapping),
            Op::Sub => apply(l, r, sub_wrapping),
            Op::Mul => apply(l, r, mul_wrapping),
        }
    }

    fn arr(v: ColumnarValue, rows: usize) -> ArrayRef {
        v.into_array(rows).unwrap()
    }

    #[test]
    fn same_values_and_types_as_arrows_kernels() {
        let n = 1000;
        // (precision, scale, digits) per side: narrow, mixed scales, and values beyond 64 bits
        let cases = [((15, 2, 13), (15, 2, 13)), ((15, 2, 13), (16, 4, 14)), ((10, 0, 9), (18, 6, 17)),
            ((38, 2, 25), (15, 2, 13)), ((20, 20, 18), (12, 0, 11))];
        for (i, ((p1, s1, d1), (p2, s2, d2))) in cases.into_iter().enumerate() {
            let l = dec(values(n, d1, 17 + i as u64), p1, s1);
            let r = dec(values(n, d2, 91 + i as u64), p2, s2);
            let sl = ColumnarValue::Scalar(ScalarValue::try_from_array(&l, 3).unwrap());
            let sr = ColumnarValue::Scalar(ScalarValue::try_from_array(&r, 5).unwrap());
            let al = ColumnarValue::Array(l.clone());
            let ar = ColumnarValue::Array(r.clone());
            for op in [Op::Add, Op::Sub, Op::Mul] {
                for (a, b) in [(&al, &ar), (&al, &sr), (&sl, &ar), (&sl, &sr)] {
                    let ours = call(op, a.clone(), b.clone(), n).unwrap();
                    let theirs = arrow_kernel(op, a, b).unwrap();
                    assert_eq!(arr(ours, n).as_ref(), arr(theirs, n).as_ref(), "case {i} {op:?}");
                }
            }
        }
    }

    #[test]
    fn narrow_operands_take_the_fast_path_and_wide_ones_do_not() {
        let narrow_l = ColumnarValue::Array(dec(values(64, 13, 1), 15, 2));
        let narrow_r = ColumnarValue::Array(dec(values(64, 13, 2), 15, 2));
        let wide = ColumnarValue::Array(dec(values(64, 25, 3), 38, 2));
        for op in [Op::Add, Op::Sub, Op::Mul] {
            assert!(narrow(op, &narrow_l, &narrow_r, 1, 1, 64, 31, 4).unwrap().is_some(), "{op:?}");
            assert!(narrow(op, &narrow_l, &wide, 1, 1, 64, 38, 4).unwrap().is_none(), "{op:?}");
        }
        // scales 19 apart: the factor does not fit 64 bits, so Arrow's kernel computes it
        assert_eq!(scale_factor(0, 18), Some(10i64.pow(18)));
        assert_eq!(scale_factor(0, 19), None);
    }

    #[test]
    fn null_constants_and_sliced_arrays() {
        let l = dec(values(100, 12, 5), 15, 2);
        let sliced = ColumnarValue::Array(l.slice(10, 50));
        let null = ColumnarValue::Scalar(ScalarValue::Decimal128(None, 15, 2));
        for op in [Op::Add, Op::Sub, Op::Mul] {
            let ours = arr(call(op, sliced.clone(), null.clone(), 50).unwrap(), 50);
            assert_eq!(ours.null_count(), 50);
            let ours = arr(call(op, sliced.clone(), sliced.clone(), 50).unwrap(), 50);
            let theirs = arr(arrow_kernel(op, &sliced, &sliced).unwrap(), 50);
            assert_eq!(ours.as_ref(), theirs.as_ref());
        }
    }

    #[test]
    fn overflow_is_still_an_error() {
        let big = dec(vec![Some(10i128.pow(37))], 38, 0);
        let r = call(Op::Mul, ColumnarValue::Array(big.clone()), ColumnarValue::Array(big), 1);
        assert!(r.unwrap_err().to_string().contains("Overflow"));
    }

    async fn table() -> SessionContext {
        let ctx = SessionContext::new();
        let n = 500;
        let schema = Arc::new(Schema::new(vec![
            Field::new("k", DataType::Int32, false),
            Field::new("price", DataType::Decimal128(15, 2), true),
            Field::new("disc", DataType::Decimal128(15, 2), false),
            Field::new("big", DataType::Decimal128(38, 0), true),
        ]));
        let k: Int32Array = (0..n).map(|i| i % 7).collect();
        let price = values(n as usize, 8, 3);
        let disc: Vec<Option<i128>> = (0..n).map(|i| Some((i % 11) as i128)).collect();
        let big: Vec<Option<i128>> = (0..n).map(|i| Some(10i128.pow(30) + i as i128)).collect();
        let batch = RecordBatch::try_new(
            schema,
            vec![Arc::new(k), dec(price, 15, 2), dec(disc, 15, 2), dec(big, 38, 0)],
        )
        .unwrap();
        ctx.register_batch("t", batch).unwrap();
        ctx
    }

    async fn rows(ctx: &SessionContext, sql: &str, rewritten: bool) -> (Vec<String>, String) {
        let df = ctx.sql(sql).await.unwrap();
        let (state, plan) = df.into_parts();
        let plan = state.optimize(&plan).unwrap();
        let plan = if rewritten { rewrite(&plan).unwrap().expect("rewritten") } else { plan };
        let physical = state.query_planner().create_physical_plan(&plan, &state).await.unwrap();
        let text = datafusion::physical_plan::displayable(physical.as_ref()).indent(true).to_string();
        let batches = datafusion::physical_plan::collect(physical, state.task_ctx()).await.unwrap();
        let lines = arrow::util::pretty::pretty_format_batches(&batches).unwrap().to_string();
        (lines.lines().map(str::to_string).collect(), text)
    }

    #[tokio::test]
    async fn queries_answer_as_before() {
        let ctx = table().await;
        for sql in [
            "SELECT k, sum(price * (1 - disc)) AS s, sum(price * (1 - disc) * (1 + disc)) AS c, \
             avg(price - disc) FROM t GROUP BY k ORDER BY k",
            "SELECT k, price * disc, price + 0.125, disc - price FROM t WHERE k > 2 ORDER BY k, price NULLS FIRST",
            "SELECT sum(big + big), min(big * 2) FROM t",
        ] {
            let (before, plain) = rows(&ctx, sql, false).await;
            let (after, text) = rows(&ctx, sql, true).await;
            assert_eq!(before, after, "{sql}");
            assert!(!plain.contains("decimal_"), "{plain}");
            assert!(text.contains("decimal_"), "{text}");
        }
    }

    #[test]
    fn other_arithmetic_is_left_alone() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let ctx = table().await;
            let plan = ctx.sql("SELECT k * 2, k + 1 FROM t WHERE price * disc > 1").await.unwrap().into_optimized_plan().unwrap();
            assert!(rewrite(&plan).unwrap().is_none());
            // nothing to rewrite: the plan is only read
            let plan = ctx.sql("SELECT k, price FROM t WHERE k = 3").await.unwrap().into_optimized_plan().unwrap();
            assert!(!has_arithmetic(&plan).unwrap() && rewrite(&plan).unwrap().is_none());
            let plan = ctx.sql("SELECT k FROM t WHERE price > (SELECT max(price * disc) FROM t)").await.unwrap()
                .into_optimized_plan().unwrap();
            assert!(has_arithmetic(&plan).unwrap(), "found in a subquery");
        });
    }
}
