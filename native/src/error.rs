//! Errors as data: every failure carries an FFQ status code, a SQLState and
//! a message, and is classified once here so the C ABI and JNI agree.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;

use arrow::error::ArrowError;
use datafusion::error::DataFusionError;

/// FFQ's published status codes. The numeric values are part of the C ABI.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FfqStatusCode {
    Ok = 0,
    InvalidConfig = 1,
    Planning = 2,
    Execution = 3,
    Io = 4,
    Unsupported = 5,
    Internal = 6,
}

impl FfqStatusCode {
    /// Every code, in numeric order. The header `include/ffq_ffi.h` is the source of
    /// truth; a test checks this list (and the Java enum) against it.
    pub const ALL: [FfqStatusCode; 7] = [
        FfqStatusCode::Ok,
        FfqStatusCode::InvalidConfig,
        FfqStatusCode::Planning,
        FfqStatusCode::Execution,
        FfqStatusCode::Io,
        FfqStatusCode::Unsupported,
        FfqStatusCode::Internal,
    ];

    /// The name as in the header, without the `FFQ_STATUS_` prefix.
    pub fn c_name(self) -> &'static std::ffi::CStr {
        match self {
            FfqStatusCode::Ok => c"OK",
            FfqStatusCode::InvalidConfig => c"INVALID_CONFIG",
            FfqStatusCode::Planning => c"PLANNING",
            FfqStatusCode::Execution => c"EXECUTION",
            FfqStatusCode::Io => c"IO",
            FfqStatusCode::Unsupported => c"UNSUPPORTED",
            FfqStatusCode::Internal => c"INTERNAL",
        }
    }

    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or("UNKNOWN")
    }

    pub fn from_i32(code: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|c| *c as i32 == code)
    }
}

/// A failure: status, SQLState (five characters), a message for people, and the
/// engine's full report where it says more than the message (empty otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfqError {
    pub status: FfqStatusCode,
    pub sqlstate: &'static str,
    pub message: String,
    pub detail: String,
}

pub type Result<T> = std::result::Result<T, FfqError>;

impl FfqError {
    pub fn new(status: FfqStatusCode, sqlstate: &'static str, message: impl Into<String>) -> Self {
        FfqError { status, sqlstate, message: message.into(), detail: String::new() }
    }

    fn with_detail(mut self, detail: String) -> Self {
        if detail != self.message {
            self.detail = detail;
        }
        self
    }

    /// A bad config key, value, table definition or catalog file.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(FfqStatusCode::InvalidConfig, "22023", message)
    }

    /// SQL the engine does not support. SQLState 42000, not 0A000: connection pools
    /// (HikariCP, DBCP) read 0A000 as a broken connection and evict it.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(FfqStatusCode::Unsupported, "42000", message)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Self::new(FfqStatusCode::Io, "58030", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(FfqStatusCode::Internal, "XX000", message)
    }

    pub fn cancelled() -> Self {
        Self::new(FfqStatusCode::Execution, "57014", "statement cancelled")
    }

    pub fn read_only(what: &str) -> Self {
        Self::new(
            FfqStatusCode::Planning,
            "25006",
            format!("read-only connection: {what} is not allowed"),
        )
    }

    /// A caught panic becomes INTERNAL with the panic's message.
    pub fn from_panic(payload: Box<dyn Any + Send>) -> Self {
        let what = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic payload".to_string()
        };
        Self::internal(format!("internal error (panic in engine): {what}"))
    }
}

impl fmt::Display for FfqError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for FfqError {}

impl From<DataFusionError> for FfqError {
    fn from(e: DataFusionError) -> Self {
        // An error of ours that travelled through DataFusion keeps its own words.
        if let DataFusionError::External(inner) = e.find_root() {
            if let Some(f) = inner.downcast_ref::<FfqError>() {
                return f.clone();
            }
        }
        let (status, sqlstate) = classify(&e);
        FfqError::new(status, sqlstate, human(&e)).with_detail(e.to_string())
    }
}

