//! The engine: a DataFusion session configured from FFQ's keys, its tables,
//! and the entry points the C ABI and JNI share.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use datafusion::catalog::Session;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::json::JsonFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::logical_expr::type_coercion::binary::type_union_resolution;
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::TryStreamExt;

use crate::catalog::{load_catalog_file, write_catalog_file, TableDef, TableFormat};
use crate::config::{DriftPolicy, EngineConfig, SchemaInference};
use crate::error::{FfqError, Result};
use crate::runtime::block_on;
use crate::statement::{plan_write, ExecOptions, Statement};

pub const CATALOG: &str = "ffq";
pub const SCHEMA: &str = "public";

/// What an engine's statements share: the session, and what the engine knows of
/// the SQL-level prepared statements (`PREPARE name AS ...`) stored in it, so that
/// a read-only connection can tell whether `EXECUTE name` would write.
pub struct Shared {
    pub ctx: SessionContext,
    /// The Ballista scheduler (`host:port`) a distributed engine sends its queries to.
    pub remote: Option<String>,
    /// Prepared statement name -> what it would write (`None`: it only reads).
    prepared: Mutex<HashMap<String, Option<String>>>,
    /// What `CREATE INDEX` recorded (see [`crate::indexes`]).
    pub indexes: crate::indexes::Indexes,
    /// Bumped whenever tables, indexes or settings may have changed: plans made before
    /// are planned again (see [`crate::statement::Planned`]).
    version: std::sync::atomic::AtomicU64,
    /// Plans of queries by SQL text, made at a version (see [`Shared::cached_plan`]).
    plans: Mutex<HashMap<String, (u64, Arc<crate::statement::Planned>)>>,
    /// The session as of a version and batch size, for executions that only plan
    /// physically (see [`Shared::snapshot`]).
    snapshot: Mutex<Option<Snapshot>>,
}

/// A copy of the session and its task context, taken once per version and batch size.
#[derive(Clone)]
pub struct Snapshot {
    pub version: u64,
    batch_size: Option<usize>,
    pub state: Arc<datafusion::execution::SessionState>,
    pub task: Arc<datafusion::execution::TaskContext>,
}

/// The most query plans an engine keeps by SQL text.
const PLAN_CACHE_ENTRIES: usize = 512;

impl Shared {
    pub fn new(ctx: SessionContext, remote: Option<String>) -> Shared {
        Shared {
            ctx,
            remote,
            prepared: Mutex::new(HashMap::new()),
            indexes: Default::default(),
            version: Default::default(),
            plans: Mutex::new(HashMap::new()),
            snapshot: Mutex::new(None),
        }
    }

    /// The session's state and task context at the current version, with `batch_size`
    /// rows per batch (`None`: the engine's). Copying the session costs more than
    /// planning a point lookup, so executions of reused plans share one copy until
    /// tables or settings change.
    pub fn snapshot(&self, batch_size: Option<usize>) -> Result<Snapshot> {
        let version = self.version();
        let mut slot = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slot.as_ref() {
            if s.version == version && s.batch_size == batch_size {
                return Ok(s.clone());
            }
        }
        let mut state = self.ctx.state();
        if let Some(n) = batch_size {
            state.config_mut().options_mut().execution.batch_size =
                datafusion::common::config::ConfigNonZeroUsize::try_new(n)?;
        }
        let task = Arc::new(datafusion::execution::TaskContext::from(&state));
        let s = Snapshot { version, batch_size, state: Arc::new(state), task };
        *slot = Some(s.clone());
        Ok(s)
    }

