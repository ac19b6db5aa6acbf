//! Distributed execution: an engine with a `coordinator_endpoint` is a client of an
//! Apache DataFusion Ballista scheduler.
//!
//! The engine keeps its own catalog, parses and plans as always; only the physical
//! planning of a query that reads tables goes to Ballista's query planner, which sends
//! the logical plan to the scheduler and streams the job's results back. What the
//! cluster cannot run is refused before it is sent, naming the statement: writes
//! (INSERT, UPDATE, DELETE, COPY, CREATE TABLE [AS]) and queries over in-memory
//! tables, whose rows live in this process only. Queries that read no table, or only
//! `information_schema`, run here (DatabaseMetaData, `SELECT 1`, `isValid`).
//!
//! A job that is cancelled, timed out or closed before its results arrive is cancelled
//! on the scheduler, so the executors stop working on it (results are fetched only once
//! the job has succeeded). Losing the scheduler during a query is a connection error
//! (08006) naming the endpoint.

use std::fmt;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use async_trait::async_trait;
use ballista_core::execution_plans::DistributedQueryExec;
use ballista_core::extension::SessionStateExt;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use ballista_core::serde::protobuf::CancelJobParams;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::datasource::{source_as_provider, MemTable};
use datafusion::error::DataFusionError;
use datafusion::execution::context::QueryPlanner;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, SessionState, TaskContext};
use datafusion::logical_expr::{DdlStatement, LogicalPlan, WriteOp};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use datafusion::physical_planner::{DefaultPhysicalPlanner, PhysicalPlanner};
use datafusion_proto::protobuf::LogicalPlanNode;
use futures::Stream;

use crate::cancel::CancelToken;
use crate::error::{FfqError, FfqStatusCode, Result};

/// How long connecting to the scheduler may take when an engine is created.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long cancelling a job on the scheduler may take (in the background).
const CANCEL_TIMEOUT: Duration = Duration::from_secs(5);

/// A scheduler's address as given (`host:port`) and resolved.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
}

impl Endpoint {
    /// `host:port` (also `[v6]:port`); the port is required.
    pub fn parse(text: &str) -> Result<Endpoint> {
        let t = text.trim();
        let t = t.strip_prefix("df://").or_else(|| t.strip_prefix("http://")).unwrap_or(t);
        let bad = || {
            FfqError::invalid_config(format!(
                "invalid value '{text}' for config key 'coordinator_endpoint': expected host:port \
                 of a Ballista scheduler, e.g. localhost:50050"
            ))
        };
        let (host, port) = t.rsplit_once(':').ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port.parse().map_err(|_| bad())?;
        if host.is_empty() || port == 0 || host.contains('/') || host.contains(char::is_whitespace) {
            return Err(bad());
        }
        Ok(Endpoint { host: host.to_string(), port })
    }

    pub fn url(&self) -> String {
        if self.host.contains(':') {
            format!("http://[{}]:{}", self.host, self.port)
        } else {
            format!("http://{}:{}", self.host, self.port)
        }
    }

    /// Fails with 08001 naming the endpoint unless something accepts connections there.
    pub fn check_reachable(&self) -> Result<()> {
        let unreachable = |why: String| {
            FfqError::new(
                FfqStatusCode::Io,
                "08001",
                format!(
                    "cannot reach the Ballista scheduler at {}:{}: {why} (is the cluster running? \
                     ./ffq-cluster status)",
                    self.host, self.port
                ),
            )
        };
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| unreachable(format!("cannot resolve the host: {e}")))?
            .collect();
        let mut last = String::from("no address");
        for a in addrs {
            match TcpStream::connect_timeout(&a, CONNECT_TIMEOUT) {
                Ok(_) => return Ok(()),
                Err(e) => last = e.to_string(),
            }
        }
        Err(unreachable(last))
    }
}

/// `state` turned into a client of the scheduler at `endpoint`.
pub fn client_state(state: SessionState, endpoint: &Endpoint) -> Result<SessionState> {
    let url = endpoint.url();
    let mut state = state.upgrade_for_ballista(url.clone())?;
    // The client polls the job's status (rather than waiting for the scheduler to push
    // it), so it knows the job id from the moment the job is accepted: cancel needs it.
    state.config_mut().options_mut().set("ballista.client.pull", "true")?;
    let planner = RemotePlanner {
        cluster: state.query_planner().clone(),
        local: DefaultPhysicalPlanner::default(),
        endpoint: endpoint.clone(),
    };
    Ok(SessionStateBuilder::new_from_existing(state).with_query_planner(Arc::new(planner)).build())
}