impl From<ArrowError> for FfqError {
    fn from(e: ArrowError) -> Self {
        let (status, sqlstate) = classify_arrow(&e);
        FfqError::new(status, sqlstate, human_arrow(&e)).with_detail(e.to_string())
    }
}

/// The message for people: the root cause without the wrappers (optimizer rule names,
/// category prefixes, Rust `Debug` text); parser errors with their line, column and token.
fn human(e: &DataFusionError) -> String {
    use datafusion::sql::sqlparser::parser::ParserError;
    let root = e.find_root();
    match root {
        DataFusionError::SQL(pe, _) => match pe.as_ref() {
            ParserError::ParserError(m) | ParserError::TokenizerError(m) => syntax(m),
            ParserError::RecursionLimitExceeded => "syntax error: the statement nests too deeply".to_string(),
        },
        DataFusionError::Plan(m) | DataFusionError::Execution(m) | DataFusionError::Configuration(m) => {
            first_line(m)
        }
        DataFusionError::NotImplemented(m) if m.starts_with(UNPLANNED) => unplanned(&m[UNPLANNED.len()..]),
        DataFusionError::NotImplemented(m) => {
            let m = first_line(m.strip_prefix("This feature is not implemented: ").unwrap_or(m));
            if m.to_ascii_lowercase().contains("support") {
                m
            } else {
                format!("not supported: {m}")
            }
        }
        DataFusionError::SchemaError(se, _) => first_line(&se.to_string()),
        DataFusionError::ArrowError(ae, _) => human_arrow(ae),
        DataFusionError::External(inner) => match inner.downcast_ref::<ArrowError>() {
            Some(ae) => human_arrow(ae),
            None => first_line(&inner.to_string()),
        },
        DataFusionError::IoError(io) => io.to_string(),
        DataFusionError::ParquetError(pe) => format!("Parquet: {pe}"),
        DataFusionError::ResourcesExhausted(m) => format!("out of memory: {}", first_line(m)),
        other => first_line(&other.to_string()),
    }
}

/// DataFusion's words for a subquery its optimizer could not turn into a join; what follows
/// is the expression's `Debug` text.
const UNPLANNED: &str = "Physical plan does not support logical expression ";

fn unplanned(what: &str) -> String {
    let kind = what.split(['(', ' ']).next().unwrap_or(what);
    match kind {
        "ScalarSubquery" => "not supported: a correlated scalar subquery whose correlation is not an equality \
                             (or that the engine cannot turn into a join)"
            .to_string(),
        "Exists" => "not supported: EXISTS (subquery) here; the engine runs it in WHERE and HAVING \
                     conditions joined by AND"
            .to_string(),
        "InSubquery" => "not supported: IN (subquery) here; the engine runs it in WHERE and HAVING \
                         conditions joined by AND"
            .to_string(),
        other => format!("not supported: the expression {other} in this position"),
    }
}

fn human_arrow(e: &ArrowError) -> String {
    match e {
        ArrowError::DivideByZero => "division by zero".to_string(),
        ArrowError::CastError(m) => first_line(m),
        ArrowError::ComputeError(m) | ArrowError::InvalidArgumentError(m) | ArrowError::ParseError(m) => first_line(m),
        ArrowError::ArithmeticOverflow(m) => format!("numeric overflow: {}", first_line(m)),
        ArrowError::ExternalError(inner) => first_line(&inner.to_string()),
        other => first_line(&other.to_string()),
    }
}

/// DataFusion appends backtraces and notes after a blank line; the message is the first part.
fn first_line(m: &str) -> String {
    m.split("\n\n").next().unwrap_or(m).trim().to_string()
}

