//! Engine configuration: FFQ's config keys, from `k=v` pairs, JSON, and the
//! environment. Keys are case-insensitive; an unknown key or a bad value is
//! INVALID_CONFIG naming the key and what is accepted.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::error::{FfqError, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaInference {
    Off,
    On,
    Strict,
    Permissive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriftPolicy {
    Fail,
    Refresh,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EngineConfig {
    pub batch_size_rows: usize,
    pub mem_budget_bytes: usize,
    pub shuffle_partitions: Option<usize>,
    pub broadcast_threshold_bytes: Option<usize>,
    pub spill_dir: Option<PathBuf>,
    pub catalog_path: Option<PathBuf>,
    pub coordinator_endpoint: Option<String>,
    pub schema_inference: SchemaInference,
    pub schema_drift_policy: DriftPolicy,
    pub schema_writeback: bool,
}

pub const DEFAULT_BATCH_SIZE_ROWS: usize = 8192;
pub const DEFAULT_MEM_BUDGET_BYTES: usize = 512 * 1024 * 1024;
/// Upper bounds: each value past them makes the engine allocate per batch or per
/// partition far beyond any budget (a batch of 2^30 rows, 2^30 hash partitions).
pub const MAX_BATCH_SIZE_ROWS: usize = 1 << 20;
pub const MAX_SHUFFLE_PARTITIONS: usize = 1024;
pub const MIN_MEM_BUDGET_BYTES: usize = 1 << 20;

/// The machine's physical memory, the ceiling for `mem_budget_bytes`; `None` where
/// the platform does not say.
pub fn physical_memory_bytes() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Every key, with what it accepts; the order is the documented order.
pub const KEYS: &[(&str, &str)] = &[
    ("batch_size_rows", "an integer from 1 to 1048576 (rows per batch, default 8192)"),
    ("mem_budget_bytes", "a byte count from 1m up to the machine's memory, such as 536870912 or 512m (default 512m)"),
    ("shuffle_partitions", "an integer from 1 to 1024 (default: the number of cores)"),
    ("broadcast_threshold_bytes", "a byte count up to mem_budget_bytes, such as 1048576 or 1m"),
    ("spill_dir", "a directory path"),
    ("catalog_path", "a path to a .json or .toml catalog file"),
    ("coordinator_endpoint", "host:port of a Ballista scheduler (distributed execution)"),
    ("schema_inference", "one of off, on, strict, permissive"),
    ("schema_drift_policy", "one of fail, refresh"),
    ("schema_writeback", "true or false"),
];

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            batch_size_rows: DEFAULT_BATCH_SIZE_ROWS,
            mem_budget_bytes: DEFAULT_MEM_BUDGET_BYTES,
            shuffle_partitions: None,
            broadcast_threshold_bytes: None,
            spill_dir: None,
            catalog_path: None,
            coordinator_endpoint: None,
            schema_inference: SchemaInference::On,
            schema_drift_policy: DriftPolicy::Fail,
            schema_writeback: false,
        }
    }
}

impl EngineConfig {
    /// Parses `k=v` pairs separated by `,` or `;`. Empty segments are ignored.
    pub fn from_kv(text: &str) -> Result<Self> {
        let mut config = EngineConfig::default();
        let mut seen = HashSet::new();
        for pair in text.split([',', ';']) {
            let pair = pair.trim();
            if pair.is_empty() {
                continue;
            }
            let Some((key, value)) = pair.split_once('=') else {
                return Err(FfqError::invalid_config(format!(
                    "invalid config entry '{pair}': expected key=value"
                )));
            };
            config.set_once(&mut seen, key.trim(), value.trim())?;
        }
        config.apply_env();
        config.validate()?;
        Ok(config)
    }

