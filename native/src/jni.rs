//! JNI entry points for `io.ffq.jdbc.engine.NativeMethods`, over the same
//! engine internals as the C ABI.
//!
//! Handles are `jlong`s holding `Box` pointers. Every body runs under
//! `catch_unwind`; a failure throws `io.ffq.jdbc.engine.NativeException`
//! (status, SQLState, message) and returns a default value. A pending Java
//! exception is never overwritten.

use std::ffi::c_void;
use std::path::Path;
use std::sync::OnceLock;

use ::jni::objects::{GlobalRef, JClass, JObject, JString, JThrowable, JValue};
use ::jni::signature::{Primitive, ReturnType};
use ::jni::sys::{jboolean, jdouble, jint, jlong, jobject, JNI_FALSE, JNI_TRUE, JNI_VERSION_1_8};
use ::jni::{JNIEnv, JavaVM};

use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;

use crate::catalog::TableDef;
use crate::config::EngineConfig;
use crate::engine::Engine;
use crate::error::{catch_panic, take_last_error, FfqError, Result};
use crate::statement::{ExecOptions, Outcome, Statement};

const EXCEPTION_CLASS: &str = "io/ffq/jdbc/engine/NativeException";

/// Cached at load: the exception class and its constructor.
struct Refs {
    exception: GlobalRef,
    ctor: ::jni::objects::JMethodID,
}

static REFS: OnceLock<Refs> = OnceLock::new();

/// Caches class and method references. `FindClass` here resolves through the
/// class loader that loaded the library, so it finds the driver's classes.
#[no_mangle]
pub extern "system" fn JNI_OnLoad(vm: JavaVM, _reserved: *mut c_void) -> jint {
    let _ = std::panic::catch_unwind(|| {
        let Ok(mut env) = vm.get_env() else { return };
        let refs = (|| -> ::jni::errors::Result<Refs> {
            let class = env.find_class(EXCEPTION_CLASS)?;
            let ctor = env.get_method_id(&class, "<init>", "(ILjava/lang/String;Ljava/lang/String;)V")?;
            Ok(Refs { exception: env.new_global_ref(class)?, ctor })
        })();
        match refs {
            Ok(r) => {
                let _ = REFS.set(r);
            }
            Err(_) => {
                let _ = env.exception_clear();
            }
        }
    });
    JNI_VERSION_1_8
}

fn new_exception<'l>(env: &mut JNIEnv<'l>, e: &FfqError) -> ::jni::errors::Result<JObject<'l>> {
    let refs = REFS.get().ok_or(::jni::errors::Error::NullPtr("exception class not cached"))?;
    let message = env.new_string(&e.message)?;
    let sqlstate = env.new_string(e.sqlstate)?;
    let class: &JClass = refs.exception.as_obj().into();
    // SAFETY: the constructor id was looked up on this class with this signature.
    unsafe {
        env.new_object_unchecked(
            class,
            refs.ctor,
            &[
                JValue::Int(e.status as jint).as_jni(),
                JValue::Object(&message).as_jni(),
                JValue::Object(&sqlstate).as_jni(),
            ],
        )
    }
}

fn throw(env: &mut JNIEnv, e: &FfqError) {
    if env.exception_check().unwrap_or(true) {
        return;
    }
    match new_exception(env, e) {
        Ok(obj) => {
            let _ = env.throw(JThrowable::from(obj));
        }
        Err(_) => {
            let _ = env.exception_clear();
            let _ = env.throw_new("java/lang/IllegalStateException", format!("{} [{}]", e.message, e.sqlstate));
        }
    }
}

/// Runs one JNI body; on failure throws and returns `default`.
fn entry<'l, T>(env: &mut JNIEnv<'l>, default: T, f: impl FnOnce(&mut JNIEnv<'l>) -> Result<T>) -> T {
    match catch_panic(|| f(env)) {
        Ok(v) => v,
        Err(e) => {
            throw(env, &e);
            default
        }
    }
}

fn string(env: &mut JNIEnv, s: &JString, what: &str) -> Result<String> {
    if s.as_raw().is_null() {
        return Err(FfqError::invalid_config(format!("{what} is null")));
    }
    env.get_string(s)
        .map(String::from)
        .map_err(|e| FfqError::internal(format!("cannot read {what}: {e}")))
}

