//! `avg` of a DECIMAL rounds to the result's scale, half away from zero, as
//! PostgreSQL and DuckDB do. DataFusion's `avg` divides the sum by the count in
//! integer arithmetic at the result's scale and so truncates
//! (`avg(l_discount)` of TPC-H Q1 gave 0.049996 where the mean is 0.04999660...).
//!
//! The replacement keeps DataFusion's accumulators, signature, result type and
//! intermediate state (so partial and final aggregates, spilling and the
//! distributed executors' plans are unchanged) and only asks them for one more
//! digit of scale than the result has; the result is that value rounded by one
//! digit. Rounding a value truncated one digit further gives the same answer
//! as rounding the exact mean, because the rounding threshold (5 in that
//! digit) is itself representable at the wider scale. When the result type has
//! no room for one more digit (precision already at its type's maximum), the
//! average is DataFusion's as before.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray};
use arrow::compute::cast;
use arrow::datatypes::{
    DataType, Field, FieldRef, DECIMAL128_MAX_PRECISION, DECIMAL256_MAX_PRECISION, DECIMAL32_MAX_PRECISION,
    DECIMAL64_MAX_PRECISION,
};
use datafusion::common::{Result, ScalarValue};
use datafusion::functions_aggregate::average::Avg;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Documentation, EmitTo, GroupsAccumulator, ReversedUDAF, Signature,
};
use datafusion::prelude::SessionContext;

/// Replaces `avg` (and its alias `mean`) of `ctx` with the rounding one.
pub fn install(ctx: &SessionContext) {
    ctx.register_udaf(rounding_avg());
}

/// The rounding `avg`, for registries other than a session's (the executors').
pub fn rounding_avg() -> AggregateUDF {
    AggregateUDF::new_from_impl(RoundingAvg { inner: Avg::new() })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct RoundingAvg {
    inner: Avg,
}

/// The result type with one more digit of scale, when its type has room.
fn wider(result: &DataType) -> Option<DataType> {
    let widen = |p: u8, s: i8, max: u8| (p < max && (s as i32) < max as i32).then_some((p + 1, s + 1));
    match result {
        DataType::Decimal32(p, s) => widen(*p, *s, DECIMAL32_MAX_PRECISION).map(|(p, s)| DataType::Decimal32(p, s)),
        DataType::Decimal64(p, s) => widen(*p, *s, DECIMAL64_MAX_PRECISION).map(|(p, s)| DataType::Decimal64(p, s)),
        DataType::Decimal128(p, s) => {
            widen(*p, *s, DECIMAL128_MAX_PRECISION).map(|(p, s)| DataType::Decimal128(p, s))
        }
        DataType::Decimal256(p, s) => {
            widen(*p, *s, DECIMAL256_MAX_PRECISION).map(|(p, s)| DataType::Decimal256(p, s))
        }
        _ => None,
    }
}

/// Rounds `array` (of the wider type) to `result`: arrow's decimal cast to a
/// smaller scale rounds half away from zero.
fn round_to(array: &ArrayRef, result: &DataType) -> Result<ArrayRef> {
    Ok(cast(array, result)?)
}

impl AggregateUDFImpl for RoundingAvg {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.return_type(arg_types)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        self.inner.state_fields(args)
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let result = args.return_field.data_type().clone();
        match wider(&result) {
            Some(wide) => {
                let field: FieldRef = Arc::new(Field::new(args.return_field.name(), wide, true));
                let inner = self.inner.accumulator(AccumulatorArgs { return_field: field, ..args })?;
                Ok(Box::new(Rounding { inner, result }))
            }
            None => self.inner.accumulator(args),
        }
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        self.inner.groups_accumulator_supported(args)
    }

    fn create_groups_accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn GroupsAccumulator>> {
        let result = args.return_field.data_type().clone();
        match wider(&result) {
            Some(wide) => {
                let field: FieldRef = Arc::new(Field::new(args.return_field.name(), wide, true));
                let inner = self.inner.create_groups_accumulator(AccumulatorArgs { return_field: field, ..args })?;
                Ok(Box::new(RoundingGroups { inner, result }))
            }
            None => self.inner.create_groups_accumulator(args),
        }
    }

    fn reverse_expr(&self) -> ReversedUDAF {
        ReversedUDAF::Identical
    }

    fn documentation(&self) -> Option<&Documentation> {
        self.inner.documentation()
    }
}

/// One group's average, rounded when evaluated.
#[derive(Debug)]
struct Rounding {
    inner: Box<dyn Accumulator>,
    result: DataType,
}

