//! Prepared statements: planned once, executed many times with `$n`
//! parameters, cancellable from any thread.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arrow::array::{Array, StructArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::ScalarValue;
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::{DdlStatement, EmptyRelation, Expr, LogicalPlan, Statement as SqlStatement};
use datafusion::common::TableReference;

use crate::cancel::{cancellable, CancelToken};
use crate::config::{MAX_BATCH_SIZE_ROWS, MAX_SHUFFLE_PARTITIONS};
use crate::engine::Shared;
use crate::error::{FfqError, FfqStatusCode, Result};
use crate::limits;
use crate::rewrite;
use crate::runtime::block_on;
use crate::stream::Execution;

/// What executing a statement produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum StatementKind {
    /// Rows (SELECT, EXPLAIN, SHOW, DESCRIBE, EXECUTE).
    Query = 0,
    /// A row count (INSERT, COPY TO).
    Update = 1,
    /// Nothing (CREATE, DROP, SET and other statements).
    Ddl = 2,
}

/// Per-execution settings.
#[derive(Clone, Debug, Default)]
pub struct ExecOptions {
    /// Rows per batch; `None` keeps the engine's `batch_size_rows`. A hint: values
    /// past the engine's maximum are lowered to it.
    pub batch_size: Option<usize>,
    /// A limit pushed into the plan of a query.
    pub max_rows: Option<usize>,
    /// Refuse every plan that writes (SQLState 25006), however it is wrapped.
    pub read_only: bool,
}

/// The result of running a statement the JDBC way.
pub enum Outcome {
    Rows(Execution),
    Count(i64),
}

pub struct Statement {
    shared: Arc<Shared>,
    /// What planning made of the SQL text; shared by the statements of one query text.
    p: Arc<Planned>,
    bound: Mutex<Option<Vec<ScalarValue>>>,
    /// The token of the latest execution; `cancel` fires it.
    current: Mutex<CancelToken>,
    /// The physical plan this statement's executions reuse, where that is safe.
    keeper: Arc<crate::kept::Keeper>,
}

/// A planned statement: what executions need from planning, made once per SQL text
/// (and catalog version) and shared by the statements that prepared the same text.
pub struct Planned {
    plan: LogicalPlan,
    kind: StatementKind,
    /// Parameter `$i+1`'s type, `None` where the planner could not tell.
    params: Vec<Option<DataType>>,
    /// The result schema with output labels as written, where planning had to rename.
    labels: Option<SchemaRef>,
    /// `DROP INDEX` (the planner has no plan for it): names and `IF EXISTS`.
    drop_index: Option<(Vec<TableReference>, bool)>,
    /// Expressions and subqueries nest at most [`crate::runtime::SHALLOW_DEPTH`] deep.
    shallow: bool,
    /// Whether executions may reuse one optimized plan (parameters left in): a query
    /// whose parameter types are all known and which calls no function whose result
    /// may change between executions (`now()`, `random()`: the optimizer folds them).
    reusable: bool,
    /// The optimized plan and the catalog version it was made at.
    optimized: Mutex<Option<(u64, LogicalPlan)>>,
    /// A parameterless query that reads only `information_schema` (what DatabaseMetaData
    /// asks): its rows depend on nothing but the catalog version, so they are kept.
    catalog_only: bool,
    /// The rows of a `catalog_only` query and the catalog version they were read at.
    results: Mutex<Option<(u64, SchemaRef, Vec<arrow::array::RecordBatch>)>>,
    /// Rows per batch when the query streams fixed-width columns of a scan (see
    /// [`streaming_batch_rows`]); `None` for every other statement.
    streaming_rows: Option<usize>,
}