    /// The catalog and settings version (see `version`).
    pub fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Notes that tables, indexes or settings changed: cached plans are dropped and
    /// prepared statements optimize again.
    pub fn changed(&self) {
        self.version.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        self.plans.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The plan of query `sql` made at the current version, if one was kept.
    pub fn cached_plan(&self, sql: &str) -> Option<Arc<crate::statement::Planned>> {
        let plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        match plans.get(sql) {
            Some((v, p)) if *v == self.version() => Some(p.clone()),
            _ => None,
        }
    }

    /// Keeps the plan of query `sql`, made at `version`.
    pub fn keep_plan(&self, sql: &str, version: u64, plan: Arc<crate::statement::Planned>) {
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        if version != self.version() {
            return;
        }
        if plans.len() >= PLAN_CACHE_ENTRIES {
            plans.clear();
        }
        plans.insert(sql.to_string(), (version, plan));
    }

    /// What `plan` would write, if anything (see [`plan_write`]).
    pub fn write_in(&self, plan: &datafusion::logical_expr::LogicalPlan) -> Option<String> {
        plan_write(plan, &self.prepared.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The default catalog's schemas (by name) and their tables (by name).
    pub fn schemas(&self) -> Vec<(String, Vec<String>)> {
        let state = self.ctx.state();
        let name = &state.config().options().catalog.default_catalog;
        let Some(catalog) = self.ctx.catalog(name) else { return Vec::new() };
        let mut names = catalog.schema_names();
        names.sort();
        names
            .into_iter()
            .filter_map(|s| {
                let mut tables = catalog.schema(&s)?.table_names();
                tables.sort();
                Some((s, tables))
            })
            .collect()
    }

    /// Records a PREPARE or DEALLOCATE that has just run.
    pub fn note_statement(&self, s: &datafusion::logical_expr::Statement) {
        use datafusion::logical_expr::Statement as S;
        match s {
            S::Prepare(p) => {
                let writes = self.write_in(&p.input);
                self.prepared.lock().unwrap_or_else(|p| p.into_inner()).insert(p.name.clone(), writes);
            }
            S::Deallocate(d) => {
                self.prepared.lock().unwrap_or_else(|p| p.into_inner()).remove(&d.name);
            }
            _ => {}
        }
    }
}

/// One embedded engine. Safe to use from many threads at once: every method
/// takes `&self`, and statements keep their own handle on the session.
pub struct Engine {
    shared: Arc<Shared>,
    config: EngineConfig,
    /// Catalog files loaded so far and their tables, for schema write-back.
    catalogs: Mutex<Vec<(PathBuf, Vec<TableDef>)>>,
}

impl Engine {
    pub fn new(config: EngineConfig) -> Result<Engine> {
        // A distributed engine: a client of the Ballista scheduler there, which must
        // answer now (08001 otherwise).
        let remote = match &config.coordinator_endpoint {
            Some(text) => {
                let endpoint = crate::remote::Endpoint::parse(text)?;
                endpoint.check_reachable()?;
                Some(endpoint)
            }
            None => None,
        };
        let mut session = SessionConfig::new()
            .with_information_schema(true)
            .with_default_catalog_and_schema(CATALOG, SCHEMA)
            .with_batch_size(config.batch_size_rows);
        if let Some(n) = config.shuffle_partitions {
            session = session.with_target_partitions(n);
        }
        // DataFusion reserves this much per sort for merging spilled runs; a small budget
        // needs a small reservation, or sorts fail instead of spilling.
        let reservation = (config.mem_budget_bytes / 8).min(10 << 20);
        session.options_mut().execution.sort_spill_reservation_bytes = reservation;
        session.options_mut().execution.sort_in_place_threshold_bytes = reservation;
        // A join whose build side is estimated under this size collects it once (CollectLeft)
        // instead of hash-partitioning both sides: the probe side then streams through
        // without a repartition (a hash and a copy of every row), which costs more on a few
        // cores than building one table on one thread. DataFusion's default, 1 MB, sends
        // TPC-H Q5's 227K customer-order rows through a partitioned join with all 6M lineitem
        // rows repartitioned. The default here is 64 MB, or an eighth of the memory budget.
        session.options_mut().optimizer.hash_join_single_partition_threshold = config
            .broadcast_threshold_bytes
            .unwrap_or_else(|| (64usize << 20).min(config.mem_budget_bytes / 8));
        // A collected build side of up to this many keys reaches the probe side's scans as a
        // key set (see keyfilter.rs), checked there as a bitmap when the keys are integers
        // close together; DataFusion's 150 suits a partitioned build, where each partition
        // holds a share of the keys (TPC-H Q17: 204 parts, Q11: 396 suppliers). Larger
        // integer build sides reach the scans as keys collected from the build side.
        session.options_mut().optimizer.hash_join_inlist_pushdown_max_distinct_values = 1024;
        // Parenthesized nesting the parser accepts (DataFusion's default is 50; generated
        // predicates nest deeper). Engine threads have stacks sized for it.
        session.options_mut().sql_parser.recursion_limit =
            datafusion::common::config::ConfigNonZeroUsize::try_new(crate::limits::MAX_NESTING)?;
        // Parquet footers and file statistics are cached per engine and checked against the
        // file's size and modification time on use. File listings are not cached: a table
        // over a folder sees a file added to it on the next query.
        let caches = datafusion::execution::cache::cache_manager::CacheManagerConfig::default()
            .with_list_files_cache_limit(0);
        let mut runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(FairSpillPool::new(config.mem_budget_bytes)))
            .with_cache_manager(caches);
        if let Some(dir) = &config.spill_dir {
            std::fs::create_dir_all(dir).map_err(|e| {
                FfqError::invalid_config(format!(
                    "invalid value '{}' for config key 'spill_dir': cannot create directory: {e}",
                    dir.display()
                ))
            })?;
            runtime = runtime.with_disk_manager_builder(
                DiskManagerBuilder::default().with_mode(DiskManagerMode::Directories(vec![dir.clone()])),
            );
        }
        let runtime = runtime.build_arc()?;
        crate::localfs::install(&runtime);
        let state = datafusion::execution::SessionStateBuilder::new()
            .with_config(session)
            .with_runtime_env(runtime)
            .with_default_features()
            .with_physical_optimizer_rule(Arc::new(crate::rules::NoRoundRobinOverOneBatch))
            .with_physical_optimizer_rule(Arc::new(crate::keyfilter::KeysAtScans))
            .with_physical_optimizer_rule(Arc::new(crate::conjunction::CheapConjunctsFirst))
            .with_optimizer_rule(Arc::new(crate::rules::DecimalLiteralsAtColumnScale))
            .with_query_planner(Arc::new(crate::subplans::SharingQueryPlanner))
            .build();
        let ctx = match &remote {
            None => SessionContext::new_with_state(state),
            Some(endpoint) => SessionContext::new_with_state(crate::remote::client_state(state, endpoint)?),
        };
        crate::guards::install(&ctx, config.mem_budget_bytes);
        crate::aggregates::install(&ctx);
        crate::testhooks::register(&ctx);
        let remote = remote.map(|e| format!("{}:{}", e.host, e.port));
        let shared = Arc::new(Shared::new(ctx, remote));
        let engine = Engine { shared, config, catalogs: Mutex::new(Vec::new()) };
        if let Some(path) = engine.config.catalog_path.clone() {
            engine.register_catalog_path(&path)?;
        }
        Ok(engine)
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn context(&self) -> &SessionContext {
        &self.shared.ctx
    }

    /// Registers (or replaces) one table.
    pub fn register_table(&self, def: &TableDef) -> Result<()> {
        let (table, _) = self.build_table(def)?;
        self.install(&def.name, table)
    }

    /// Registers (or replaces) an in-memory table read from `batches`, which are
    /// read once, here, and copied into engine memory (the producer's buffers are
    /// released as soon as each batch is copied). Refused past `mem_budget_bytes`.
    pub fn register_batches(&self, name: &str, batches: impl arrow::record_batch::RecordBatchReader) -> Result<()> {
        if name.trim().is_empty() {
            return Err(FfqError::invalid_config("table name is empty"));
        }
        let schema = batches.schema();
        crate::limits::check_table_width(name, schema.fields().len())?;
        let mut kept = Vec::new();
        let mut bytes = 0usize;
        for batch in batches {
            let batch = detach(&batch?)?;
            bytes += batch.get_array_memory_size();
            if bytes > self.config.mem_budget_bytes {
                return Err(FfqError::new(
                    crate::error::FfqStatusCode::Execution,
                    "53200",
                    format!(
                        "table '{name}': the data passes mem_budget_bytes ({} bytes) at {bytes} bytes",
                        self.config.mem_budget_bytes
                    ),
                ));
            }
            kept.push(batch);
        }
        let table = datafusion::datasource::MemTable::try_new(schema, vec![kept])?;
        self.context().deregister_table(name)?;
        self.context().register_table(name, Arc::new(table))?;
        self.shared.changed();
        Ok(())
    }

    /// Registers every table of a catalog file; returns how many.
    pub fn register_catalog_path(&self, path: &Path) -> Result<usize> {
        let mut defs = load_catalog_file(path)?;
        let mut changed = false;
        let mut built = Vec::with_capacity(defs.len());
        for def in defs.iter_mut() {
            let (table, learned) = self.build_table(def)?;
            if let Some(schema) = learned {
                if self.config.schema_writeback {
                    def.set_schema(&schema);
                    changed = true;
                }
            }
            built.push((def.name.clone(), table));
        }
        for (name, table) in built {
            self.install(&name, table)?;
        }
        if changed {
            write_catalog_file(path, &defs)?;
        }
        let n = defs.len();
        self.catalogs.lock().unwrap_or_else(|p| p.into_inner()).push((path.to_path_buf(), defs));
        Ok(n)
    }

    fn install(&self, name: &str, table: ListingTable) -> Result<()> {
        self.context().deregister_table(name)?;
        self.context().register_table(name, Arc::new(table))?;
        self.shared.changed();
        Ok(())
    }

    /// Builds a listing table under the schema policies. Returns the table and,
    /// when its schema was learned from the files rather than taken as
    /// declared, that schema (for write-back).
    fn build_table(&self, def: &TableDef) -> Result<(ListingTable, Option<Schema>)> {
        let format = def.format()?;
        let file_format: Arc<dyn FileFormat> = match format {
            TableFormat::Parquet => {
                def.check_options(&[])?;
                Arc::new(ParquetFormat::default())
            }
            TableFormat::Csv => {
                def.check_options(&["has_header", "delimiter"])?;
                Arc::new(
                    CsvFormat::default()
                        .with_has_header(def.bool_option("has_header", true)?)
                        .with_delimiter(def.char_option("delimiter", b',')?),
                )
            }
            TableFormat::Json => {
                def.check_options(&[])?;
                Arc::new(JsonFormat::default())
            }
        };
        let locations = def.locations()?;
        for l in &locations {
            if let Some((scheme, _)) = l.split_once("://") {
                if !scheme.eq_ignore_ascii_case("file") {
                    return Err(FfqError::unsupported(format!(
                        "table '{}': location '{l}' uses the '{scheme}' scheme; only local files \
                         (plain paths or file://) are supported",
                        def.name
                    )));
                }
            }
        }
        let urls = locations
            .iter()
            .map(|l| {
                ListingTableUrl::parse(l).map_err(|e| {
                    FfqError::invalid_config(format!("table '{}': invalid location '{l}': {e}", def.name))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // A location naming one file is read whatever its extension; a folder
        // is read for files of the format's extension.
        let extension = if locations.len() == 1 && Path::new(&locations[0]).is_file() {
            Path::new(&locations[0])
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default()
        } else {
            format.extension().to_string()
        };
        let options = ListingOptions::new(file_format).with_file_extension(extension);
        let declared = def.arrow_schema()?;
        let policy = self.config.schema_inference;
        let state = self.context().state();

        let (schema, learned) = match (declared, policy) {
            (Some(declared), SchemaInference::Off) => (declared, None),
            (None, SchemaInference::Off) if format == TableFormat::Parquet => {
                return Err(FfqError::invalid_config(format!(
                    "table '{}' declares no schema and schema_inference=off; \
                     declare a schema or set schema_inference to on, strict or permissive",
                    def.name
                )))
            }
            (declared, _) => {
                let inferred = block_on(infer_schema(&state, &options, &urls, policy, &def.name))?;
                match declared {
                    None => (inferred.clone(), Some(inferred)),
                    Some(declared) if same_columns(&declared, &inferred) => (declared, None),
                    Some(declared) => match self.config.schema_drift_policy {
                        DriftPolicy::Fail => {
                            return Err(FfqError::invalid_config(format!(
                                "schema drift on table '{}': declared {} but the files have {}; \
                                 set schema_drift_policy=refresh to adopt the files' schema",
                                def.name,
                                describe(&declared),
                                describe(&inferred)
                            )))
                        }
                        DriftPolicy::Refresh => (inferred.clone(), Some(inferred)),
                    },
                }
            }
        };
        crate::limits::check_table_width(&def.name, schema.fields().len())?;
        let config = ListingTableConfig::new_with_multi_paths(urls)
            .with_listing_options(options)
            .with_schema(Arc::new(schema));
        let table = ListingTable::try_new(config)?;
        Ok((table, learned))
    }

    /// Plans a statement; nothing runs until it is executed.
    pub fn prepare(&self, sql: &str) -> Result<Statement> {
        Statement::prepare(self.shared.clone(), sql)
    }

    /// FFQ's synchronous call: runs `sql` to completion and keeps every batch.
    pub fn execute_sql(&self, sql: &str) -> Result<QueryResult> {
        let statement = self.prepare(sql)?;
        let execution = statement.execute(&ExecOptions::default())?;
        let mut batches = Vec::new();
        while let Some(batch) = execution.next_batch()? {
            batches.push(batch);
        }
        QueryResult::new(execution.schema(), batches)
    }
}

/// A whole result kept in memory: FFQ's result handle.
pub struct QueryResult {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub row_count: u64,
    pub ipc: Vec<u8>,
}

impl QueryResult {
    fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Result<Self> {
        let mut ipc = Vec::new();
        {
            let mut writer = arrow::ipc::writer::StreamWriter::try_new(&mut ipc, &schema)?;
            for b in &batches {
                writer.write(b)?;
            }
            writer.finish()?;
        }
        let row_count = batches.iter().map(|b| b.num_rows() as u64).sum();
        Ok(QueryResult { schema, batches, row_count, ipc })
    }
}

/// A copy of `batch` in buffers of its own (through the IPC format, which copies
/// every buffer, views' data buffers included).
fn detach(batch: &RecordBatch) -> Result<RecordBatch> {
    let mut bytes = Vec::new();
    {
        let mut w = arrow::ipc::writer::StreamWriter::try_new(&mut bytes, &batch.schema())?;
        w.write(batch)?;
        w.finish()?;
    }
    let mut r = arrow::ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)?;
    match r.next() {
        Some(b) => Ok(b?),
        None => Err(FfqError::internal("copying a batch produced nothing")),
    }
}

fn same_columns(a: &Schema, b: &Schema) -> bool {
    // by name: the order files list their columns in is not a difference
    a.fields().len() == b.fields().len()
        && a.fields().iter().all(|x| {
            b.field_with_name(x.name()).is_ok_and(|y| same_type(x.data_type(), y.data_type()))
        })
}

/// Types equal up to representation: string and binary layouts (plain, large, view)
/// hold the same values, and DataFusion reads Parquet strings as views.
fn same_type(a: &DataType, b: &DataType) -> bool {
    fn base(t: &DataType) -> &DataType {
        match t {
            DataType::LargeUtf8 | DataType::Utf8View => &DataType::Utf8,
            DataType::LargeBinary | DataType::BinaryView => &DataType::Binary,
            other => other,
        }
    }
    base(a) == base(b)
}

/// A type every file's values of a column convert to without loss: the common numeric
/// type when all are numeric, the shared type when all agree, text otherwise.
fn widen(types: &[DataType]) -> DataType {
    if types.iter().all(|t| same_type(t, &types[0])) {
        return types[0].clone();
    }
    if types.iter().all(|t| t.is_numeric()) {
        if let Some(t) = type_union_resolution(types) {
            return t;
        }
    }
    DataType::Utf8
}

fn describe(s: &Schema) -> String {
    let cols: Vec<String> = s.fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect();
    format!("({})", cols.join(", "))
}

/// Infers a table's schema under the inference policy:
/// `on` merges compatible file schemas, `strict` demands identical ones,
/// `permissive` widens conflicting column types to a common type (or text).
async fn infer_schema(
    state: &dyn Session,
    options: &ListingOptions,
    urls: &[ListingTableUrl],
    policy: SchemaInference,
    table: &str,
) -> Result<Schema> {
    let mut per_file: Vec<(String, SchemaRef)> = Vec::new();
    for url in urls {
        let store = state.runtime_env().object_store(url)?;
        let files: Vec<_> = url
            .list_all_files(state, store.as_ref(), &options.file_extension)
            .await?
            .try_collect()
            .await?;
        if files.is_empty() {
            return Err(FfqError::io(format!("table '{table}': no files found at {url}")));
        }
        for file in files.iter().filter(|f| f.size > 0) {
            let schema = options.format.infer_schema(state, &store, std::slice::from_ref(file)).await?;
            per_file.push((file.location.to_string(), schema));
        }
    }
    let Some((first_name, first)) = per_file.first().cloned() else {
        return Err(FfqError::io(format!("table '{table}': every file is empty")));
    };
    match policy {
        SchemaInference::Strict => {
            for (name, schema) in &per_file[1..] {
                if !same_columns(&first, schema) {
                    return Err(FfqError::invalid_config(format!(
                        "table '{table}': schema_inference=strict and file {name} has {} \
                         but {first_name} has {}",
                        describe(schema),
                        describe(&first)
                    )));
                }
            }
            Ok(first.as_ref().clone())
        }
        SchemaInference::On | SchemaInference::Off => {
            let schemas: Vec<Schema> = per_file.iter().map(|(_, s)| s.as_ref().clone()).collect();
            let merged = Schema::try_merge(schemas).map_err(|e| {
                FfqError::invalid_config(format!(
                    "table '{table}': the files' schemas cannot be merged ({e}); \
                     use schema_inference=permissive to widen conflicting columns"
                ))
            })?;
            // A column some files lack reads as NULL there, so it must be nullable.
            let fields: Vec<Field> = merged
                .fields()
                .iter()
                .map(|f| {
                    let everywhere = per_file.iter().all(|(_, s)| s.field_with_name(f.name()).is_ok());
                    f.as_ref().clone().with_nullable(f.is_nullable() || !everywhere)
                })
                .collect();
            Ok(Schema::new_with_metadata(fields, merged.metadata().clone()))
        }
        SchemaInference::Permissive => {
            // Column order of first appearance; each column's type is the
            // common type of every file that has it.
            let mut fields: Vec<(String, Vec<DataType>)> = Vec::new();
            for (_, schema) in &per_file {
                for f in schema.fields() {
                    match fields.iter_mut().find(|(n, _)| n == f.name()) {
                        Some((_, types)) => types.push(f.data_type().clone()),
                        None => fields.push((f.name().clone(), vec![f.data_type().clone()])),
                    }
                }
            }
            let fields: Vec<Field> = fields
                .into_iter()
                .map(|(name, types)| {
                    Field::new(name, widen(&types), true)
                })
                .collect();
            Ok(Schema::new(fields))
        }
    }
}
