//! Fault injection for tests, compiled only with the `test-hooks` feature (the
//! shipped library has none) and on only when the process environment has
//! `FFQ_ENABLE_TEST_HOOKS=1` when an engine is created. With it, SQL gets
//! `ffq_test_panic(text)`, a function that panics inside the engine, so the
//! tests can prove a panic becomes INTERNAL and the host process lives on.

#[cfg(feature = "test-hooks")]
use std::sync::Arc;

#[cfg(feature = "test-hooks")]
use arrow::datatypes::DataType;
#[cfg(feature = "test-hooks")]
use datafusion::logical_expr::{create_udf, ColumnarValue, Volatility};
use datafusion::prelude::SessionContext;

pub fn enabled() -> bool {
    cfg!(feature = "test-hooks") && std::env::var("FFQ_ENABLE_TEST_HOOKS").is_ok_and(|v| v == "1")
}

#[cfg(not(feature = "test-hooks"))]
pub fn register(_ctx: &SessionContext) {}

#[cfg(feature = "test-hooks")]
pub fn register(ctx: &SessionContext) {
    if !enabled() {
        return;
    }
    let udf = create_udf(
        "ffq_test_panic",
        vec![DataType::Utf8],
        DataType::Int64,
        Volatility::Volatile,
        Arc::new(|_args: &[ColumnarValue]| -> datafusion::error::Result<ColumnarValue> {
            panic!("ffq_test_panic called")
        }),
    );
    ctx.register_udf(udf);
}