impl Accumulator for Rounding {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.inner.update_batch(values)
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let wide = self.inner.evaluate()?;
        if wide.is_null() {
            return ScalarValue::try_from(&self.result);
        }
        ScalarValue::try_from_array(&round_to(&wide.to_array()?, &self.result)?, 0)
    }

    fn size(&self) -> usize {
        self.inner.size()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.inner.state()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.inner.merge_batch(states)
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.inner.retract_batch(values)
    }

    fn supports_retract_batch(&self) -> bool {
        self.inner.supports_retract_batch()
    }
}

/// Many groups' averages, rounded when emitted.
struct RoundingGroups {
    inner: Box<dyn GroupsAccumulator>,
    result: DataType,
}

impl GroupsAccumulator for RoundingGroups {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.inner.update_batch(values, group_indices, opt_filter, total_num_groups)
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        round_to(&self.inner.evaluate(emit_to)?, &self.result)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        self.inner.state(emit_to)
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.inner.merge_batch(values, group_indices, total_num_groups)
    }

    fn convert_to_state(&self, values: &[ArrayRef], opt_filter: Option<&BooleanArray>) -> Result<Vec<ArrayRef>> {
        self.inner.convert_to_state(values, opt_filter)
    }

    fn size(&self) -> usize {
        self.inner.size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, AsArray, Decimal128Array};
    use arrow::datatypes::Decimal128Type;

    async fn averages(sql: &str) -> Vec<String> {
        let ctx = SessionContext::new();
        install(&ctx);
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let mut out = Vec::new();
        for batch in batches {
            let column = batch.column(0);
            let values: &Decimal128Array = column.as_primitive::<Decimal128Type>();
            for i in 0..values.len() {
                out.push(if values.is_null(i) { "NULL".into() } else { values.value_as_string(i) });
            }
        }
        out
    }

    #[tokio::test]
    async fn decimal_average_rounds_half_away_from_zero() {
        // 2/3 = 0.6666666... rounds up at 4+2 digits; -2/3 rounds away from zero.
        let sql = "SELECT avg(CAST(v AS DECIMAL(10,2))) FROM (VALUES (0), (1), (1)) t(v)";
        assert_eq!(averages(sql).await, vec!["0.666667"]);
        let sql = "SELECT avg(CAST(v AS DECIMAL(10,2))) FROM (VALUES (0), (-1), (-1)) t(v)";
        assert_eq!(averages(sql).await, vec!["-0.666667"]);
        // 0.01 / 32 = 0.0003125 exactly: half in the first dropped digit
        let sql = "SELECT avg(CASE WHEN value = 1 THEN CAST(0.01 AS DECIMAL(10,2)) ELSE CAST(0 AS DECIMAL(10,2)) END) \
                   FROM generate_series(1, 32)";
        assert_eq!(averages(sql).await, vec!["0.000313"]);
        let sql = "SELECT avg(CASE WHEN value = 1 THEN CAST(-0.01 AS DECIMAL(10,2)) ELSE CAST(0 AS DECIMAL(10,2)) END) \
                   FROM generate_series(1, 32)";
        assert_eq!(averages(sql).await, vec!["-0.000313"]);
    }

    #[tokio::test]
    async fn grouped_and_empty_averages_round_too() {
        let sql = "SELECT avg(CAST(v AS DECIMAL(10,2))) FROM (VALUES (1, 0), (1, 1), (1, 1), \
                   (2, 0), (2, 0), (2, 1), (3, NULL)) t(k, v) GROUP BY k ORDER BY k";
        assert_eq!(averages(sql).await, vec!["0.666667", "0.333333", "NULL"]);
        // DISTINCT: 0, 0.5 and 1.5 (once) average 2/3
        let sql = "SELECT avg(DISTINCT CAST(v AS DECIMAL(10,2))) FROM (VALUES (0), (0.5), (1.5), (1.5), (0)) t(v)";
        assert_eq!(averages(sql).await, vec!["0.666667"]);
        let sql = "SELECT avg(CAST(v AS DECIMAL(10,2))) FROM (VALUES (1)) t(v) WHERE v < 0";
        assert_eq!(averages(sql).await, vec!["NULL"]);
    }

    #[test]
    fn no_room_for_a_digit_keeps_the_result_type() {
        assert_eq!(wider(&DataType::Decimal128(38, 4)), None);
        assert_eq!(wider(&DataType::Decimal128(19, 6)), Some(DataType::Decimal128(20, 7)));
        assert_eq!(wider(&DataType::Float64), None);
    }
}