impl Planned {
    fn new(shared: &Shared, sql: &str) -> Result<Planned> {
        let sql = rewrite_question_marks(sql)?;
        let state = shared.ctx.state();
        let (plan, rewritten, depth) = block_on(async {
            match plan_sql(&state, shared, &sql, false).await {
                // the planner named two output columns alike where their text differs
                Err(e) if e.message.contains("require unique expression names") || e.sqlstate == "42701" => {
                    plan_sql(&state, shared, &sql, true).await
                }
                other => other,
            }
        })?;
        limits::check_names(plan.schema().as_arrow())?;
        let labels = rewritten.relabel(plan.schema().as_arrow());
        let kind = match &plan {
            _ if rewritten.drop_index.is_some() => StatementKind::Ddl,
            LogicalPlan::Ddl(_) => StatementKind::Ddl,
            LogicalPlan::Dml(_) | LogicalPlan::Copy(_) => StatementKind::Update,
            LogicalPlan::Statement(SqlStatement::Execute(_)) => StatementKind::Query,
            LogicalPlan::Statement(_) => StatementKind::Ddl,
            _ => StatementKind::Query,
        };
        if let Some(endpoint) = &shared.remote {
            crate::remote::check_statement(&plan, endpoint)?;
        }
        // `PREPARE name AS ...` stores its parameters for `EXECUTE name(...)`; it takes none.
        let types = match &plan {
            LogicalPlan::Statement(SqlStatement::Prepare(_)) => HashMap::new(),
            _ => plan.get_parameter_types()?,
        };
        let mut params: Vec<Option<DataType>> = Vec::new();
        let mut by_index: HashMap<usize, Option<DataType>> = HashMap::new();
        for (name, dt) in types {
            let index = name
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    FfqError::new(
                        FfqStatusCode::Planning,
                        "42601",
                        format!("unsupported parameter '{name}': use ? or $1, $2, ..."),
                    )
                })?;
            by_index.insert(index, dt);
        }
        let count = by_index.keys().copied().max().unwrap_or(0);
        for i in 1..=count {
            params.push(by_index.remove(&i).flatten());
        }
        // `EXECUTE name` is resolved by the session when it runs, not by the planners.
        let reusable = kind == StatementKind::Query
            && !matches!(plan, LogicalPlan::Statement(_))
            && params.iter().all(Option::is_some)
            && !calls_changing_functions(&plan);
        let catalog_only = reusable && params.is_empty() && reads_only_the_catalog(&plan);
        let streaming_rows = (kind == StatementKind::Query && !catalog_only).then(|| streaming_batch_rows(&plan)).flatten();
        Ok(Planned {
            catalog_only,
            streaming_rows,
            results: Mutex::new(None),
            plan,
            kind,
            params,
            labels,
            drop_index: rewritten.drop_index,
            reusable,
            optimized: Mutex::new(None),
            // the rewrite wraps some tables in a derived table or two
            shallow: depth + 4 <= crate::runtime::SHALLOW_DEPTH,
        })
    }

}

impl Statement {
    pub fn prepare(shared: Arc<Shared>, sql: &str) -> Result<Statement> {
        limits::check_sql_length(sql)?;
        let p = match shared.cached_plan(sql) {
            Some(p) => p,
            None => {
                let version = shared.version();
                let p = Arc::new(Planned::new(&shared, sql)?);
                if p.kind == StatementKind::Query {
                    shared.keep_plan(sql, version, p.clone());
                }
                p
            }
        };
        Ok(Statement {
            shared,
            p,
            bound: Mutex::new(None),
            current: Mutex::new(CancelToken::new()),
            keeper: Arc::default(),
        })
    }

    /// Whether this statement nests shallowly enough for its executions to run on the
    /// caller's thread (see [`crate::runtime::on_engine_thread_unless_shallow`]).
    pub fn shallow(&self) -> bool {
        self.p.shallow
    }

    pub fn kind(&self) -> StatementKind {
        self.p.kind
    }

    pub fn param_count(&self) -> usize {
        self.p.params.len()
    }

    /// One field per parameter, named `$1`, `$2`, ...; `Null` where unknown.
    pub fn param_schema(&self) -> Schema {
        Schema::new(
            self.p.params
                .iter()
                .enumerate()
                .map(|(i, dt)| Field::new(format!("${}", i + 1), dt.clone().unwrap_or(DataType::Null), true))
                .collect::<Vec<_>>(),
        )
    }

    /// The result columns of a query, known before it runs.
    pub fn result_schema(&self) -> Schema {
        match &self.p.labels {
            Some(l) => l.as_ref().clone(),
            None => self.p.plan.schema().as_arrow().clone(),
        }
    }

