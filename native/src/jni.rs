//! JNI entry points for `io.ffq.jdbc.engine.NativeMethods`: a thin face over
//! [`crate::handle`], like the C ABI. Handles are the same raw pointers as the C
//! ABI's, carried as `jlong`s. Each function converts its arguments, makes one
//! handle-layer call, and on failure throws `io.ffq.jdbc.engine.NativeException`
//! (status, SQLState, message) and returns a default value. Every body runs under
//! `catch_unwind`; a pending Java exception is never overwritten.

use std::ffi::c_void;
use std::sync::OnceLock;

use ::jni::objects::{GlobalRef, JClass, JObject, JString, JThrowable, JValue};
use ::jni::signature::{Primitive, ReturnType};
use ::jni::objects::JLongArray;
use ::jni::sys::{jboolean, jint, jlong, JNI_FALSE, JNI_TRUE, JNI_VERSION_1_8};
use ::jni::{JNIEnv, JavaVM};

use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow::ffi_stream::FFI_ArrowArrayStream;

use crate::config::EngineConfig;
use crate::error::{catch_panic, FfqError, Result};
use crate::handle::{self, FfqEngineHandle, FfqStatementHandle};
use crate::statement::{ExecOptions, Outcome};
use crate::stream::Execution;

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
            let ctor = env.get_method_id(&class, "<init>", "(ILjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V")?;
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
    let detail = env.new_string(&e.detail)?;
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
                JValue::Object(&detail).as_jni(),
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
    // An unpaired surrogate has no UTF-8 form: a data error, not an engine failure.
    env.get_string(s).map(String::from).map_err(|e| {
        FfqError::new(
            crate::error::FfqStatusCode::InvalidConfig,
            "22021",
            format!("{what} is not valid Unicode (an unpaired surrogate?): {e}"),
        )
    })
}

/// Writes `value` into the C struct the Java side allocated at `address`.
///
/// # Safety
/// `address` is the address of writable memory for one `T` (not released first).
unsafe fn write_at<T>(address: jlong, value: T) -> Result<()> {
    if address == 0 {
        return Err(FfqError::invalid_config("output struct address is 0"));
    }
    std::ptr::write_unaligned(address as *mut T, value);
    Ok(())
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
        Ok(handle::engine_new(move || EngineConfig::from_json(&json))? as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineFree(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper frees each handle exactly once, with no call in flight.
    unsafe { handle::free(h as *mut FfqEngineHandle) }
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
        // SAFETY: h is 0 or a live engine handle owned by the Java wrapper.
        handle::register_table(unsafe { handle::engine(h as *const FfqEngineHandle)? }, &json)
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
        Ok(handle::register_catalog(unsafe { handle::engine(h as *const FfqEngineHandle)? }, &path)? as jint)
    })
}

/// Reads an Arrow C stream exported by the Java side into an in-memory table.
/// Takes ownership of the stream (its release is moved out and called here).
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_engineRegisterStream(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    name: JString,
    stream_address: jlong,
) {
    entry(&mut env, (), |env| {
        let name = string(env, &name, "table name")?;
        if stream_address == 0 {
            return Err(FfqError::invalid_config("stream address is 0"));
        }
        // SAFETY: the Java side exported a stream at this address; we take it over.
        let stream =
            unsafe { std::ptr::replace(stream_address as *mut FFI_ArrowArrayStream, FFI_ArrowArrayStream::empty()) };
        // SAFETY: as above.
        handle::register_stream(unsafe { handle::engine(h as *const FfqEngineHandle)? }, &name, stream)
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
        Ok(handle::prepare(unsafe { handle::engine(h as *const FfqEngineHandle)? }, &sql)? as jlong)
    })
}

