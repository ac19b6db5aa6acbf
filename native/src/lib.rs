//! ffq-native: the FFQ query engine on Apache DataFusion.
//!
//! One library, three faces over the same internals: FFQ's C ABI
//! (`include/ffq_ffi.h`, module [`ffi`]), JNI entry points for the ffq-jdbc
//! driver (module [`jni`]), and this Rust API.

pub mod cancel;
pub mod aggregates;
pub mod catalog;
pub mod config;
pub mod conjunction;
pub mod decimal;
pub mod engine;
pub mod error;
pub mod ffi;
pub mod guards;
pub mod handle;
pub mod indexes;
pub mod jni;
pub mod keyfilter;
pub mod kept;
pub mod localfs;
pub mod limits;
pub mod remote;
pub mod rewrite;
pub mod rules;
pub mod runtime;
pub mod statement;
pub mod stream;
pub mod subplans;
pub mod testhooks;

pub use engine::Engine;
pub use error::{FfqError, FfqStatusCode};
