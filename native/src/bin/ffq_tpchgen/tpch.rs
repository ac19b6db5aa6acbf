//! TPC-H test data: the DataFusion project's `tpchgen` generator, written
//! as one Parquet file per table plus a `catalog.json` naming them all.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::record_batch::RecordBatchReader;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use tpchgen::generators::{
    CustomerGenerator, LineItemGenerator, NationGenerator, OrderGenerator, PartGenerator,
    PartSuppGenerator, RegionGenerator, SupplierGenerator,
};
use tpchgen_arrow::{
    CustomerArrow, LineItemArrow, NationArrow, OrderArrow, PartArrow, PartSuppArrow, RegionArrow,
    SupplierArrow,
};

use ffq_native::error::{FfqError, Result};

pub const TABLES: [&str; 8] = ["nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem"];

fn reader(table: &str, sf: f64) -> Box<dyn RecordBatchReader + Send> {
    match table {
        "nation" => Box::new(NationArrow::new(NationGenerator::new(sf, 1, 1))),
        "region" => Box::new(RegionArrow::new(RegionGenerator::new(sf, 1, 1))),
        "part" => Box::new(PartArrow::new(PartGenerator::new(sf, 1, 1))),
        "supplier" => Box::new(SupplierArrow::new(SupplierGenerator::new(sf, 1, 1))),
        "partsupp" => Box::new(PartSuppArrow::new(PartSuppGenerator::new(sf, 1, 1))),
        "customer" => Box::new(CustomerArrow::new(CustomerGenerator::new(sf, 1, 1))),
        "orders" => Box::new(OrderArrow::new(OrderGenerator::new(sf, 1, 1))),
        _ => Box::new(LineItemArrow::new(LineItemGenerator::new(sf, 1, 1))),
    }
}

/// Writes the eight TPC-H tables at scale factor `sf` into `dir` (created if
/// missing) as `<table>.parquet`, and `catalog.json`. Returns the catalog's path.
/// Tables are generated in parallel, one thread each.
pub fn generate(sf: f64, dir: &Path) -> Result<PathBuf> {
    if !(sf > 0.0 && sf <= 1000.0) {
        return Err(FfqError::invalid_config(format!("scale factor {sf} must be > 0 and <= 1000")));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| FfqError::io(format!("cannot create {}: {e}", dir.display())))?;
    let results: Vec<Result<()>> = std::thread::scope(|s| {
        let handles: Vec<_> = TABLES
            .iter()
            .map(|t| s.spawn(move || write_table(t, sf, dir)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| Err(FfqError::from_panic(p))))
            .collect()
    });
    for r in results {
        r?;
    }
    let tables: Vec<serde_json::Value> = TABLES
        .iter()
        .map(|t| serde_json::json!({"name": t, "uri": format!("{t}.parquet"), "format": "parquet"}))
        .collect();
    let catalog = dir.join("catalog.json");
    let text = serde_json::to_string_pretty(&serde_json::json!({ "tables": tables }))
        .map_err(|e| FfqError::internal(e.to_string()))?;
    std::fs::write(&catalog, text)
        .map_err(|e| FfqError::io(format!("cannot write {}: {e}", catalog.display())))?;
    Ok(catalog)
}

fn write_table(table: &str, sf: f64, dir: &Path) -> Result<()> {
    let final_path = dir.join(format!("{table}.parquet"));
    let tmp_path = dir.join(format!(".{table}.parquet.{}.tmp", std::process::id()));
    let io = |e: std::io::Error| FfqError::io(format!("cannot write {}: {e}", tmp_path.display()));
    let file = File::create(&tmp_path).map_err(io)?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let source = reader(table, sf);
    let mut writer = ArrowWriter::try_new(file, Arc::clone(&source.schema()), Some(props))
        .map_err(|e| FfqError::io(e.to_string()))?;
    for batch in source {
        let batch = batch?;
        writer.write(&batch).map_err(|e| FfqError::io(e.to_string()))?;
    }
    writer.close().map_err(|e| FfqError::io(e.to_string()))?;
    // Readers see a whole file or none.
    std::fs::rename(&tmp_path, &final_path).map_err(io)?;
    Ok(())
}
