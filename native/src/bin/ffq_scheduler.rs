//! ffq-scheduler: an Apache DataFusion Ballista scheduler, as `./ffq-cluster` starts it.
//!
//! Ballista's own scheduler (the `ballista-scheduler` crate) with settings for a cluster
//! whose failures should be noticed in seconds: an executor that stops sending
//! heartbeats for `--executor-timeout` seconds is dropped and its tasks run elsewhere,
//! and a job waits at most that long for an executor to appear.

#[path = "cluster/common.rs"]
mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;

const USAGE: &str = "usage: ffq-scheduler [--bind HOST:PORT] [--external-host HOST] [--executor-timeout SECONDS]
  --bind              where clients and executors connect (default 127.0.0.1:50050)
  --external-host     the host name executors and clients are told (default: the bind host)
  --executor-timeout  seconds without a heartbeat before an executor counts as lost (default 10)
  logs go to standard error; FFQ_LOG=debug for more";

fn main() {
    let args = common::Args::parse("ffq-scheduler", &["--bind", "--external-host", "--executor-timeout"], USAGE);
    common::init_log();
    let (host, port) = args.host_port("--bind", "127.0.0.1:50050");
    let timeout: u64 = args.number("--executor-timeout", 10);
    let addr: SocketAddr = format!("{host}:{port}")
        .parse()
        .unwrap_or_else(|e| common::fail("ffq-scheduler", &format!("--bind {host}:{port}: {e} (give an IP address)")));
    let mut config = SchedulerConfig::default();
    config.bind_host = host.clone();
    config.bind_port = port;
    config.external_host = args.text("--external-host", &host);
    config.executor_timeout_seconds = timeout.max(2);
    config.expire_dead_executor_interval_seconds = 1;
    config.no_executors_grace_period_seconds = timeout.max(2);
    config.finished_job_data_clean_up_interval_seconds = 60;
    config.finished_job_state_clean_up_interval_seconds = 600;
    let result = common::runtime().block_on(async move {
        let cluster = BallistaCluster::new_from_config(&config).await?;
        start_server(cluster, addr, Arc::new(config)).await
    });
    if let Err(e) = result {
        common::fail("ffq-scheduler", &format!("stopped: {e}"));
    }
}
