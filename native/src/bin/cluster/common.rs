//! What the two cluster processes share: their command line and their log.

use std::collections::HashMap;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// `--name value` / `--name=value` options, each of `known` at most once.
pub struct Args {
    values: HashMap<String, String>,
    program: &'static str,
}

impl Args {
    /// The options given to this process; `--help` prints `usage` and exits 0, an
    /// unknown or repeated option prints why and exits 2.
    pub fn parse(program: &'static str, known: &[&str], usage: &str) -> Args {
        let mut values = HashMap::new();
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            if arg == "--help" || arg == "-h" {
                println!("{usage}");
                std::process::exit(0);
            }
            let (name, value) = match arg.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (arg.clone(), None),
            };
            if !known.contains(&name.as_str()) {
                fail(program, &format!("unknown option '{arg}'\n{usage}"));
            }
            let value = match value.or_else(|| it.next()) {
                Some(v) => v,
                None => fail(program, &format!("option {name} needs a value")),
            };
            if values.insert(name.clone(), value).is_some() {
                fail(program, &format!("option {name} is given twice"));
            }
        }
        Args { values, program }
    }

    pub fn text(&self, name: &str, default: &str) -> String {
        self.values.get(name).cloned().unwrap_or_else(|| default.to_string())
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> T {
        match self.values.get(name) {
            None => default,
            Some(v) => v
                .parse()
                .unwrap_or_else(|_| fail(self.program, &format!("option {name}: '{v}' is not a valid number"))),
        }
    }

    /// `host:port` of option `name`.
    pub fn host_port(&self, name: &str, default: &str) -> (String, u16) {
        let v = self.text(name, default);
        match v.rsplit_once(':').and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?))) {
            Some((h, p)) if !h.is_empty() && p > 0 => (h, p),
            _ => fail(self.program, &format!("option {name}: '{v}' is not host:port")),
        }
    }
}

pub fn fail(program: &str, message: &str) -> ! {
    eprintln!("{program}: {message}");
    std::process::exit(2)
}

/// Log records (Ballista logs through the `log` crate) to standard error, one line
/// each with the UTC time; the level comes from `FFQ_LOG` (error, warn, info, debug,
/// trace; info by default).
pub fn init_log() {
    let level = match std::env::var("FFQ_LOG").unwrap_or_default().to_ascii_lowercase().as_str() {
        "error" => log::LevelFilter::Error,
        "warn" => log::LevelFilter::Warn,
        "debug" => log::LevelFilter::Debug,
        "trace" => log::LevelFilter::Trace,
        "off" => log::LevelFilter::Off,
        _ => log::LevelFilter::Info,
    };
    if log::set_logger(Box::leak(Box::new(Stderr { level }))).is_ok() {
        log::set_max_level(level);
    }
}

struct Stderr {
    level: log::LevelFilter,
}

impl log::Log for Stderr {
    fn enabled(&self, m: &log::Metadata) -> bool {
        // The HTTP/2 and gRPC layers are chatty below warn.
        let quiet = ["h2", "hyper", "tower", "tonic"].iter().any(|p| m.target().starts_with(p));
        m.level() <= self.level && (!quiet || m.level() <= log::Level::Warn)
    }

    fn log(&self, r: &log::Record) {
        if !self.enabled(r.metadata()) {
            return;
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let (secs, millis) = (now.as_secs(), now.subsec_millis());
        let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
        let line = format!("{h:02}:{m:02}:{s:02}.{millis:03} {:<5} {}: {}\n", r.level(), r.target(), r.args());
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    fn flush(&self) {
        let _ = std::io::stderr().flush();
    }
}

/// The runtime both processes run on (Ballista plans recurse: big stacks).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(32 << 20)
        .build()
        .unwrap_or_else(|e| fail("ffq-cluster", &format!("cannot start the runtime: {e}")))
}
