//! Scalar functions whose output size is set by an argument, not by their input
//! (`repeat('x', 2147483647)`, `lpad`, `rpad`, `range`, `generate_series`,
//! `array_repeat`, `replace`), allocate outside DataFusion's memory pool. Each is
//! replaced by a wrapper that computes, from the argument values of the batch at
//! hand, how many bytes the call would produce, and refuses the call (SQLState
//! 53200, naming the function and the size) when that is more than the engine's
//! `mem_budget_bytes`. Everything else is delegated to the original function.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, FieldRef, Int64Type, IntervalUnit, TimeUnit};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
};
use datafusion::prelude::SessionContext;

use crate::error::{FfqError, FfqStatusCode};

/// How a function's output size follows from its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Size {
    /// `repeat(text, n)`: text bytes times n.
    Repeat,
    /// `lpad(text, n [, fill])`, `rpad`: n characters (at least a byte each).
    Pad,
    /// `range(start, stop [, step])`, `generate_series`: elements of 8 bytes.
    Series,
    /// `array_repeat(element, n)`: n elements.
    ArrayRepeat,
    /// `replace(text, from, to)`: every occurrence of `from` may become `to`.
    Replace,
}

const GUARDED: &[(&str, Size)] = &[
    ("repeat", Size::Repeat),
    ("lpad", Size::Pad),
    ("rpad", Size::Pad),
    ("range", Size::Series),
    ("generate_series", Size::Series),
    ("array_repeat", Size::ArrayRepeat),
    ("replace", Size::Replace),
];