/// # Safety
/// `h` is 0 or a live engine handle from `engineNew`.
unsafe fn engine<'a>(h: jlong) -> Result<&'a Engine> {
    (h as *const Engine).as_ref().ok_or_else(|| FfqError::new(crate::error::FfqStatusCode::Internal, "08003", "engine is closed"))
}

/// # Safety
/// `h` is 0 or a live statement handle from `statementPrepare`.
unsafe fn statement<'a>(h: jlong) -> Result<&'a Statement> {
    (h as *const Statement).as_ref().ok_or_else(|| FfqError::new(crate::error::FfqStatusCode::Internal, "HY010", "statement is closed"))
}

/// Opens `java.nio` to the module of `anchor`, so Arrow's memory utilities can
/// wrap native addresses in direct buffers without `--add-opens`. JNI calls
/// are not subject to module access checks, which is what makes this work.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_openJavaNio(
    mut env: JNIEnv,
    _class: JClass,
    anchor: JClass,
) -> jboolean {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> ::jni::errors::Result<()> {
        let target = env.call_method(&anchor, "getModule", "()Ljava/lang/Module;", &[])?.l()?;
        let object_class = env.find_class("java/lang/Object")?;
        let base = env.call_method(&object_class, "getModule", "()Ljava/lang/Module;", &[])?.l()?;
        let module_class = env.find_class("java/lang/Module")?;
        let add_opens =
            env.get_method_id(&module_class, "implAddOpens", "(Ljava/lang/String;Ljava/lang/Module;)V")?;
        let pkg = env.new_string("java.nio")?;
        // SAFETY: the method id belongs to java.lang.Module and takes (String, Module).
        unsafe {
            env.call_method_unchecked(
                &base,
                add_opens,
                ReturnType::Primitive(Primitive::Void),
                &[JValue::Object(&pkg).as_jni(), JValue::Object(&target).as_jni()],
            )?;
        }
        Ok(())
    }));
    match r {
        Ok(Ok(())) => JNI_TRUE,
        _ => {
            let _ = env.exception_clear();
            JNI_FALSE
        }
    }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineNew(
    mut env: JNIEnv,
    _class: JClass,
    config_json: JString,
) -> jlong {
    entry(&mut env, 0, |env| {
        let json = string(env, &config_json, "config")?;
        let engine = Engine::new(EngineConfig::from_json(&json)?)?;
        Ok(Box::into_raw(Box::new(engine)) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineFree(_env: JNIEnv, _class: JClass, h: jlong) {
    if h != 0 {
        // SAFETY: the Java wrapper frees each handle exactly once.
        let _ = std::panic::catch_unwind(|| unsafe { drop(Box::from_raw(h as *mut Engine)) });
    }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineRegisterTable(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    table_json: JString,
) {
    entry(&mut env, (), |env| {
        let json = string(env, &table_json, "table JSON")?;
        // SAFETY: h is a live engine handle owned by the Java wrapper.
        unsafe { engine(h)? }.register_table(&TableDef::parse_json(&json)?)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineRegisterCatalog(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    path: JString,
) -> jint {
    entry(&mut env, 0, |env| {
        let path = string(env, &path, "catalog path")?;
        // SAFETY: as above.
        Ok(unsafe { engine(h)? }.register_catalog_path(Path::new(&path))? as jint)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementPrepare(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    sql: JString,
) -> jlong {
    entry(&mut env, 0, |env| {
        let sql = string(env, &sql, "SQL")?;
        // SAFETY: as above.
        let statement = unsafe { engine(h)? }.prepare(&sql)?;
        Ok(Box::into_raw(Box::new(statement)) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementKind(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
) -> jint {
    // SAFETY: h is a live statement handle owned by the Java wrapper.
    entry(&mut env, -1, |_| Ok(unsafe { statement(h)? }.kind() as jint))
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementParamCount(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
) -> jint {
    // SAFETY: as above.
    entry(&mut env, 0, |_| Ok(unsafe { statement(h)? }.param_count() as jint))
}

/// Exports the parameter schema (`which == 0`) or the result schema (`which == 1`)
/// into the `struct ArrowSchema` at `out_address`, which the caller then owns.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementSchema(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    which: jint,
    out_address: jlong,
) {
    entry(&mut env, (), |_| {
        // SAFETY: as above.
        let s = unsafe { statement(h)? };
        let schema = if which == 0 { s.param_schema() } else { s.result_schema() };
        let ffi = FFI_ArrowSchema::try_from(&schema)?;
        // SAFETY: the Java side allocated an empty ArrowSchema struct at out_address.
        unsafe { std::ptr::write(out_address as *mut FFI_ArrowSchema, ffi) };
        Ok(())
    })
}

/// Binds a one-row struct array exported by the Java side; takes ownership
/// of the array (its release callback is moved out), reads the schema.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementBind(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    array_address: jlong,
    schema_address: jlong,
) {
    entry(&mut env, (), |_| {
        // SAFETY: as above; the addresses hold C Data structs exported by Arrow Java.
        unsafe {
            let s = statement(h)?;
            let array = std::ptr::replace(array_address as *mut FFI_ArrowArray, FFI_ArrowArray::empty());
            crate::ffi::bind_ffi(s, array, &*(schema_address as *const FFI_ArrowSchema))
        }
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementClearBindings(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
) {
    // SAFETY: as above.
    entry(&mut env, (), |_| {
        unsafe { statement(h)? }.clear_bindings();
        Ok(())
    })
}

/// Executes. For rows, exports a stream into `out_stream_address` and returns
/// -1; otherwise returns the update count and leaves the struct untouched.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementExecute(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    out_stream_address: jlong,
    batch_size: jint,
    max_rows: jlong,
    read_only: jboolean,
) -> jlong {
    entry(&mut env, -2, |_| {
        // SAFETY: as above.
        let s = unsafe { statement(h)? };
        let opts = ExecOptions {
            batch_size: (batch_size > 0).then_some(batch_size as usize),
            max_rows: (max_rows > 0).then_some(max_rows as usize),
            read_only: read_only == JNI_TRUE,
        };
        match s.run(&opts)? {
            Outcome::Rows(reader) => {
                let stream = FFI_ArrowArrayStream::new(Box::new(reader));
                // SAFETY: the Java side allocated an empty ArrowArrayStream at this address.
                unsafe { std::ptr::write(out_stream_address as *mut FFI_ArrowArrayStream, stream) };
                Ok(-1)
            }
            Outcome::Count(n) => Ok(n),
        }
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementCancel(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper only cancels a handle it has not freed.
    let _ = std::panic::catch_unwind(|| {
        if let Ok(s) = unsafe { statement(h) } {
            s.cancel();
        }
    });
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementFree(_env: JNIEnv, _class: JClass, h: jlong) {
    if h != 0 {
        // SAFETY: the Java wrapper frees each handle exactly once.
        let _ = std::panic::catch_unwind(|| unsafe { drop(Box::from_raw(h as *mut Statement)) });
    }
}

/// The calling thread's last stream failure as a NativeException (null if
/// none), taken so it is reported once. Arrow Java surfaces a failed C stream
/// callback as an IOException with a message only; this restores the status
/// and SQLState.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_takeLastError(
    mut env: JNIEnv,
    _class: JClass,
) -> jobject {
    match take_last_error() {
        None => std::ptr::null_mut(),
        Some(e) => match new_exception(&mut env, &e) {
            Ok(obj) => obj.into_raw(),
            Err(_) => {
                let _ = env.exception_clear();
                std::ptr::null_mut()
            }
        },
    }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_liveStreamCount(_env: JNIEnv, _class: JClass) -> jlong {
    crate::stream::live_streams()
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_tpchGenerate(
    mut env: JNIEnv,
    _class: JClass,
    scale_factor: jdouble,
    dir: JString,
) {
    entry(&mut env, (), |env| {
        let dir = string(env, &dir, "directory")?;
        crate::tpch::generate(scale_factor, Path::new(&dir)).map(|_| ())
    })
}