    /// Binds parameter values from the first row of a struct array, one
    /// field per parameter. Values are cast to the parameters' types.
    pub fn bind_struct(&self, values: &StructArray) -> Result<()> {
        if values.len() != 1 {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "22023",
                format!("parameter values must be one row, got {}", values.len()),
            ));
        }
        let scalars = values
            .columns()
            .iter()
            .map(|c| ScalarValue::try_from_array(c.as_ref(), 0).map_err(FfqError::from))
            .collect::<Result<Vec<_>>>()?;
        self.bind(scalars)
    }

    pub fn bind(&self, values: Vec<ScalarValue>) -> Result<()> {
        if values.len() != self.p.params.len() {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "07001",
                format!("statement has {} parameter(s), {} value(s) given", self.p.params.len(), values.len()),
            ));
        }
        let mut cast = Vec::with_capacity(values.len());
        for (i, (v, dt)) in values.into_iter().zip(&self.p.params).enumerate() {
            cast.push(match dt {
                Some(dt) if v.data_type() != *dt => v.cast_to(dt).map_err(|e| {
                    let (status, state) = match FfqError::from(e) {
                        e if e.sqlstate == "22003" || e.sqlstate == "22008" => (e.status, e.sqlstate),
                        _ => (FfqStatusCode::Execution, "22018"),
                    };
                    FfqError::new(
                        status,
                        state,
                        format!("parameter ${}: cannot convert {} to {dt}", i + 1, v.data_type()),
                    )
                })?,
                _ => v,
            });
        }
        *self.bound.lock().unwrap_or_else(|p| p.into_inner()) = Some(cast);
        Ok(())
    }

    pub fn clear_bindings(&self) {
        *self.bound.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Whether the statement holds a physical plan for its next execution (see
    /// [`crate::kept`]): false while none was made or one execution has it.
    pub fn keeps_physical_plan(&self) -> bool {
        self.keeper.holds()
    }

    /// Fires the running execution's cancel token (a no-op when idle).
    pub fn cancel(&self) {
        self.current.lock().unwrap_or_else(|p| p.into_inner()).cancel();
    }

    fn bound_plan(&self) -> Result<LogicalPlan> {
        self.bind_into(self.p.plan.clone())
    }

    /// `plan` with the bound parameter values in place of its parameters.
    fn bind_into(&self, plan: LogicalPlan) -> Result<LogicalPlan> {
        if self.p.params.is_empty() {
            return Ok(plan);
        }
        let bound = self.bound.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let Some(values) = bound else {
            return Err(FfqError::new(
                FfqStatusCode::Execution,
                "07001",
                format!("statement has {} parameter(s) and none are bound", self.p.params.len()),
            ));
        };
        Ok(plan.with_param_values(values)?)
    }

    /// The optimized plan of a reusable query, parameters left in: made on the first
    /// execution and again after tables, indexes or settings changed.
    fn optimized(&self, state: &datafusion::execution::SessionState) -> Result<LogicalPlan> {
        let version = self.shared.version();
        let mut slot = self.p.optimized.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((v, plan)) = slot.as_ref() {
            if *v == version {
                return Ok(plan.clone());
            }
        }
        let plan = state.optimize(&self.p.plan)?;
        *slot = Some((version, plan.clone()));
        Ok(plan)
    }

    /// Runs a reusable query: its optimized plan with this execution's parameter values,
    /// planned physically (no parsing, no logical optimization).
    fn execute_reused(&self, opts: &ExecOptions) -> Result<Execution> {
        let token = CancelToken::new();
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = token.clone();
        self.check_allowed(opts)?;
        let batch_size = opts.batch_size.map(|n| n.clamp(1, MAX_BATCH_SIZE_ROWS));
        let snapshot = self.shared.snapshot(batch_size)?;
        if let Some(mut stream) = self.execute_kept_plan(&snapshot, batch_size, &token)? {
            if let Some(labels) = &self.p.labels {
                stream = relabeled(stream, labels.clone());
            }
            return Ok(Execution::new(stream, token).shallow(self.p.shallow));
        }
        let plan = self.bind_into(self.optimized(&snapshot.state)?)?;
        let t = token.clone();
        let mut stream = block_on(token.run(async move {
            let state: &datafusion::execution::SessionState = &snapshot.state;
            let physical = state.query_planner().create_physical_plan(&plan, state).await?;
            Ok(datafusion::physical_plan::execute_stream(cancellable(physical, &t)?, snapshot.task)?)
        }))?;
        if let Some(labels) = &self.p.labels {
            stream = relabeled(stream, labels.clone());
        }
        Ok(Execution::new(stream, token).shallow(self.p.shallow))
    }

    /// Runs a reusable query on the physical plan this statement keeps (see [`crate::kept`]),
    /// making and keeping it first if it may be kept; `None` if it may not.
    fn execute_kept_plan(
        &self,
        snapshot: &crate::engine::Snapshot,
        batch_size: Option<usize>,
        token: &CancelToken,
    ) -> Result<Option<datafusion::execution::SendableRecordBatchStream>> {
        let version = snapshot.version;
        if self.shared.remote.is_some() || self.keeper.refused(version, batch_size) {
            return Ok(None);
        }
        let values = match self.p.params.is_empty() {
            true => Vec::new(),
            false => match self.bound.lock().unwrap_or_else(|p| p.into_inner()).clone() {
                Some(values) => values,
                None => return Ok(None), // the usual path reports it
            },
        };
        let kept = match self.keeper.take(version, batch_size) {
            Some(kept) => kept,
            None => {
                let state: &datafusion::execution::SessionState = &snapshot.state;
                let optimized = self.optimized(state)?;
                let made = match crate::kept::parameterize(&optimized, &self.p.params) {
                    Some((plan, slot)) if crate::kept::reads_single_files(&plan) => {
                        let physical = block_on(state.query_planner().create_physical_plan(&plan, state))?;
                        let batch = usize::from(state.config().options().execution.batch_size);
                        crate::kept::small_scans(&physical, batch)
                            .map(|files| crate::kept::keep(version, batch_size, physical, slot, files))
                    }
                    _ => None,
                };
                match made {
                    Some(kept) => kept,
                    None => {
                        self.keeper.refuse(version, batch_size);
                        return Ok(None);
                    }
                }
            }
        };
        *kept.slot.write().unwrap_or_else(|p| p.into_inner()) = values;
        let run = datafusion::physical_plan::execution_plan::reset_plan_states(kept.plan.clone())?;
        let (t, task) = (token.clone(), snapshot.task.clone());
        let stream = block_on(token.run(async move {
            Ok(datafusion::physical_plan::execute_stream(cancellable(run, &t)?, task)?)
        }))?;
        Ok(Some(crate::kept::lend(stream, kept, self.keeper.clone())))
    }

    /// Runs a `catalog_only` query from the rows kept at the current catalog version, or runs
    /// it and keeps its rows.
    fn execute_kept(&self, opts: &ExecOptions) -> Result<Execution> {
        let version = self.shared.version();
        let kept = self.p.results.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let (schema, batches) = match kept {
            Some((v, schema, batches)) if v == version => {
                self.check_allowed(opts)?;
                (schema, batches)
            }
            _ => {
                let execution = self.execute_reused(opts)?;
                let mut batches = Vec::new();
                while let Some(b) = execution.next_batch()? {
                    batches.push(b);
                }
                let schema = execution.schema();
                *self.p.results.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((version, schema.clone(), batches.clone()));
                (schema, batches)
            }
        };
        let token = CancelToken::new();
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = token.clone();
        let rows = futures::stream::iter(batches.into_iter().map(Ok));
        let stream = Box::pin(datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(schema, rows));
        Ok(Execution::new(stream, token).shallow(self.p.shallow))
    }

    /// Refuses what a statement may not do: any write on a read-only connection,
    /// and settings that would take the engine past its limits.
    fn check_allowed(&self, opts: &ExecOptions) -> Result<()> {
        if let LogicalPlan::Statement(SqlStatement::SetVariable(set)) = &self.p.plan {
            check_setting(&set.variable, &set.value)?;
        }
        if opts.read_only {
            if self.p.drop_index.is_some() {
                return Err(FfqError::read_only("DROP INDEX"));
            }
            if let Some(what) = self.shared.write_in(&self.p.plan) {
                return Err(FfqError::read_only(&what));
            }
        }
        Ok(())
    }

    /// `CREATE INDEX` and `DROP INDEX` change only the engine's index records.
    /// Returns whether this statement was one of them.
    fn run_index_statement(&self) -> Result<bool> {
        let options = self.shared.ctx.state().config().options().clone();
        let (catalog, schema) = (&options.catalog.default_catalog, &options.catalog.default_schema);
        if let Some((names, if_exists)) = &self.p.drop_index {
            for n in names {
                self.shared.indexes.drop(n, catalog, schema, *if_exists)?;
            }
            return Ok(true);
        }
        if let LogicalPlan::Ddl(DdlStatement::CreateIndex(c)) = &self.p.plan {
            let table = block_on(self.shared.ctx.table_provider(c.table.clone()))?;
            for sort in &c.columns {
                if let datafusion::logical_expr::Expr::Column(col) = &sort.expr {
                    if table.schema().field_with_name(&col.name).is_err() {
                        return Err(FfqError::new(
                            FfqStatusCode::Planning,
                            "42703",
                            format!("column '{}' of table '{}' does not exist", col.name, c.table),
                        ));
                    }
                }
            }
            let def = rewrite::index_def(c, catalog, schema)?;
            self.shared.indexes.create(def, c.if_not_exists)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Starts an execution: returns the data frame to run and its token.
    fn start(&self, opts: &ExecOptions) -> Result<(DataFrame, CancelToken)> {
        let token = CancelToken::new();
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = token.clone();
        self.check_allowed(opts)?;
        if self.run_index_statement()? {
            self.shared.changed();
            let empty = LogicalPlan::EmptyRelation(EmptyRelation {
                produce_one_row: false,
                schema: Arc::new(datafusion::common::DFSchema::empty()),
            });
            return Ok((DataFrame::new(self.shared.ctx.state(), empty), token));
        }
        let plan = self.bound_plan()?;
        let ctx = self.shared.ctx.clone();
        let statement = if let LogicalPlan::Statement(s) = &plan { Some(s.clone()) } else { None };
        // DDL runs here, inside execute_logical_plan.
        let df = if is_delete_or_update(&plan) {
            DataFrame::new(dml_state(&ctx.state()), plan)
        } else {
            block_on(token.run(async move { Ok(ctx.execute_logical_plan(plan).await?) }))?
        };
        if let Some(s) = statement {
            self.shared.note_statement(&s);
        }
        if let LogicalPlan::Ddl(ddl) = &self.p.plan {
            self.check_created_width(ddl)?;
            if let DdlStatement::DropTable(d) = ddl {
                let options = self.shared.ctx.state().config().options().clone();
                let t = d.name.clone().resolve(&options.catalog.default_catalog, &options.catalog.default_schema);
                self.shared.indexes.drop_table(&t.catalog, &t.schema, &t.table);
            }
        }
        if self.p.kind == StatementKind::Ddl {
            self.shared.changed();
            return Ok((df, token));
        }
        let (mut state, plan) = df.into_parts();
        if let Some(n) = opts.batch_size {
            state.config_mut().options_mut().execution.batch_size =
                datafusion::common::config::ConfigNonZeroUsize::try_new(n.clamp(1, MAX_BATCH_SIZE_ROWS))?;
        }
        let mut df = DataFrame::new(state, plan);
        if let (Some(n), StatementKind::Query) = (opts.max_rows, self.p.kind) {
            df = df.limit(0, Some(n))?;
        }
        Ok((df, token))
    }

    /// A table just created by SQL (`CREATE EXTERNAL TABLE`, `CREATE TABLE AS`, a view)
    /// obeys the same width limit as a catalog table; a wider one is dropped again.
    fn check_created_width(&self, ddl: &datafusion::logical_expr::DdlStatement) -> Result<()> {
        use datafusion::logical_expr::DdlStatement as D;
        let name = match ddl {
            D::CreateExternalTable(t) => t.name.clone(),
            D::CreateMemoryTable(t) => t.name.clone(),
            D::CreateView(v) => v.name.clone(),
            _ => return Ok(()),
        };
        let ctx = &self.shared.ctx;
        let table = block_on(ctx.table_provider(name.clone())).ok();
        if let Some(t) = table {
            if let Err(e) = limits::check_table_width(&name.to_string(), t.schema().fields().len()) {
                let _ = ctx.deregister_table(name);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Plans `df` physically with every scan watching `token`, and runs it as a stream.
    fn stream(df: DataFrame, token: &CancelToken) -> Result<datafusion::execution::SendableRecordBatchStream> {
        let t = token.clone();
        block_on(token.run(async move {
            let task_ctx = Arc::new(df.task_ctx());
            let plan = cancellable(df.create_physical_plan().await?, &t)?;
            Ok(datafusion::physical_plan::execute_stream(plan, task_ctx)?)
        }))
    }

    /// Executes into a stream of batches, whatever the statement's kind.
    pub fn execute(&self, opts: &ExecOptions) -> Result<Execution> {
        let streaming = self.streaming_options(opts);
        let opts = streaming.as_ref().unwrap_or(opts);
        if self.p.catalog_only && opts.max_rows.is_none() {
            return self.execute_kept(opts);
        }
        if self.p.reusable && opts.max_rows.is_none() {
            return self.execute_reused(opts);
        }
        let (df, token) = self.start(opts)?;
        let mut stream = Self::stream(df, &token)?;
        if let (Some(labels), StatementKind::Query) = (&self.p.labels, self.p.kind) {
            stream = relabeled(stream, labels.clone());
        }
        Ok(Execution::new(stream, token).shallow(self.p.shallow))
    }

    /// `opts` with the larger batches of a streaming scan, when this query is one and
    /// nothing chose a batch size: no fetch size, no row limit, and the session's
    /// `batch_size` is the engine's default (not set by `batch_size_rows` or `SET`).
    fn streaming_options(&self, opts: &ExecOptions) -> Option<ExecOptions> {
        let rows = self.p.streaming_rows?;
        if opts.batch_size.is_some() || opts.max_rows.is_some() {
            return None;
        }
        let session = {
            let state = self.shared.ctx.state_ref();
            let state = state.read();
            usize::from(state.config().options().execution.batch_size)
        };
        (session == crate::config::DEFAULT_BATCH_SIZE_ROWS)
            .then(|| ExecOptions { batch_size: Some(rows), ..opts.clone() })
    }

    /// Executes the JDBC way: rows for a query, a count for anything else
    /// (the number of rows written, or 0).
    pub fn run(&self, opts: &ExecOptions) -> Result<Outcome> {
        match self.p.kind {
            StatementKind::Query => Ok(Outcome::Rows(self.execute(opts)?)),
            StatementKind::Ddl => {
                let (df, token) = self.start(opts)?;
                block_on(token.run(async move { Ok(df.collect().await?) }))?;
                Ok(Outcome::Count(0))
            }
            StatementKind::Update => {
                let (df, token) = self.start(opts)?;
                let exec = Execution::new(Self::stream(df, &token)?, token);
                let mut count: i64 = 0;
                while let Some(b) = exec.next_batch()? {
                    if let Some(col) = b.columns().first() {
                        if let Some(c) = col.as_any().downcast_ref::<arrow::array::UInt64Array>() {
                            count += c.iter().flatten().map(|v| v as i64).sum::<i64>();
                        }
                    }
                }
                Ok(Outcome::Count(count))
            }
        }
    }
}

/// Bytes per batch a streaming scan aims at (see [`streaming_batch_rows`]).
const STREAMING_BATCH_BYTES: usize = 512 * 1024;
/// The most rows per batch of a streaming scan.
const STREAMING_BATCH_MAX_ROWS: usize = 65536;

/// Rows per batch for a query that only scans, filters and projects, when every column it
/// reads or returns has a fixed width: as many rows as fill [`STREAMING_BATCH_BYTES`] of
/// output, between the engine's default and [`STREAMING_BATCH_MAX_ROWS`]. Such a query
/// does a fixed amount of work per row, and each batch it hands to the client costs the
/// same whatever its length (a wake-up of the reading thread, an import through the C Data
/// Interface), so a bigger batch makes a narrow fetch cheaper per value. Its memory is
/// bounded because no column is variable-width. `None` for any other query: operators
/// that hash, sort or join work in cache-sized batches, a `LIMIT` wants its first rows
/// soon, and strings have no bound on their size.
fn streaming_batch_rows(plan: &LogicalPlan) -> Option<usize> {
    use datafusion::common::tree_node::TreeNode;
    let fixed = |t: &DataType| t.primitive_width().is_some();
    let mut ok = true;
    let mut scans = 0;
    let _ = plan.apply(|node| {
        let inputs_fixed = |exprs: &[Expr], input: &LogicalPlan| {
            exprs.iter().all(|e| {
                e.column_refs().into_iter().all(|c| {
                    input.schema().maybe_index_of_column(c).is_some_and(|i| fixed(input.schema().field(i).data_type()))
                })
            })
        };
        ok &= match node {
            LogicalPlan::Projection(p) => inputs_fixed(&p.expr, &p.input),
            LogicalPlan::Filter(f) => inputs_fixed(std::slice::from_ref(&f.predicate), &f.input),
            LogicalPlan::SubqueryAlias(_) => true,
            LogicalPlan::TableScan(t) => {
                scans += 1;
                t.fetch.is_none() && t.filters.is_empty()
            }
            _ => false,
        };
        Ok(if ok { TreeNodeRecursion::Continue } else { TreeNodeRecursion::Stop })
    });
    if !ok || scans == 0 {
        return None;
    }
    let fields = plan.schema().fields();
    if !fields.iter().all(|f| fixed(f.data_type())) {
        return None;
    }
    let width: usize = fields.iter().filter_map(|f| f.data_type().primitive_width()).sum::<usize>().max(1);
    Some((STREAMING_BATCH_BYTES / width).clamp(crate::config::DEFAULT_BATCH_SIZE_ROWS, STREAMING_BATCH_MAX_ROWS))
}

/// Whether `plan` calls a function whose result may differ between two executions
/// (stable or volatile: `now()`, `current_date`, `random()`), which the optimizer
/// would fold into the plan.
fn calls_changing_functions(plan: &LogicalPlan) -> bool {
    use datafusion::common::tree_node::TreeNode;
    use datafusion::logical_expr::{Expr, Volatility};
    let mut found = false;
    let _ = plan.apply_with_subqueries(|p| {
        p.apply_expressions(|e| {
            e.apply(|e| {
                if let Expr::ScalarFunction(f) = e {
                    if f.func.signature().volatility != Volatility::Immutable {
                        found = true;
                        return Ok(TreeNodeRecursion::Stop);
                    }
                }
                Ok(TreeNodeRecursion::Continue)
            })
        })?;
        Ok(if found { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
    });
    found
}

/// Whether every table `plan` reads is one of `information_schema`'s (and it reads one).
fn reads_only_the_catalog(plan: &LogicalPlan) -> bool {
    let (mut catalog, mut other) = (false, false);
    let _ = plan.apply_with_subqueries(|p| {
        if let LogicalPlan::TableScan(scan) = p {
            if scan.table_name.schema() == Some("information_schema") {
                catalog = true;
            } else {
                other = true;
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    catalog && !other
}

fn is_delete_or_update(plan: &LogicalPlan) -> bool {
    use datafusion::logical_expr::WriteOp;
    matches!(plan, LogicalPlan::Dml(d) if matches!(d.op, WriteOp::Delete | WriteOp::Update))
}

/// The session for DELETE and UPDATE: without the logical optimizer. The table's delete
/// and update receive the WHERE clause as filters taken from the plan; optimizer rules
/// rewrite those filters into forms the table cannot use (common subexpressions moved into
/// a projection as `__common_expr_n`), or, for a WHERE clause that simplifies to false,
/// remove the filter altogether, which would delete or update every row.
fn dml_state(state: &datafusion::execution::SessionState) -> datafusion::execution::SessionState {
    datafusion::execution::SessionStateBuilder::new_from_existing(state.clone()).with_optimizer_rules(vec![]).build()
}

/// Parses, checks, rewrites and plans one statement; `alias_all` is the second try for
/// output names the planner found duplicated (see [`rewrite::alias_all_outputs`]).
async fn plan_sql(
    state: &datafusion::execution::SessionState,
    shared: &Shared,
    sql: &str,
    alias_all: bool,
) -> Result<(LogicalPlan, rewrite::Rewritten, usize)> {
    let dialect = state.config().options().sql_parser.dialect;
    let mut parsed = state.sql_to_statement(sql, &dialect)?;
    let depth = match limits::check_depth(&parsed) {
        Ok(depth) => depth,
        Err(e) => {
            limits::drop_refused(parsed, sql.len());
            return Err(e);
        }
    };
    let mut rewritten = rewrite::rewrite(&mut parsed, shared)?;
    if rewritten.drop_index.is_some() {
        let empty = LogicalPlan::EmptyRelation(EmptyRelation {
            produce_one_row: false,
            schema: Arc::new(datafusion::common::DFSchema::empty()),
        });
        return Ok((empty, rewritten, depth));
    }
    if alias_all {
        rewritten = rewrite::alias_all_outputs(&mut parsed);
    }
    Ok((state.statement_to_plan(parsed).await?, rewritten, depth))
}

/// `stream` with its columns named as in `labels` (same columns, the labels as written).
/// Names only: the types stay the batches' own.
fn relabeled(
    stream: datafusion::execution::SendableRecordBatchStream,
    labels: SchemaRef,
) -> datafusion::execution::SendableRecordBatchStream {
    use futures::StreamExt;
    fn rename(schema: &Schema, labels: &Schema) -> SchemaRef {
        let fields: Vec<Field> = schema
            .fields()
            .iter()
            .zip(labels.fields().iter())
            .map(|(f, l)| f.as_ref().clone().with_name(l.name().clone()))
            .collect();
        Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
    }
    let schema = rename(&stream.schema(), &labels);
    Box::pin(datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
        schema,
        stream.map(move |b| {
            let b = b?;
            Ok(arrow::array::RecordBatch::try_new(rename(&b.schema(), &labels), b.columns().to_vec())?)
        }),
    ))
}

/// What a plan would write, if anything: the plan itself, what EXPLAIN ANALYZE or
/// PREPARE wraps, what EXECUTE runs, and SET (which changes the shared engine).
pub(crate) fn plan_write(plan: &LogicalPlan, prepared: &HashMap<String, Option<String>>) -> Option<String> {
    let mut found = None;
    let _ = plan.apply_with_subqueries(|p| {
        found = match p {
            LogicalPlan::Ddl(d) => Some(d.name().to_string()),
            LogicalPlan::Dml(d) => Some(format!("{} on {}", d.op, d.table_name)),
            LogicalPlan::Copy(_) => Some("COPY".to_string()),
            LogicalPlan::Statement(SqlStatement::SetVariable(_) | SqlStatement::ResetVariable(_)) => {
                Some("SET".to_string())
            }
            LogicalPlan::Statement(SqlStatement::Deallocate(_)) => Some("DEALLOCATE".to_string()),
            LogicalPlan::Statement(SqlStatement::Execute(e)) => match prepared.get(&e.name) {
                Some(None) => None,
                Some(Some(w)) => Some(format!("EXECUTE {} ({w})", e.name)),
                None => Some(format!("EXECUTE of unknown prepared statement {}", e.name)),
            },
            _ => None,
        };
        Ok(if found.is_some() { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
    });
    found
}

/// Bounds the settings a `SET` may change: the same ceilings as the config keys,
/// and none of the runtime's (its memory limit is `mem_budget_bytes`).
fn check_setting(variable: &str, value: &str) -> Result<()> {
    let var = variable.to_ascii_lowercase();
    let refuse = |accepted: &str| {
        Err(FfqError::new(
            FfqStatusCode::InvalidConfig,
            "22023",
            format!("SET {variable} = {value}: {accepted}"),
        ))
    };
    let number = || value.trim().trim_matches('\'').parse::<u64>().ok();
    match var.as_str() {
        "datafusion.execution.batch_size" => match number() {
            Some(n) if n >= 1 && n <= MAX_BATCH_SIZE_ROWS as u64 => Ok(()),
            _ => refuse(&format!("expected an integer from 1 to {MAX_BATCH_SIZE_ROWS}")),
        },
        "datafusion.execution.target_partitions" | "datafusion.execution.planning_concurrency" => match number() {
            Some(n) if n <= MAX_SHUFFLE_PARTITIONS as u64 => Ok(()),
            _ => refuse(&format!("expected an integer from 0 to {MAX_SHUFFLE_PARTITIONS}")),
        },
        v if v.starts_with("datafusion.runtime.") => {
            refuse("runtime settings are fixed when the engine starts (see mem_budget_bytes and spill_dir)")
        }
        _ => Ok(()),
    }
}

/// Rewrites JDBC-style `?` markers to `$1`, `$2`, ... outside string
/// literals, quoted identifiers and comments. Mixing both styles is an error.
pub fn rewrite_question_marks(sql: &str) -> Result<String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0usize;
    let mut i = 0usize;
    let mut last = 0usize;
    let mut saw_dollar = false;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == q {
                        if i + 1 < bytes.len() && bytes[i + 1] == q {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'$' if bytes.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                saw_dollar = true;
                i += 1;
            }
            b'?' => {
                n += 1;
                out.push_str(&sql[last..i]);
                out.push_str(&format!("${n}"));
                i += 1;
                last = i;
            }
            _ => i += 1,
        }
    }
    if n > 0 && saw_dollar {
        return Err(FfqError::new(
            FfqStatusCode::Planning,
            "42601",
            "a statement may use ? or $n parameter markers, not both",
        ));
    }
    out.push_str(&sql[last.min(sql.len())..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_marks_become_numbered_outside_literals() {
        assert_eq!(
            rewrite_question_marks("select '?', \"a?\", x from t where a = ? -- ?\n and b = ? /* ? */").unwrap(),
            "select '?', \"a?\", x from t where a = $1 -- ?\n and b = $2 /* ? */"
        );
        assert_eq!(rewrite_question_marks("select 'it''s ?', ?").unwrap(), "select 'it''s ?', $1");
        assert!(rewrite_question_marks("select ?, $1").is_err());
        assert_eq!(rewrite_question_marks("select $1").unwrap(), "select $1");
    }
}
