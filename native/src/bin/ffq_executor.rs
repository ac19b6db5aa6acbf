//! ffq-executor: an Apache DataFusion Ballista executor, as `./ffq-cluster` starts it.
//!
//! Ballista's own executor (the `ballista-executor` crate): it registers with the
//! scheduler, runs the tasks the scheduler pushes to it, and serves the partitions it
//! wrote to the other executors and to clients over Arrow Flight. It sends a heartbeat
//! every two seconds, so a scheduler started by `ffq-scheduler` notices a lost
//! executor within its `--executor-timeout`.

#[path = "cluster/common.rs"]
mod common;

use std::fmt;
use std::sync::Arc;

use ballista_core::serde::protobuf::{ShuffleWritePartition, TaskColumnStats};
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::JobId;
use ballista_executor::execution_engine::{DefaultExecutionEngine, ExecutionEngine, QueryStageExecutor};
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use datafusion::error::DataFusionError;
use datafusion::execution::TaskContext;
use datafusion::physical_plan::metrics::MetricsSet;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::SessionConfig;
use ffq_native::cancel::{cancellable_throughout, CancelToken};

const USAGE: &str = "usage: ffq-executor [--scheduler HOST:PORT] [--bind HOST:PORT] [--grpc-port PORT]
                    [--external-host HOST] [--work-dir DIR] [--concurrent-tasks N]
  --scheduler         the scheduler (default 127.0.0.1:50050)
  --bind              where the executor serves its results over Arrow Flight (default 127.0.0.1:50051)
  --grpc-port         where the scheduler reaches the executor (default: the Flight port + 1)
  --external-host     the host name the scheduler and clients are told (default: the bind host)
  --work-dir          where shuffle files go (default: a fresh temporary folder)
  --concurrent-tasks  tasks run at once (default: the number of cores)
  logs go to standard error; FFQ_LOG=debug for more";

fn main() {
    let args = common::Args::parse(
        "ffq-executor",
        &["--scheduler", "--bind", "--grpc-port", "--external-host", "--work-dir", "--concurrent-tasks"],
        USAGE,
    );
    common::init_log();
    let (scheduler_host, scheduler_port) = args.host_port("--scheduler", "127.0.0.1:50050");
    let (host, port) = args.host_port("--bind", "127.0.0.1:50051");
    let grpc_port: u16 = args.number("--grpc-port", port.checked_add(1).unwrap_or(50052));
    let mut config = ExecutorProcessConfig::default();
    config.bind_host = host.clone();
    config.external_host = Some(args.text("--external-host", &host));
    config.port = port;
    config.grpc_port = grpc_port;
    config.scheduler_host = scheduler_host;
    config.scheduler_port = scheduler_port;
    config.scheduler_connect_timeout_seconds = 30;
    config.executor_heartbeat_interval_seconds = 2;
    config.print_thread_info = false;
    config.override_execution_engine = Some(Arc::new(StoppableEngine { inner: DefaultExecutionEngine::new() }));
    // the same `avg` as the driver's engine (DECIMAL averages round)
    let mut functions = BallistaFunctionRegistry::default();
    let avg = Arc::new(ffq_native::aggregates::rounding_avg());
    for name in std::iter::once(avg.name()).chain(avg.aliases().iter().map(String::as_str)) {
        functions.aggregate_functions.insert(name.to_string(), avg.clone());
    }
    config.override_function_registry = Some(Arc::new(functions));
    if let Some(dir) = Some(args.text("--work-dir", "")).filter(|d| !d.is_empty()) {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            common::fail("ffq-executor", &format!("--work-dir {dir}: {e}"));
        }
        config.work_dir = Some(dir);
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    config.vcores = args.number("--concurrent-tasks", cores).max(1);
    let result = common::runtime().block_on(start_executor_process(Arc::new(config)));
    if let Err(e) = result {
        common::fail("ffq-executor", &format!("stopped: {e}"));
    }
}

/// Ballista's execution of a task, made to stop when the task is cancelled. Ballista runs
/// each output partition of a task in a Tokio task of its own and, on cancel, only drops
/// the future that waits for them, so a cancelled job kept the executor's cores busy
/// until its tasks ran to their end. Here every operator's output watches a token that
/// fires when that future is dropped: the partitions stop at their next batch.
struct StoppableEngine {
    inner: DefaultExecutionEngine,
}

impl ExecutionEngine for StoppableEngine {
    fn create_query_stage_exec(
        &self,
        job_id: JobId,
        stage_id: usize,
        task_id: usize,
        global_output_partition_ids: Vec<usize>,
        plan: Arc<dyn ExecutionPlan>,
        work_dir: &str,
        config: &SessionConfig,
    ) -> datafusion::error::Result<Arc<dyn QueryStageExecutor>> {
        let token = CancelToken::new();
        let plan = cancellable_throughout(plan, &token).map_err(|e| DataFusionError::External(Box::new(e)))?;
        let inner = self.inner.create_query_stage_exec(
            job_id,
            stage_id,
            task_id,
            global_output_partition_ids,
            plan,
            work_dir,
            config,
        )?;
        Ok(Arc::new(Stoppable { inner, token }))
    }
}

struct Stoppable {
    inner: Arc<dyn QueryStageExecutor>,
    token: CancelToken,
}

impl fmt::Debug for Stoppable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for Stoppable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

/// Fires its token when dropped before `disarm`.
struct StopOnDrop(Option<CancelToken>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            t.cancel();
        }
    }
}

#[async_trait::async_trait]
impl QueryStageExecutor for Stoppable {
    async fn execute_query_stage(
        &self,
        task_id: usize,
        context: Arc<TaskContext>,
    ) -> datafusion::error::Result<Vec<ShuffleWritePartition>> {
        let mut guard = StopOnDrop(Some(self.token.clone()));
        let result = self.inner.execute_query_stage(task_id, context).await;
        guard.0 = None;
        result
    }

    fn collect_plan_metrics(&self) -> Vec<MetricsSet> {
        self.inner.collect_plan_metrics()
    }

    fn collect_runtime_stats_reports(&self) -> Vec<ballista_core::serde::protobuf::RuntimeStatsReport> {
        self.inner.collect_runtime_stats_reports()
    }

    fn collect_window_state_reports(
        &self,
    ) -> datafusion::error::Result<Vec<ballista_core::serde::protobuf::WindowStateReport>> {
        self.inner.collect_window_state_reports()
    }

    fn collect_column_stats(&self) -> Vec<TaskColumnStats> {
        self.inner.collect_column_stats()
    }
}