/// Replaces the size-by-argument functions of `ctx` with guarded ones.
pub fn install(ctx: &SessionContext, budget: usize) {
    for (name, size) in GUARDED {
        if let Some(inner) = ctx.state().scalar_functions().get(*name).cloned() {
            ctx.register_udf(ScalarUDF::new_from_impl(Guarded { inner, size: *size, budget }));
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Guarded {
    inner: Arc<ScalarUDF>,
    size: Size,
    budget: usize,
}

impl Guarded {
    fn check(&self, args: &ScalarFunctionArgs) -> datafusion::error::Result<()> {
        let rows = args.number_rows.max(1);
        let bytes = match estimate(self.size, &args.args, rows) {
            Some(b) => b,
            None => return Ok(()),
        };
        if bytes > self.budget as u128 {
            let e = FfqError::new(
                FfqStatusCode::Execution,
                "53200",
                format!(
                    "{}() would produce about {} for {} row(s), more than mem_budget_bytes ({}); \
                     use smaller arguments or raise mem_budget_bytes",
                    self.inner.name(),
                    human(bytes),
                    args.number_rows,
                    human(self.budget as u128)
                ),
            );
            return Err(datafusion::error::DataFusionError::External(Box::new(e)));
        }
        Ok(())
    }
}

impl ScalarUDFImpl for Guarded {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[DataType]) -> datafusion::error::Result<DataType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> datafusion::error::Result<FieldRef> {
        self.inner.return_field_from_args(args)
    }

    fn is_strict(&self) -> bool {
        self.inner.inner().is_strict()
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> datafusion::error::Result<ColumnarValue> {
        self.check(&args)?;
        self.inner.invoke_with_args(args)
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> datafusion::error::Result<Vec<DataType>> {
        self.inner.coerce_types(arg_types)
    }

    fn short_circuits(&self) -> bool {
        self.inner.short_circuits()
    }

    fn documentation(&self) -> Option<&Documentation> {
        self.inner.documentation()
    }
}

fn human(bytes: u128) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// The argument as one i64 per row (`None` per NULL), or `None` where it is not numeric.
fn ints(value: &ColumnarValue, rows: usize) -> Option<Vec<Option<i64>>> {
    let array = to_array(value, rows)?;
    let array = match array.data_type() {
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 | DataType::UInt8 | DataType::UInt16
        | DataType::UInt32 | DataType::UInt64 => arrow::compute::cast(&array, &DataType::Int64).ok()?,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => {
            let ns = arrow::compute::cast(&array, &DataType::Timestamp(TimeUnit::Nanosecond, None)).ok()?;
            arrow::compute::cast(&ns, &DataType::Int64).ok()?
        }
        _ => return None,
    };
    Some(array.as_primitive::<Int64Type>().iter().collect())
}

/// Byte length per row of a string or binary argument.
fn lengths(value: &ColumnarValue, rows: usize) -> Option<Vec<u128>> {
    let array = to_array(value, rows)?;
    let len = arrow::compute::kernels::length::length(&array).ok()?;
    let len = arrow::compute::cast(&len, &DataType::Int64).ok()?;
    Some(len.as_primitive::<Int64Type>().iter().map(|v| v.unwrap_or(0).max(0) as u128).collect())
}

/// A step per row in the unit of [`ints`] (nanoseconds for intervals; a month counts 31 days).
fn steps(value: &ColumnarValue, rows: usize) -> Option<Vec<Option<i64>>> {
    let array = to_array(value, rows)?;
    match array.data_type() {
        DataType::Interval(IntervalUnit::MonthDayNano) => Some(
            array
                .as_primitive::<arrow::datatypes::IntervalMonthDayNanoType>()
                .iter()
                .map(|v| {
                    v.map(|i| {
                        let day = 86_400_000_000_000i128;
                        (i.months as i128 * 31 * day + i.days as i128 * day + i.nanoseconds as i128)
                            .clamp(i64::MIN as i128, i64::MAX as i128) as i64
                    })
                })
                .collect(),
        ),
        _ => ints(value, rows),
    }
}

fn to_array(value: &ColumnarValue, _rows: usize) -> Option<ArrayRef> {
    match value {
        // A scalar stands for every row; one value is enough to size it.
        ColumnarValue::Scalar(s) => s.to_array_of_size(1).ok(),
        ColumnarValue::Array(a) => Some(a.clone()),
    }
}

/// Sums `per_row` over the batch, scaling a single (scalar) value by the row count.
fn total(per_row: Vec<u128>, rows: usize) -> u128 {
    if per_row.len() == 1 {
        per_row[0].saturating_mul(rows as u128)
    } else {
        per_row.iter().fold(0u128, |a, b| a.saturating_add(*b))
    }
}

/// Zips per-row values where either side may be a single scalar value.
fn at<T: Copy>(v: &[T], i: usize) -> T {
    if v.len() == 1 {
        v[0]
    } else {
        v[i]
    }
}

fn estimate(size: Size, args: &[ColumnarValue], rows: usize) -> Option<u128> {
    let n_rows = |vs: &[usize]| vs.iter().copied().max().unwrap_or(1);
    match size {
        Size::Repeat => {
            let text = lengths(args.first()?, rows)?;
            let times = ints(args.get(1)?, rows)?;
            let n = n_rows(&[text.len(), times.len()]);
            let per: Vec<u128> =
                (0..n).map(|i| at(&text, i).saturating_mul(at(&times, i).unwrap_or(0).max(0) as u128)).collect();
            Some(total(per, if n == 1 { rows } else { 1 }))
        }
        Size::Pad => {
            let width = ints(args.get(1)?, rows)?;
            let per: Vec<u128> = width.iter().map(|w| w.unwrap_or(0).max(0) as u128).collect();
            let n = per.len();
            Some(total(per, if n == 1 { rows } else { 1 }))
        }
        Size::Series => {
            let (start, stop) = match args.len() {
                1 => (vec![Some(0)], ints(&args[0], rows)?),
                _ => (ints(&args[0], rows)?, ints(&args[1], rows)?),
            };
            let step = match args.get(2) {
                Some(s) => steps(s, rows)?,
                None => vec![Some(1)],
            };
            let n = n_rows(&[start.len(), stop.len(), step.len()]);
            let per: Vec<u128> = (0..n)
                .map(|i| match (at(&start, i), at(&stop, i), at(&step, i)) {
                    (Some(a), Some(b), Some(s)) if s != 0 => {
                        let span = (b as i128 - a as i128) / s as i128;
                        (span.max(0) as u128 + 1).saturating_mul(8)
                    }
                    _ => 0,
                })
                .collect();
            Some(total(per, if n == 1 { rows } else { 1 }))
        }
        Size::ArrayRepeat => {
            let element = args.first()?;
            let each: Vec<u128> = match element.data_type() {
                t if t.is_primitive() => vec![t.primitive_width().unwrap_or(8) as u128],
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Binary
                | DataType::LargeBinary | DataType::BinaryView => {
                    lengths(element, rows)?.into_iter().map(|l| l.max(1)).collect()
                }
                _ => vec![16],
            };
            let times = ints(args.get(1)?, rows)?;
            let n = n_rows(&[each.len(), times.len()]);
            let per: Vec<u128> =
                (0..n).map(|i| at(&each, i).saturating_mul(at(&times, i).unwrap_or(0).max(0) as u128)).collect();
            Some(total(per, if n == 1 { rows } else { 1 }))
        }
        Size::Replace => {
            let text = lengths(args.first()?, rows)?;
            let from = lengths(args.get(1)?, rows)?;
            let to = lengths(args.get(2)?, rows)?;
            let n = n_rows(&[text.len(), from.len(), to.len()]);
            let per: Vec<u128> = (0..n)
                .map(|i| {
                    let t = at(&text, i);
                    let grow = at(&to, i).saturating_sub(at(&from, i));
                    t + (t / at(&from, i).max(1)).saturating_mul(grow)
                })
                .collect();
            Some(total(per, if n == 1 { rows } else { 1 }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::common::ScalarValue;

    fn s(v: ScalarValue) -> ColumnarValue {
        ColumnarValue::Scalar(v)
    }

    #[test]
    fn sizes_follow_the_arguments() {
        let repeat = estimate(
            Size::Repeat,
            &[s(ScalarValue::Utf8(Some("ab".into()))), s(ScalarValue::Int64(Some(2_147_483_647)))],
            1,
        );
        assert_eq!(repeat, Some(2 * 2_147_483_647));
        let series = estimate(Size::Series, &[s(ScalarValue::Int64(Some(1))), s(ScalarValue::Int64(Some(2_000_000_000)))], 1);
        assert_eq!(series, Some(2_000_000_000 * 8));
        let pad = estimate(Size::Pad, &[s(ScalarValue::Utf8(Some("x".into()))), s(ScalarValue::Int64(Some(10)))], 100);
        assert_eq!(pad, Some(1000));
        let col: ArrayRef = Arc::new(arrow::array::StringArray::from(vec!["abc", "de"]));
        let per_row = estimate(Size::Repeat, &[ColumnarValue::Array(col), s(ScalarValue::Int64(Some(10)))], 2);
        assert_eq!(per_row, Some(50));
    }
}