    /// Parses a JSON object whose values are strings, numbers or booleans.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| FfqError::invalid_config(format!("config JSON is not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(FfqError::invalid_config("config JSON must be an object of key: value"));
        };
        let mut config = EngineConfig::default();
        let mut seen = HashSet::new();
        for (key, value) in map {
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Null => continue,
                other => {
                    return Err(FfqError::invalid_config(format!(
                        "config key '{key}' must be a string, number or boolean, got {other}"
                    )))
                }
            };
            config.set_once(&mut seen, &key, &text)?;
        }
        config.apply_env();
        config.validate()?;
        Ok(config)
    }

    fn set_once(&mut self, seen: &mut HashSet<String>, key: &str, value: &str) -> Result<()> {
        let lower = key.to_ascii_lowercase();
        self.set(&lower, value)?;
        if !seen.insert(lower.clone()) {
            return Err(FfqError::invalid_config(format!("config key '{lower}' is given more than once")));
        }
        Ok(())
    }

    /// Sets one key (case-insensitive).
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let key = key.to_ascii_lowercase();
        match key.as_str() {
            "batch_size_rows" => self.batch_size_rows = bounded(&key, value, MAX_BATCH_SIZE_ROWS)?,
            "mem_budget_bytes" => {
                let n = parse_bytes(&key, value)?;
                let max = physical_memory_bytes().unwrap_or(usize::MAX);
                if n < MIN_MEM_BUDGET_BYTES || n > max {
                    return Err(FfqError::invalid_config(format!(
                        "invalid value '{value}' for config key '{key}': expected a byte count from 1m to {} \
                         (this machine's memory)",
                        max
                    )));
                }
                self.mem_budget_bytes = n
            }
            "shuffle_partitions" => self.shuffle_partitions = Some(bounded(&key, value, MAX_SHUFFLE_PARTITIONS)?),
            "broadcast_threshold_bytes" => {
                self.broadcast_threshold_bytes = Some(parse_bytes(&key, value)?)
            }
            "spill_dir" => self.spill_dir = Some(PathBuf::from(non_empty(&key, value)?)),
            "catalog_path" => self.catalog_path = Some(PathBuf::from(non_empty(&key, value)?)),
            "coordinator_endpoint" => {
                self.coordinator_endpoint = Some(non_empty(&key, value)?.to_string())
            }
            "schema_inference" => {
                self.schema_inference = match value.to_ascii_lowercase().as_str() {
                    "off" => SchemaInference::Off,
                    "on" => SchemaInference::On,
                    "strict" => SchemaInference::Strict,
                    "permissive" => SchemaInference::Permissive,
                    _ => return Err(bad_value(&key, value)),
                }
            }
            "schema_drift_policy" => {
                self.schema_drift_policy = match value.to_ascii_lowercase().as_str() {
                    "fail" => DriftPolicy::Fail,
                    "refresh" => DriftPolicy::Refresh,
                    _ => return Err(bad_value(&key, value)),
                }
            }
            "schema_writeback" => {
                self.schema_writeback = match value.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(bad_value(&key, value)),
                }
            }
            _ => {
                let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                return Err(FfqError::invalid_config(format!(
                    "unknown config key '{key}'; known keys: {}",
                    known.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Checks between keys: a broadcast side must fit in the memory budget.
    pub fn validate(&self) -> Result<()> {
        if let Some(b) = self.broadcast_threshold_bytes {
            if b > self.mem_budget_bytes {
                return Err(FfqError::invalid_config(format!(
                    "invalid value '{b}' for config key 'broadcast_threshold_bytes': expected at most \
                     mem_budget_bytes ({})",
                    self.mem_budget_bytes
                )));
            }
        }
        Ok(())
    }

    /// `catalog_path` and `coordinator_endpoint` fall back to the environment.
    fn apply_env(&mut self) {
        if self.catalog_path.is_none() {
            if let Some(p) = std::env::var_os("FFQ_CATALOG_PATH").filter(|p| !p.is_empty()) {
                self.catalog_path = Some(PathBuf::from(p));
            }
        }
        if self.coordinator_endpoint.is_none() {
            if let Ok(e) = std::env::var("FFQ_COORDINATOR_ENDPOINT") {
                if !e.trim().is_empty() {
                    self.coordinator_endpoint = Some(e);
                }
            }
        }
    }

    /// The default config with the environment applied.
    pub fn from_env() -> Self {
        let mut c = EngineConfig::default();
        c.apply_env();
        c
    }
}

fn accepted(key: &str) -> &'static str {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, a)| *a).unwrap_or("")
}

fn bad_value(key: &str, value: &str) -> FfqError {
    FfqError::invalid_config(format!(
        "invalid value '{value}' for config key '{key}': expected {}",
        accepted(key)
    ))
}

fn non_empty<'a>(key: &str, value: &'a str) -> Result<&'a str> {
    if value.trim().is_empty() {
        Err(bad_value(key, value))
    } else {
        Ok(value)
    }
}