/// # Safety
/// `h` is 0 or a live statement handle owned by the Java wrapper.
unsafe fn stmt<'a>(h: jlong) -> Result<&'a crate::statement::Statement> {
    handle::statement(h as *const FfqStatementHandle)
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementKind(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
) -> jint {
    // SAFETY: h is a live statement handle owned by the Java wrapper.
    entry(&mut env, -1, |_| Ok(unsafe { stmt(h)? }.kind() as jint))
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementParamCount(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
) -> jint {
    // SAFETY: as above.
    entry(&mut env, 0, |_| Ok(unsafe { stmt(h)? }.param_count() as jint))
}

/// Exports the parameter schema or (`result`) the result schema into the
/// `struct ArrowSchema` at `out_address`, which the caller then owns.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementSchema(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    result: jboolean,
    out_address: jlong,
) {
    entry(&mut env, (), |_| {
        // SAFETY: as above; the Java side allocated an empty ArrowSchema at out_address.
        unsafe { write_at(out_address, handle::schema(stmt(h)?, result == JNI_TRUE)?) }
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
        if array_address == 0 || schema_address == 0 {
            return Err(FfqError::invalid_config("parameter struct address is 0"));
        }
        // SAFETY: as above; the addresses hold C Data structs exported by Arrow Java.
        unsafe {
            let array = std::ptr::replace(array_address as *mut FFI_ArrowArray, FFI_ArrowArray::empty());
            handle::bind(stmt(h)?, array, &*(schema_address as *const FFI_ArrowSchema))
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
    entry(&mut env, (), |_| handle::clear_bindings(unsafe { stmt(h)? }))
}

/// Executes. Rows: returns an execution handle (free with `executionFree`).
/// Otherwise: returns 0 and stores the update count in `out_count[0]`.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementExecute(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    batch_size: jint,
    max_rows: jlong,
    read_only: jboolean,
    out_count: JLongArray,
) -> jlong {
    entry(&mut env, 0, |env| {
        let opts = ExecOptions {
            batch_size: (batch_size > 0).then_some(batch_size as usize),
            max_rows: (max_rows > 0).then_some(max_rows as usize),
            read_only: read_only == JNI_TRUE,
        };
        // SAFETY: as above.
        match handle::run(unsafe { stmt(h)? }, &opts)? {
            Outcome::Rows(e) => Ok(handle::execution_into_raw(e) as jlong),
            Outcome::Count(n) => {
                env.set_long_array_region(&out_count, 0, &[n])
                    .map_err(|e| FfqError::internal(format!("cannot return the update count: {e}")))?;
                Ok(0)
            }
        }
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementCancel(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper only cancels a handle it has not freed.
    if let Ok(s) = unsafe { stmt(h) } {
        handle::cancel(s);
    }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_statementFree(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper frees each handle exactly once, with no call in flight.
    unsafe { handle::free(h as *mut FfqStatementHandle) }
}

/// # Safety
/// `h` is 0 or a live execution handle owned by the Java wrapper.
unsafe fn exec<'a>(h: jlong) -> Result<&'a Execution> {
    handle::execution(h as *const Execution)
}

/// Exports the execution's result schema into the `struct ArrowSchema` at `out_address`.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_executionSchema(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    out_address: jlong,
) {
    entry(&mut env, (), |_| {
        // SAFETY: h is a live execution; out_address an empty ArrowSchema allocated by Java.
        unsafe {
            let schema = FFI_ArrowSchema::try_from(exec(h)?.schema().as_ref())?;
            write_at(out_address, schema)
        }
    })
}

/// Writes the next batch into the `struct ArrowArray` at `out_address` (a struct
/// array the caller then owns); false at the end. A failure throws the
/// execution's own error.
#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_executionNext(
    mut env: JNIEnv,
    _class: JClass,
    h: jlong,
    out_address: jlong,
) -> jboolean {
    entry(&mut env, JNI_FALSE, |_| {
        if out_address == 0 {
            return Err(FfqError::invalid_config("output struct address is 0"));
        }
        // SAFETY: h is a live execution; out_address an empty ArrowArray allocated by Java.
        let more = unsafe { exec(h)?.next_into(out_address as *mut FFI_ArrowArray)? };
        Ok(if more { JNI_TRUE } else { JNI_FALSE })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_executionCancel(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper only cancels a handle it has not freed.
    if let Ok(e) = unsafe { exec(h) } {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| e.cancel()));
    }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_executionFree(_env: JNIEnv, _class: JClass, h: jlong) {
    // SAFETY: the Java wrapper frees each handle exactly once, with no call in flight.
    unsafe { handle::free(h as *mut Execution) }
}

#[no_mangle]
pub extern "system" fn Java_io_ffq_jdbc_engine_NativeMethods_liveStreamCount(_env: JNIEnv, _class: JClass) -> jlong {
    crate::stream::live_streams()
}
