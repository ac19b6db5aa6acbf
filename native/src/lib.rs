//! ffq-native: the FFQ query engine on Apache DataFusion.
//!
//! One library, three faces over the same internals: FFQ's C ABI
//! (`include/ffq_ffi.h`, module [`ffi`]), JNI entry points for the ffq-jdbc
//! driver (module [`jni`]), and this Rust API.

pub mod catalog;
pub mod config;
pub mod engine;
pub mod error;
pub mod ffi;
pub mod jni;
pub mod runtime;
pub mod statement;
pub mod stream;
pub mod testhooks;
pub mod tpch;

pub use engine::Engine;
pub use error::{FfqError, FfqStatusCode};
