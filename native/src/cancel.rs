//! Cancellation that reaches the operators.
//!
//! A [`CancelToken`] is fired by `cancel()` or a timeout from any thread. Waking the
//! consumer is not enough: operators that loop over their input (aggregations,
//! joins, sorts) and tasks that run ahead of the consumer keep a core busy until
//! they next yield. So every leaf of a physical plan is wrapped in [`CancelExec`],
//! whose stream checks the token before each batch: once it fires, every scan
//! answers with the cancel error, and the operators above it stop at the next
//! batch they pull.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::error::DataFusionError;
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::Stream;
use tokio::sync::Notify;

use crate::error::FfqError;

/// A cancellation flag that async code can wait on. Cloning shares the flag.
#[derive(Clone, Default, Debug)]
pub struct CancelToken(Arc<CancelInner>);

#[derive(Default, Debug)]
struct CancelInner {
    flag: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    /// Completes once `cancel` has been called (immediately if it already was).
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            // Register before checking the flag so a concurrent cancel is not missed.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Runs `fut` unless the token fires first (then `fut` is dropped, which
    /// aborts the tasks it spawned).
    pub async fn run<T, F>(&self, fut: F) -> crate::error::Result<T>
    where
        F: Future<Output = crate::error::Result<T>>,
    {
        tokio::select! {
            biased;
            _ = self.cancelled() => Err(FfqError::cancelled()),
            r = fut => r,
        }
    }

    fn error(&self) -> DataFusionError {
        DataFusionError::External(Box::new(FfqError::cancelled()))
    }
}

/// Wraps every leaf of `plan` so that its batches stop once `token` fires.
pub fn cancellable(plan: Arc<dyn ExecutionPlan>, token: &CancelToken) -> crate::error::Result<Arc<dyn ExecutionPlan>> {
    let wrapped = plan.transform_up(|node| {
        if node.children().is_empty() {
            let leaf: Arc<dyn ExecutionPlan> = Arc::new(CancelExec::new(node, token.clone()));
            Ok(Transformed::yes(leaf))
        } else {
            Ok(Transformed::no(node))
        }
    })?;
    // a job on a cluster is cancelled there too, the moment the token fires
    crate::remote::cancel_jobs_with(&wrapped.data, token);
    Ok(wrapped.data)
}

/// Wraps the output of every operator of `plan` below its root, not only the scans, so
/// that work stops at the next batch anywhere once `token` fires, also inside an operator
/// that emits many batches per input batch (a join). For the tasks of a cluster's
/// executor, whose streams run in tasks of their own that stopping the task leaves running.
pub fn cancellable_throughout(
    plan: Arc<dyn ExecutionPlan>,
    token: &CancelToken,
) -> crate::error::Result<Arc<dyn ExecutionPlan>> {
    let wrapped = plan.transform_up(|node| {
        if node.children().is_empty() {
            return Ok(Transformed::no(node));
        }
        let children = node
            .children()
            .into_iter()
            .map(|c| Arc::new(CancelExec::new(c.clone(), token.clone())) as Arc<dyn ExecutionPlan>)
            .collect();
        Ok(Transformed::yes(datafusion::physical_plan::execution_plan::replace_children_if_necessary(node, children)?))
    })?;
    Ok(wrapped.data)
}

/// A plan node that passes its input through and ends it with the cancel error once
/// the token fires.
pub struct CancelExec {
    input: Arc<dyn ExecutionPlan>,
    token: CancelToken,
}

impl CancelExec {
    fn new(input: Arc<dyn ExecutionPlan>, token: CancelToken) -> Self {
        CancelExec { input, token }
    }
}

impl fmt::Debug for CancelExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CancelExec")
    }
}

impl DisplayAs for CancelExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CancelExec")
    }
}

impl ExecutionPlan for CancelExec {
    fn name(&self) -> &str {
        "CancelExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> datafusion::error::Result<TreeNodeRecursion>,
    ) -> datafusion::error::Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> datafusion::error::Result<Arc<dyn ExecutionPlan>> {
        if children.len() != 1 {
            return Err(DataFusionError::Internal(format!("CancelExec takes one child, got {}", children.len())));
        }
        Ok(Arc::new(CancelExec::new(children.swap_remove(0), self.token.clone())))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> datafusion::error::Result<SendableRecordBatchStream> {
        if self.token.is_cancelled() {
            return Err(self.token.error());
        }
        let input = self.input.execute(partition, context)?;
        Ok(Box::pin(CancelStream { schema: input.schema(), input: Some(input), token: self.token.clone() }))
    }
}

struct CancelStream {
    schema: arrow::datatypes::SchemaRef,
    input: Option<SendableRecordBatchStream>,
    token: CancelToken,
}

impl Stream for CancelStream {
    type Item = datafusion::error::Result<arrow::record_batch::RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.token.is_cancelled() {
            // Drop the scan now: its files and buffers go with it.
            return match self.input.take() {
                Some(_) => Poll::Ready(Some(Err(self.token.error()))),
                None => Poll::Ready(None),
            };
        }
        match self.input.as_mut() {
            Some(input) => input.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl RecordBatchStream for CancelStream {
    fn schema(&self) -> arrow::datatypes::SchemaRef {
        self.schema.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::block_on;
    use std::time::{Duration, Instant};

    #[test]
    fn cancel_wakes_a_waiter() {
        let token = CancelToken::new();
        let t2 = token.clone();
        let start = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            t2.cancel();
        });
        let r: crate::error::Result<()> =
            block_on(token.run(async { futures::future::pending::<crate::error::Result<()>>().await }));
        assert_eq!(r.unwrap_err().sqlstate, "57014");
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
