//! Table definitions and catalog files.
//!
//! A table is `{name, uri | paths, format, schema?, options?, stats?}`;
//! `paths` wins over `uri`. A catalog file is `.json` or `.toml`, holding a
//! bare list (JSON only) or `{"tables": [...]}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use serde::{Deserialize, Serialize};

use crate::error::{FfqError, Result};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Vec<ColumnDef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<TableStats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    #[serde(default = "yes")]
    pub nullable: bool,
}

fn yes() -> bool {
    true
}

/// Advisory statistics; validated and kept with the definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStats {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Parquet,
    Csv,
    Json,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Parquet => ".parquet",
            TableFormat::Csv => ".csv",
            TableFormat::Json => ".json",
        }
    }
}

impl TableDef {
    pub fn parse_json(text: &str) -> Result<TableDef> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| FfqError::invalid_config(format!("table JSON is not valid JSON: {e}")))?;
        Self::from_value(value)
    }

    fn from_value(value: serde_json::Value) -> Result<TableDef> {
        let def: TableDef = serde_json::from_value(value)
            .map_err(|e| FfqError::invalid_config(format!("invalid table definition: {e}")))?;
        def.validate()?;
        Ok(def)
    }

    fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(FfqError::invalid_config("invalid table definition: 'name' is empty"));
        }
        self.format()?;
        self.locations()?;
        self.arrow_schema()?;
        Ok(())
    }

    pub fn format(&self) -> Result<TableFormat> {
        match self.format.to_ascii_lowercase().as_str() {
            "parquet" => Ok(TableFormat::Parquet),
            "csv" => Ok(TableFormat::Csv),
            "json" | "ndjson" => Ok(TableFormat::Json),
            other => Err(FfqError::invalid_config(format!(
                "table '{}': unknown format '{other}'; expected parquet, csv or json",
                self.name
            ))),
        }
    }

    /// `paths` wins over `uri`; neither is INVALID_CONFIG.
    pub fn locations(&self) -> Result<Vec<String>> {
        match (&self.paths, &self.uri) {
            (Some(paths), _) if !paths.is_empty() => Ok(paths.clone()),
            (_, Some(uri)) if !uri.trim().is_empty() => Ok(vec![uri.clone()]),
            _ => Err(FfqError::invalid_config(format!(
                "table '{}' has neither 'paths' nor 'uri'",
                self.name
            ))),
        }
    }

    pub fn arrow_schema(&self) -> Result<Option<Schema>> {
        let Some(columns) = &self.schema else { return Ok(None) };
        let mut fields = Vec::with_capacity(columns.len());
        for c in columns {
            let dt = parse_data_type(&c.data_type).map_err(|m| {
                FfqError::invalid_config(format!("table '{}', column '{}': {m}", self.name, c.name))
            })?;
            fields.push(Field::new(&c.name, dt, c.nullable));
        }
        Ok(Some(Schema::new(fields)))
    }

    /// Resolves relative local paths against `base` (a catalog file's folder).
    pub fn resolve_relative_to(&mut self, base: &Path) {
        let fix = |p: &String| -> String {
            if p.contains("://") || Path::new(p).is_absolute() {
                p.clone()
            } else {
                base.join(p).to_string_lossy().into_owned()
            }
        };
        if let Some(paths) = &mut self.paths {
            *paths = paths.iter().map(fix).collect();
        }
        if let Some(uri) = &mut self.uri {
            *uri = fix(uri);
        }
    }

    pub fn bool_option(&self, key: &str, default: bool) -> Result<bool> {
        match self.options.as_ref().and_then(|o| o.get(key)) {
            None => Ok(default),
            Some(serde_json::Value::Bool(b)) => Ok(*b),
            Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(FfqError::invalid_config(format!(
                "table '{}': option '{key}' must be true or false, got {v}",
                self.name
            ))),
        }
    }

    pub fn char_option(&self, key: &str, default: u8) -> Result<u8> {
        match self.options.as_ref().and_then(|o| o.get(key)) {
            None => Ok(default),
            Some(serde_json::Value::String(s)) if s.len() == 1 => Ok(s.as_bytes()[0]),
            Some(v) => Err(FfqError::invalid_config(format!(
                "table '{}': option '{key}' must be a single ASCII character, got {v}",
                self.name
            ))),
        }
    }

    /// Checks that only options meaningful for the format are given.
    pub fn check_options(&self, allowed: &[&str]) -> Result<()> {
        if let Some(options) = &self.options {
            for key in options.keys() {
                if !allowed.contains(&key.as_str()) {
                    return Err(FfqError::invalid_config(format!(
                        "table '{}': unknown option '{key}' for format {}; accepted: {}",
                        self.name,
                        self.format,
                        if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") }
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn set_schema(&mut self, schema: &Schema) {
        self.schema = Some(
            schema
                .fields()
                .iter()
                .map(|f| ColumnDef {
                    name: f.name().clone(),
                    data_type: format_data_type(f.data_type()),
                    nullable: f.is_nullable(),
                })
                .collect(),
        );
    }
}

/// A catalog file's tables, with relative paths resolved against its folder.
pub fn load_catalog_file(path: &Path) -> Result<Vec<TableDef>> {
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    let text = || {
        std::fs::read_to_string(path)
            .map_err(|e| FfqError::io(format!("cannot read catalog file {}: {e}", path.display())))
    };
    let value: serde_json::Value = match ext.as_deref() {
        Some("json") => serde_json::from_str(&text()?).map_err(|e| {
            FfqError::invalid_config(format!("catalog file {} is not valid JSON: {e}", path.display()))
        })?,
        Some("toml") => {
            let t: toml::Value = toml::from_str(&text()?).map_err(|e| {
                FfqError::invalid_config(format!("catalog file {} is not valid TOML: {e}", path.display()))
            })?;
            serde_json::to_value(t).map_err(|e| FfqError::invalid_config(e.to_string()))?
        }
        _ => {
            return Err(FfqError::invalid_config(format!(
                "catalog file {} must end in .json or .toml",
                path.display()
            )))
        }
    };
    let list = match value {
        serde_json::Value::Array(list) => list,
        serde_json::Value::Object(mut map) => match map.remove("tables") {
            Some(serde_json::Value::Array(list)) if map.is_empty() => list,
            _ => {
                return Err(FfqError::invalid_config(format!(
                    "catalog file {} must hold a list of tables or {{\"tables\": [...]}} and nothing else",
                    path.display()
                )))
            }
        },
        _ => {
            return Err(FfqError::invalid_config(format!(
                "catalog file {} must hold a list of tables or {{\"tables\": [...]}}",
                path.display()
            )))
        }
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    list.into_iter()
        .map(|v| {
            let mut def = TableDef::from_value(v).map_err(|e| {
                FfqError::invalid_config(format!("catalog file {}: {}", path.display(), e.message))
            })?;
            def.resolve_relative_to(&base);
            Ok(def)
        })
        .collect()
}

/// Rewrites a catalog file with the given definitions, keeping its format.
/// Written to a temporary file and moved into place so readers never see half a file.
pub fn write_catalog_file(path: &Path, defs: &[TableDef]) -> Result<()> {
    let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    #[derive(Serialize)]
    struct Tables<'a> {
        tables: &'a [TableDef],
    }
    let text = if is_toml {
        toml::to_string_pretty(&Tables { tables: defs })
            .map_err(|e| FfqError::internal(format!("cannot write TOML catalog: {e}")))?
    } else {
        serde_json::to_string_pretty(&Tables { tables: defs })
            .map_err(|e| FfqError::internal(format!("cannot write JSON catalog: {e}")))?
    };
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| FfqError::io(format!("cannot write catalog file {}: {e}", path.display())))
}

/// Column types as written in a table's `schema`: SQL names and Arrow names.
pub fn parse_data_type(text: &str) -> std::result::Result<DataType, String> {
    let t = text.trim().to_ascii_lowercase();
    let dt = match t.as_str() {
        "bool" | "boolean" => DataType::Boolean,
        "int8" | "tinyint" => DataType::Int8,
        "int16" | "smallint" => DataType::Int16,
        "int32" | "int" | "integer" => DataType::Int32,
        "int64" | "bigint" | "long" => DataType::Int64,
        "uint8" => DataType::UInt8,
        "uint16" => DataType::UInt16,
        "uint32" => DataType::UInt32,
        "uint64" => DataType::UInt64,
        "float32" | "float" | "real" => DataType::Float32,
        "float64" | "double" => DataType::Float64,
        "utf8" | "string" | "varchar" | "text" => DataType::Utf8,
        "large_utf8" => DataType::LargeUtf8,
        "utf8_view" => DataType::Utf8View,
        "binary" | "bytea" | "varbinary" => DataType::Binary,
        "date" | "date32" => DataType::Date32,
        "timestamp" | "timestamp_us" => DataType::Timestamp(TimeUnit::Microsecond, None),
        "timestamp_ms" => DataType::Timestamp(TimeUnit::Millisecond, None),
        "timestamp_ns" => DataType::Timestamp(TimeUnit::Nanosecond, None),
        "timestamptz" | "timestamp_utc" => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        "time" | "time64" => DataType::Time64(TimeUnit::Microsecond),
        _ => {
            if let Some(args) = t.strip_prefix("decimal(").and_then(|r| r.strip_suffix(')')) {
                let (p, s) = args.split_once(',').unwrap_or((args, "0"));
                let p: u8 = p.trim().parse().map_err(|_| format!("bad decimal precision in '{text}'"))?;
                let s: i8 = s.trim().parse().map_err(|_| format!("bad decimal scale in '{text}'"))?;
                if p == 0 || p > 38 || s < 0 || s as u8 > p {
                    return Err(format!("decimal '{text}' needs 1 <= precision <= 38 and 0 <= scale <= precision"));
                }
                DataType::Decimal128(p, s)
            } else {
                return Err(format!(
                    "unknown type '{text}'; expected boolean, int8..int64, uint8..uint64, float32, float64, \
                     utf8/varchar, binary, date, timestamp[_ms|_us|_ns], timestamptz, time, decimal(p,s)"
                ));
            }
        }
    };
    Ok(dt)
}

/// The name `parse_data_type` reads back, for schema write-back; Arrow's own
/// rendering for anything it has no short name for.
pub fn format_data_type(dt: &DataType) -> String {
    match dt {
        DataType::Boolean => "boolean".into(),
        DataType::Int8 => "int8".into(),
        DataType::Int16 => "int16".into(),
        DataType::Int32 => "int32".into(),
        DataType::Int64 => "int64".into(),
        DataType::UInt8 => "uint8".into(),
        DataType::UInt16 => "uint16".into(),
        DataType::UInt32 => "uint32".into(),
        DataType::UInt64 => "uint64".into(),
        DataType::Float32 => "float32".into(),
        DataType::Float64 => "float64".into(),
        DataType::Utf8 => "utf8".into(),
        DataType::LargeUtf8 => "large_utf8".into(),
        DataType::Utf8View => "utf8_view".into(),
        DataType::Binary => "binary".into(),
        DataType::Date32 => "date".into(),
        DataType::Timestamp(TimeUnit::Millisecond, None) => "timestamp_ms".into(),
        DataType::Timestamp(TimeUnit::Microsecond, None) => "timestamp".into(),
        DataType::Timestamp(TimeUnit::Nanosecond, None) => "timestamp_ns".into(),
        DataType::Timestamp(TimeUnit::Microsecond, Some(tz)) if tz.as_ref() == "UTC" => "timestamptz".into(),
        DataType::Time64(TimeUnit::Microsecond) => "time".into(),
        DataType::Decimal128(p, s) => format!("decimal({p},{s})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_win_over_uri_and_neither_is_an_error() {
        let d = TableDef::parse_json(r#"{"name":"t","uri":"a.parquet","paths":["b.parquet"],"format":"parquet"}"#)
            .unwrap();
        assert_eq!(d.locations().unwrap(), vec!["b.parquet".to_string()]);
        let e = TableDef::parse_json(r#"{"name":"t","format":"parquet"}"#).unwrap_err();
        assert!(e.message.contains("neither 'paths' nor 'uri'"), "{}", e.message);
    }

    #[test]
    fn unknown_fields_formats_and_types_are_named() {
        let e = TableDef::parse_json(r#"{"name":"t","uri":"x","format":"parquet","colour":1}"#).unwrap_err();
        assert!(e.message.contains("colour"), "{}", e.message);
        let e = TableDef::parse_json(r#"{"name":"t","uri":"x","format":"orc"}"#).unwrap_err();
        assert!(e.message.contains("unknown format 'orc'"));
        let e = TableDef::parse_json(
            r#"{"name":"t","uri":"x","format":"csv","schema":[{"name":"a","type":"int128"}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("column 'a'") && e.message.contains("int128"), "{}", e.message);
    }

    #[test]
    fn types_round_trip() {
        for t in ["boolean", "int64", "utf8", "date", "timestamp", "timestamptz", "decimal(15,2)", "float64"] {
            assert_eq!(format_data_type(&parse_data_type(t).unwrap()), t);
        }
    }
}