/// `Expected: end of statement, found: select at Line: 2, Column: 1` becomes
/// `syntax error at line 2, column 1: expected end of statement, found 'select'`.
fn syntax(m: &str) -> String {
    let (body, position) = match m.rfind(" at Line: ") {
        Some(i) => {
            let pos = &m[i + " at Line: ".len()..];
            match pos.split_once(", Column: ") {
                Some((line, col)) if line.trim().parse::<u64>().is_ok() && col.trim().parse::<u64>().is_ok() => {
                    (&m[..i], format!(" at line {}, column {}", line.trim(), col.trim()))
                }
                _ => (m, String::new()),
            }
        }
        None => (m, String::new()),
    };
    let body = match body.strip_prefix("Expected: ").and_then(|b| b.rsplit_once(", found: ")) {
        Some((expected, found)) => format!("expected {expected}, found '{found}'"),
        None => {
            let mut b = body.to_string();
            if let Some(c) = b.get(0..1) {
                b.replace_range(0..1, &c.to_ascii_lowercase());
            }
            b
        }
    };
    format!("syntax error{position}: {body}")
}

fn classify(e: &DataFusionError) -> (FfqStatusCode, &'static str) {
    use FfqStatusCode::*;
    use datafusion::common::SchemaError;
    match e.find_root() {
        DataFusionError::SQL(..) => (Planning, "42601"),
        DataFusionError::Plan(msg) if msg.starts_with("table '") && msg.ends_with("not found") => (Planning, "42P01"),
        DataFusionError::Plan(msg) if msg.contains("No field named") => (Planning, "42703"),
        DataFusionError::SchemaError(se, _) => match se.as_ref() {
            SchemaError::FieldNotFound { .. } => (Planning, "42703"),
            SchemaError::AmbiguousReference { .. } => (Planning, "42702"),
            SchemaError::DuplicateQualifiedField { .. } | SchemaError::DuplicateUnqualifiedField { .. } => {
                (Planning, "42701")
            }
        },
        DataFusionError::Plan(_) => (Planning, "42000"),
        DataFusionError::Configuration(_) => (InvalidConfig, "22023"),
        DataFusionError::NotImplemented(_) => (Unsupported, "42000"),
        DataFusionError::IoError(_) | DataFusionError::ObjectStore(_) => (Io, "58030"),
        DataFusionError::ParquetError(_) => (Io, "58030"),
        DataFusionError::ResourcesExhausted(_) => (Execution, "53200"),
        DataFusionError::ArrowError(ae, _) => classify_arrow(ae),
        DataFusionError::Execution(msg) => classify_message(msg),
        DataFusionError::External(inner) => {
            if let Some(f) = inner.downcast_ref::<FfqError>() {
                (f.status, f.sqlstate)
            } else if let Some(ae) = inner.downcast_ref::<ArrowError>() {
                classify_arrow(ae)
            } else if inner.downcast_ref::<std::io::Error>().is_some() {
                (Io, "58030")
            } else {
                classify_message(&inner.to_string())
            }
        }
        DataFusionError::Internal(_) | DataFusionError::ExecutionJoin(_) => (Internal, "XX000"),
        _ => (Execution, "HY000"),
    }
}

fn classify_arrow(e: &ArrowError) -> (FfqStatusCode, &'static str) {
    use FfqStatusCode::*;
    match e {
        ArrowError::DivideByZero => (Execution, "22012"),
        ArrowError::ArithmeticOverflow(_) => (Execution, "22003"),
        ArrowError::CastError(_) | ArrowError::ParseError(_) => (Execution, "22018"),
        ArrowError::InvalidArgumentError(_) => (Execution, "22023"),
        ArrowError::ComputeError(msg) => classify_message(msg),
        ArrowError::IoError(..) => (Io, "58030"),
        ArrowError::MemoryError(_) => (Execution, "53200"),
        ArrowError::ExternalError(inner) => match inner.downcast_ref::<FfqError>() {
            Some(f) => (f.status, f.sqlstate),
            None => classify_message(&inner.to_string()),
        },
        _ => (Execution, "HY000"),
    }
}