fn bounded(key: &str, value: &str, max: usize) -> Result<usize> {
    match value.trim().parse::<usize>() {
        Ok(n) if n > 0 && n <= max => Ok(n),
        _ => Err(bad_value(key, value)),
    }
}

/// A byte count with an optional binary suffix: k, m, g (also kb, kib, ...).
fn parse_bytes(key: &str, value: &str) -> Result<usize> {
    let v = value.trim().to_ascii_lowercase();
    let digits_end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (num, suffix) = v.split_at(digits_end);
    let multiplier: usize = match suffix.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad_value(key, value)),
    };
    num.parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| bad_value(key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kv_pairs_with_both_separators_and_any_case() {
        let c = EngineConfig::from_kv("BATCH_SIZE_ROWS=1024; shuffle_partitions=3,mem_budget_bytes=64m").unwrap();
        assert_eq!(c.batch_size_rows, 1024);
        assert_eq!(c.shuffle_partitions, Some(3));
        assert_eq!(c.mem_budget_bytes, 64 << 20);
    }

    #[test]
    fn json_values_of_any_scalar_kind() {
        let c = EngineConfig::from_json(
            r#"{"batch_size_rows": 100, "schema_writeback": true, "schema_inference": "strict"}"#,
        )
        .unwrap();
        assert_eq!(c.batch_size_rows, 100);
        assert!(c.schema_writeback);
        assert_eq!(c.schema_inference, SchemaInference::Strict);
    }

    #[test]
    fn errors_name_the_key_and_what_is_accepted() {
        let e = EngineConfig::from_kv("nope=1").unwrap_err();
        assert!(e.message.contains("unknown config key 'nope'"), "{}", e.message);
        assert!(e.message.contains("batch_size_rows"));
        let e = EngineConfig::from_kv("batch_size_rows=0").unwrap_err();
        assert!(e.message.contains("'batch_size_rows'") && e.message.contains("from 1 to 1048576"), "{}", e.message);
        let e = EngineConfig::from_kv("schema_inference=maybe").unwrap_err();
        assert!(e.message.contains("off, on, strict, permissive"), "{}", e.message);
        let e = EngineConfig::from_kv("batch_size_rows").unwrap_err();
        assert!(e.message.contains("expected key=value"));
        let e = EngineConfig::from_kv("batch_size_rows=1;BATCH_SIZE_ROWS=2").unwrap_err();
        assert!(e.message.contains("more than once"));
        let e = EngineConfig::from_json("[1]").unwrap_err();
        assert_eq!(e.status, crate::error::FfqStatusCode::InvalidConfig);
        let e = EngineConfig::from_kv("mem_budget_bytes=12q").unwrap_err();
        assert!(e.message.contains("mem_budget_bytes"));
    }

    #[test]
    fn values_past_the_machine_are_refused() {
        for kv in [
            "batch_size_rows=1073741824",
            "shuffle_partitions=1073741824",
            "shuffle_partitions=1025",
            "mem_budget_bytes=100000g",
            "mem_budget_bytes=1k",
        ] {
            let e = EngineConfig::from_kv(kv).unwrap_err();
            let key = kv.split('=').next().unwrap();
            assert!(e.message.contains(&format!("'{key}'")), "{kv}: {}", e.message);
        }
        assert!(EngineConfig::from_kv("batch_size_rows=1048576;shuffle_partitions=1024").is_ok());
    }
}