/// Refuses a statement the cluster cannot run, naming it.
pub fn check_statement(plan: &LogicalPlan, endpoint: &str) -> Result<()> {
    let what = match plan {
        LogicalPlan::Dml(d) => Some(match d.op {
            WriteOp::Insert(_) => "INSERT",
            WriteOp::Delete => "DELETE",
            WriteOp::Update => "UPDATE",
            WriteOp::Ctas => "CREATE TABLE AS",
            WriteOp::Truncate => "TRUNCATE",
            WriteOp::MergeInto(_) => "MERGE",
            _ => "a write",
        }),
        LogicalPlan::Copy(_) => Some("COPY"),
        LogicalPlan::Ddl(DdlStatement::CreateMemoryTable(_)) => Some("CREATE TABLE (an in-memory table)"),
        _ => None,
    };
    if let Some(what) = what {
        return Err(refused(format!(
            "{what} is not supported on a distributed engine (coordinator_endpoint {endpoint}): \
             the cluster's executors read files and write nothing back; run it on an embedded \
             engine, or define tables over files (CREATE EXTERNAL TABLE, a catalog)"
        )));
    }
    if let Some(table) = in_memory_table(plan) {
        return Err(refused(format!(
            "table '{table}' is an in-memory table, which a distributed engine (coordinator_endpoint \
             {endpoint}) cannot read: its rows live in this process, not on the cluster's executors; \
             define it over files (CREATE EXTERNAL TABLE, a catalog) to query it on the cluster"
        )));
    }
    Ok(())
}

fn refused(message: String) -> FfqError {
    FfqError::new(FfqStatusCode::Unsupported, "0A000", message)
}

