//! `CREATE [UNIQUE] INDEX` and `DROP INDEX`: accepted and recorded, so schema tools and
//! test suites that create indexes run, and `DatabaseMetaData.getIndexInfo` reports them.
//! An index does not change how a query runs (every scan reads the files or memory
//! batches as before) and a UNIQUE index does not enforce uniqueness.

use std::sync::Mutex;

use datafusion::common::TableReference;

use crate::error::{FfqError, FfqStatusCode, Result};

/// One recorded index.
#[derive(Clone, Debug)]
pub struct IndexDef {
    pub catalog: String,
    pub schema: String,
    pub table: String,
    pub name: String,
    pub unique: bool,
    /// Column names, or the expression's text for an expression index.
    pub columns: Vec<String>,
}

/// The engine's indexes, in creation order.
#[derive(Default)]
pub struct Indexes(Mutex<Vec<IndexDef>>);

impl Indexes {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<IndexDef>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records `def`; an index of that name in the table's schema is an error
    /// (42P07) unless `if_not_exists`.
    pub fn create(&self, def: IndexDef, if_not_exists: bool) -> Result<()> {
        let mut all = self.lock();
        if all.iter().any(|i| i.catalog == def.catalog && i.schema == def.schema && i.name == def.name) {
            if if_not_exists {
                return Ok(());
            }
            return Err(FfqError::new(
                FfqStatusCode::Planning,
                "42P07",
                format!("index '{}' already exists in schema '{}'", def.name, def.schema),
            ));
        }
        all.push(def);
        Ok(())
    }

    /// Drops the index `name` (`schema.name` or a bare name, searched in `default_schema`);
    /// an unknown index is an error (42704) unless `if_exists`.
    pub fn drop(&self, name: &TableReference, default_catalog: &str, default_schema: &str, if_exists: bool) -> Result<()> {
        let full = name.clone().resolve(default_catalog, default_schema);
        let mut all = self.lock();
        let before = all.len();
        all.retain(|i| {
            !(i.catalog == *full.catalog && i.schema == *full.schema && i.name == *full.table)
        });
        if all.len() == before && !if_exists {
            return Err(FfqError::new(
                FfqStatusCode::Planning,
                "42704",
                format!("index '{name}' does not exist"),
            ));
        }
        Ok(())
    }

    /// Forgets the indexes of a dropped table.
    pub fn drop_table(&self, catalog: &str, schema: &str, table: &str) {
        self.lock().retain(|i| !(i.catalog == catalog && i.schema == schema && i.table == table));
    }

    pub fn all(&self) -> Vec<IndexDef> {
        self.lock().clone()
    }
}
