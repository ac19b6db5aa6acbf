//! Streaming results: a `RecordBatchReader` over a running DataFusion
//! stream, exported through the Arrow C Stream Interface.
//!
//! Batches are produced as the engine makes them; nothing is materialised.
//! Every call that can reach engine code runs under `catch_unwind`, so the
//! C stream callbacks never unwind into a foreign frame.

use std::sync::atomic::{AtomicI64, Ordering};

use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use datafusion::execution::SendableRecordBatchStream;
use futures::StreamExt;

use crate::error::{catch_panic, clear_last_error, set_last_error, FfqError};
use crate::runtime::{block_on, CancelToken};

static LIVE_STREAMS: AtomicI64 = AtomicI64::new(0);

/// Result streams created and not yet released, process-wide. Tests use it
/// to prove that every stream's release callback ran.
pub fn live_streams() -> i64 {
    LIVE_STREAMS.load(Ordering::SeqCst)
}

pub struct BatchReader {
    schema: SchemaRef,
    stream: Option<SendableRecordBatchStream>,
    cancel: CancelToken,
}

impl BatchReader {
    pub fn new(stream: SendableRecordBatchStream, cancel: CancelToken) -> Self {
        LIVE_STREAMS.fetch_add(1, Ordering::SeqCst);
        BatchReader { schema: stream.schema(), stream: Some(stream), cancel }
    }

    /// The next batch, an error, or `None` at the end. After an error or a
    /// cancel the underlying stream is dropped, which stops the engine's work.
    pub fn next_batch(&mut self) -> Option<Result<RecordBatch, FfqError>> {
        let stream = self.stream.as_mut()?;
        let cancel = self.cancel.clone();
        let outcome = catch_panic(|| {
            Ok(block_on(async {
                tokio::select! {
                    biased;
                    _ = cancel.cancelled() => Some(Err(FfqError::cancelled())),
                    item = stream.next() => item.map(|r| r.map_err(FfqError::from)),
                }
            }))
        });
        let item = match outcome {
            Ok(item) => item,
            Err(panic) => Some(Err(panic)),
        };
        match &item {
            Some(Ok(_)) => {}
            _ => self.finish(),
        }
        item
    }

    fn finish(&mut self) {
        if let Some(stream) = self.stream.take() {
            // Dropping the stream aborts its tasks; a panic there must not escape.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(stream)));
        }
    }
}

impl Iterator for BatchReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        clear_last_error();
        self.next_batch().map(|r| {
            r.map_err(|e| {
                set_last_error(&e);
                ArrowError::ExternalError(Box::new(e))
            })
        })
    }
}

impl RecordBatchReader for BatchReader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

impl Drop for BatchReader {
    fn drop(&mut self) {
        self.finish();
        LIVE_STREAMS.fetch_sub(1, Ordering::SeqCst);
    }
}