/// DataFusion reports many data errors as plain execution errors; the
/// message is all there is to go on.
fn classify_message(msg: &str) -> (FfqStatusCode, &'static str) {
    use FfqStatusCode::*;
    let lower = msg.to_ascii_lowercase();
    if lower.contains("divide by zero") || lower.contains("division by zero") {
        (Execution, "22012")
    } else if lower.contains("overflow") || lower.contains("out of range") {
        (Execution, "22003")
    } else if lower.contains("cast") || lower.contains("cannot parse") {
        (Execution, "22018")
    } else {
        (Execution, "HY000")
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<FfqError>> = const { RefCell::new(None) };
}

/// Records the failure of the current thread's last C ABI call, for
/// `ffq_last_error_*` (a stream's failure stays with the stream).
pub fn set_last_error(e: &FfqError) {
    LAST_ERROR.with(|slot| *slot.borrow_mut() = Some(e.clone()));
}

pub fn clear_last_error() {
    LAST_ERROR.with(|slot| *slot.borrow_mut() = None);
}

pub fn last_error() -> Option<FfqError> {
    LAST_ERROR.with(|slot| slot.borrow().clone())
}

/// Runs `f`, turning a panic into INTERNAL. The one place where unwinding is
/// stopped before it can reach a foreign frame.
pub fn catch_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    crate::runtime::install_quiet_panic_hook();
    match crate::runtime::guarded(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))) {
        Ok(r) => r,
        Err(payload) => Err(FfqError::from_panic(payload)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_is_syntax() {
        let e: FfqError = DataFusionError::Plan("table 'x' not found".into()).into();
        assert_eq!((e.status, e.sqlstate), (FfqStatusCode::Planning, "42P01"));
        let e: FfqError = DataFusionError::Plan("something else".into()).into();
        assert_eq!((e.status, e.sqlstate), (FfqStatusCode::Planning, "42000"));
        let e: FfqError = DataFusionError::NotImplemented("x".into()).into();
        assert_eq!((e.status, e.sqlstate), (FfqStatusCode::Unsupported, "42000"));
        let e: FfqError = ArrowError::DivideByZero.into();
        assert_eq!(e.sqlstate, "22012");
    }

    #[test]
    fn messages_are_for_people() {
        use datafusion::sql::sqlparser::parser::ParserError;
        let e: FfqError = DataFusionError::SQL(
            Box::new(ParserError::ParserError("Expected: end of statement, found: select at Line: 2, Column: 1".into())),
            None,
        )
        .into();
        assert_eq!(e.message, "syntax error at line 2, column 1: expected end of statement, found 'select'");
        assert!(e.detail.contains("ParserError"), "{}", e.detail);
        let cast = DataFusionError::ArrowError(Box::new(ArrowError::CastError("Cannot cast string 'x' to value of Int32 type".into())), None);
        let e: FfqError = DataFusionError::Context("Optimizer rule 'simplify_expressions' failed".into(), Box::new(cast)).into();
        assert_eq!(e.message, "Cannot cast string 'x' to value of Int32 type");
        assert!(e.detail.contains("simplify_expressions"), "{}", e.detail);
        assert_eq!(e.sqlstate, "22018");
    }

    #[test]
    fn unplanned_subqueries_are_named_not_dumped() {
        let e: FfqError = DataFusionError::NotImplemented(
            "Physical plan does not support logical expression InSubquery(InSubquery { expr: Column(..) })".into(),
        )
        .into();
        assert!(e.message.starts_with("not supported: IN (subquery) here"), "{}", e.message);
        assert!(!e.message.contains('{'), "{}", e.message);
        assert_eq!(e.sqlstate, "42000");
    }

    #[test]
    fn context_is_unwrapped() {
        let inner = DataFusionError::ResourcesExhausted("pool".into());
        let e: FfqError = DataFusionError::Context("while sorting".into(), Box::new(inner)).into();
        assert_eq!(e.sqlstate, "53200");
    }

    #[test]
    fn panic_becomes_internal() {
        let r: Result<()> = catch_panic(|| panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.status, FfqStatusCode::Internal);
        assert!(e.message.contains("boom"), "{}", e.message);
    }
}