/// The first in-memory table `plan` reads (subqueries included), if any.
fn in_memory_table(plan: &LogicalPlan) -> Option<String> {
    let mut found = None;
    let _ = plan.apply_with_subqueries(|p| {
        if let LogicalPlan::TableScan(scan) = p {
            if let Ok(provider) = source_as_provider(&scan.source) {
                if provider.is::<MemTable>() {
                    found = Some(scan.table_name.to_string());
                    return Ok(TreeNodeRecursion::Stop);
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

/// Whether `plan` reads a table outside `information_schema` (then it runs on the cluster).
fn reads_tables(plan: &LogicalPlan) -> bool {
    let mut found = false;
    let _ = plan.apply_with_subqueries(|p| {
        if let LogicalPlan::TableScan(scan) = p {
            if scan.table_name.schema() != Some("information_schema") {
                found = true;
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

/// Plans queries that read tables on the cluster, everything else here.
struct RemotePlanner {
    cluster: Arc<dyn QueryPlanner + Send + Sync>,
    local: DefaultPhysicalPlanner,
    endpoint: Endpoint,
}

impl fmt::Debug for RemotePlanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RemotePlanner({}:{})", self.endpoint.host, self.endpoint.port)
    }
}

#[async_trait]
impl QueryPlanner for RemotePlanner {
    async fn create_physical_plan(
        &self,
        plan: &LogicalPlan,
        state: &dyn datafusion::catalog::Session,
    ) -> datafusion::error::Result<Arc<dyn ExecutionPlan>> {
        if !reads_tables(plan) {
            return self.local.create_physical_plan(plan, state).await;
        }
        let name = format!("{}:{}", self.endpoint.host, self.endpoint.port);
        check_statement(plan, &name).map_err(|e| DataFusionError::External(Box::new(e)))?;
        let job = self.cluster.create_physical_plan(plan, state).await?;
        if job.is::<DistributedQueryExec<LogicalPlanNode>>() {
            Ok(Arc::new(RemoteJobExec {
                job,
                endpoint: self.endpoint.clone(),
                token: Mutex::new(None),
            }))
        } else {
            Ok(job)
        }
    }
}

/// A query sent to the cluster, as a leaf of the plan: runs Ballista's plan node (which
/// submits the job and fetches its results), names the scheduler in connection errors,
/// and cancels the job when the statement's token fires or when the results are dropped
/// before any arrived.
struct RemoteJobExec {
    /// Ballista's plan node for the job (it knows the job id once submitted).
    job: Arc<dyn ExecutionPlan>,
    endpoint: Endpoint,
    /// The statement's cancel token (see [`cancel_jobs_with`]).
    token: Mutex<Option<CancelToken>>,
}

/// Makes every job `plan` submits to a cluster cancel there when `token` fires.
pub fn cancel_jobs_with(plan: &Arc<dyn ExecutionPlan>, token: &CancelToken) {
    let _ = plan.apply(|node| {
        if let Some(r) = node.downcast_ref::<RemoteJobExec>() {
            *r.token.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        }
        Ok(TreeNodeRecursion::Continue)
    });
}

impl fmt::Debug for RemoteJobExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RemoteJobExec")
    }
}

impl DisplayAs for RemoteJobExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RemoteJobExec: scheduler={}:{}, ", self.endpoint.host, self.endpoint.port)?;
        self.job.fmt_as(_t, f)
    }
}

impl ExecutionPlan for RemoteJobExec {
    fn name(&self) -> &str {
        "RemoteJobExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.job.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> datafusion::error::Result<TreeNodeRecursion>,
    ) -> datafusion::error::Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> datafusion::error::Result<Arc<dyn ExecutionPlan>> {
        if !children.is_empty() {
            return Err(DataFusionError::Internal("RemoteJobExec takes no children".to_string()));
        }
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> datafusion::error::Result<SendableRecordBatchStream> {
        let input = self.job.execute(partition, context)?;
        let job = Arc::new(Job {
            plan: self.job.clone(),
            endpoint: self.endpoint.clone(),
            cancelled: AtomicBool::new(false),
            done: AtomicBool::new(false),
        });
        let token = self.token.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let watcher = token.map(|token| {
            let job = job.clone();
            crate::runtime::runtime().spawn(async move {
                token.cancelled().await;
                job.cancel();
            })
        });
        Ok(Box::pin(JobStream { schema: input.schema(), input, job, watcher }))
    }
}

/// A job submitted to the scheduler, which can be cancelled there once.
struct Job {
    plan: Arc<dyn ExecutionPlan>,
    endpoint: Endpoint,
    cancelled: AtomicBool,
    /// Results have arrived: the client fetches them only once the job has succeeded,
    /// so there is nothing left to cancel.
    done: AtomicBool,
}

impl Job {
    /// Cancels the job on the scheduler, in the background (waiting up to
    /// [`CANCEL_TIMEOUT`] for its id if the submission is still in flight).
    fn cancel(self: &Arc<Self>) {
        if self.done.load(Ordering::Acquire) || self.cancelled.swap(true, Ordering::AcqRel) {
            return;
        }
        let job = self.clone();
        crate::runtime::runtime().spawn(async move {
            let work = async {
                let id = loop {
                    let exec = job.plan.downcast_ref::<DistributedQueryExec<LogicalPlanNode>>()?;
                    match exec.job_id() {
                        Some(id) => break id,
                        None => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                };
                let mut client = SchedulerGrpcClient::connect(job.endpoint.url()).await.ok()?;
                client.cancel_job(CancelJobParams { job_id: id.to_string() }).await.ok()
            };
            let _ = tokio::time::timeout(CANCEL_TIMEOUT, work).await;
        });
    }
}

struct JobStream {
    schema: arrow::datatypes::SchemaRef,
    input: SendableRecordBatchStream,
    job: Arc<Job>,
    /// Cancels the job when the statement's token fires; stopped with the stream.
    watcher: Option<tokio::task::JoinHandle<()>>,
}

impl Stream for JobStream {
    type Item = datafusion::error::Result<arrow::record_batch::RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.input.as_mut().poll_next(cx) {
            Poll::Ready(None) => {
                self.job.done.store(true, Ordering::Release);
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(self.connection_error(e)))),
            Poll::Ready(Some(Ok(batch))) => {
                self.job.done.store(true, Ordering::Release);
                Poll::Ready(Some(Ok(batch)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl RecordBatchStream for JobStream {
    fn schema(&self) -> arrow::datatypes::SchemaRef {
        self.schema.clone()
    }
}

impl JobStream {
    /// A failure to talk to the scheduler or an executor becomes 08006 naming the
    /// scheduler; errors of the query itself keep their own class.
    fn connection_error(&self, e: DataFusionError) -> DataFusionError {
        if let DataFusionError::External(inner) = e.find_root() {
            if inner.is::<FfqError>() {
                return e;
            }
        }
        let text = e.to_string();
        let lost = ["transport error", "Connection refused", "Unavailable", "tcp connect error", "broken pipe", "connection reset", "h2 protocol error"]
            .iter()
            .any(|m| text.to_ascii_lowercase().contains(&m.to_ascii_lowercase()));
        if !lost {
            return e;
        }
        DataFusionError::External(Box::new(
            FfqError::new(
                FfqStatusCode::Io,
                "08006",
                format!(
                    "lost the connection to the Ballista cluster (scheduler {}:{}) during the query: {}",
                    self.job.endpoint.host,
                    self.job.endpoint.port,
                    first_line(&text)
                ),
            ),
        ))
    }
}

fn first_line(s: &str) -> &str {
    let s = s.lines().next().unwrap_or(s);
    if s.len() > 400 {
        let mut end = 400;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        &s[..end]
    } else {
        s
    }
}

impl Drop for JobStream {
    fn drop(&mut self) {
        if let Some(w) = self.watcher.take() {
            w.abort();
        }
        // dropped before any result (close, cancel, timeout): the job may still run
        self.job.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_parse_or_fail_clearly() {
        let e = Endpoint::parse("localhost:50050").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("localhost", 50050));
        assert_eq!(e.url(), "http://localhost:50050");
        assert_eq!(Endpoint::parse("df://h:1").unwrap().url(), "http://h:1");
        assert_eq!(Endpoint::parse("[::1]:7").unwrap().url(), "http://[::1]:7");
        for bad in ["", "host", "host:", ":1", "host:0", "host:99999", "a b:1", "h/x:1"] {
            let err = Endpoint::parse(bad).unwrap_err();
            assert_eq!(err.sqlstate, "22023", "{bad}");
            assert!(err.message.contains("coordinator_endpoint"), "{}", err.message);
        }
    }

    #[test]
    fn an_endpoint_nobody_listens_on_is_08001() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let err = Endpoint::parse(&format!("127.0.0.1:{port}")).unwrap().check_reachable().unwrap_err();
        assert_eq!(err.sqlstate, "08001");
        assert!(err.message.contains(&format!("127.0.0.1:{port}")), "{}", err.message);
    }
}
