//! The one process-wide Tokio runtime, and where engine work runs.
//!
//! A caller's stack is whatever its host gave it (a JVM thread has 1 MiB or less), and
//! planning, evaluating or dropping a deep expression recurses. Work on a statement that
//! nests deeper than [`SHALLOW_DEPTH`], or on a caller with less than [`INLINE_MIN_STACK`]
//! of stack left, hops onto one of the runtime's threads, which all have
//! [`ENGINE_STACK_BYTES`] of stack, and the caller blocks until it is done. Shallow work
//! on a roomy stack runs on the caller's own thread: the hop costs two thread wake-ups,
//! more than planning and running a point lookup. Runtime threads never call back into
//! a foreign runtime.

use std::future::Future;
use std::sync::{Once, OnceLock};

use tokio::runtime::Runtime;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// Stack of every engine thread (address space; pages are committed only when
/// touched). With the expression depth limit of the planner it leaves room for
/// 64 KiB per level of recursion.
pub const ENGINE_STACK_BYTES: usize = 64 << 20;

pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("ffq-engine")
            .thread_stack_size(ENGINE_STACK_BYTES)
            .enable_all()
            .build()
            .expect("the engine's Tokio runtime could not start")
    })
}

thread_local! {
    /// Set while this thread runs an engine call (see [`on_engine_thread`]).
    static ON_ENGINE_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` on an engine thread (the runtime's blocking pool, big stacks) and
/// blocks the caller until it returns; inline when already on one. A panic in
/// `f` resumes on the caller, where the entry point's `catch_panic` turns it
/// into an error.
pub fn on_engine_thread<R: Send, F: FnOnce() -> R + Send>(f: F) -> R {
    if ON_ENGINE_THREAD.with(|c| c.get()) {
        return f();
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let job: Box<dyn FnOnce() + Send + '_> = Box::new(move || {
        ON_ENGINE_THREAD.with(|c| c.set(true));
        let r = guarded(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        ON_ENGINE_THREAD.with(|c| c.set(false));
        let _ = tx.send(r);
    });
    // SAFETY: the job may borrow from this frame. This function does not return
    // before the job has run to its end (the channel yields its result) or has been
    // dropped unrun (the channel disconnects), so every borrow outlives its use.
    let job: Box<dyn FnOnce() + Send + 'static> = unsafe { std::mem::transmute(job) };
    let _ = runtime().spawn_blocking(job);
    match rx.recv() {
        Ok(Ok(r)) => r,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the engine runtime is shutting down"),
    }
}

/// Statements whose expressions and subqueries nest no deeper than this run on the
/// caller's own thread when it has [`INLINE_MIN_STACK`] left (see
/// [`on_engine_thread_unless_shallow`]).
pub const SHALLOW_DEPTH: usize = 64;

/// The stack a caller must have left to run shallow work itself. Parsing and logical
/// planning grow their stack on demand wherever they recurse; what is left (the depth
/// check, the rewrite, physical planning, evaluating and dropping expressions) needs
/// under 192 KiB for the deepest shallow statements (60 chained `+`, on a thread of that
/// size), so this leaves more than twice that, and covers a JVM's guard pages.
pub const INLINE_MIN_STACK: usize = 512 << 10;

/// [`on_engine_thread`], except that shallow work runs on the caller's thread when its
/// stack has room: a hop to an engine thread and back costs two thread wake-ups, more
/// than planning and running `SELECT 1` or a point lookup.
pub fn on_engine_thread_unless_shallow<R: Send, F: FnOnce() -> R + Send>(shallow: bool, f: F) -> R {
    if shallow
        && !ON_ENGINE_THREAD.with(|c| c.get())
        && stacker::remaining_stack().is_some_and(|left| left >= INLINE_MIN_STACK)
    {
        struct Leave;
        impl Drop for Leave {
            fn drop(&mut self) {
                ON_ENGINE_THREAD.with(|c| c.set(false));
            }
        }
        ON_ENGINE_THREAD.with(|c| c.set(true));
        let _leave = Leave;
        return guarded(f);
    }
    on_engine_thread(f)
}

/// Blocks the caller until `fut` completes, polling it on an engine thread.
pub fn block_on<F: Future + Send>(fut: F) -> F::Output
where
    F::Output: Send,
{
    on_engine_thread(|| runtime().block_on(fut))
}

thread_local! {
    /// How many `catch_panic` frames are active on this thread.
    static GUARDED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `f` with panics on this thread marked as caught (see the hook below).
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> T {
    struct Exit;
    impl Drop for Exit {
        fn drop(&mut self) {
            GUARDED.with(|g| g.set(g.get() - 1));
        }
    }
    GUARDED.with(|g| g.set(g.get() + 1));
    let _exit = Exit;
    f()
}

/// Panics inside the engine are caught and become INTERNAL errors; printing them on the
/// host's stderr as well would be noise that is not ours. Panics elsewhere in the process
/// (the host's own Rust code, tests) still reach the previous hook.
/// `FFQ_PANIC_BACKTRACE=1` prints engine panics too, for debugging.
pub fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        let verbose = std::env::var_os("FFQ_PANIC_BACKTRACE").is_some();
        std::panic::set_hook(Box::new(move |info| {
            let engine_thread = std::thread::current().name().is_some_and(|n| n.starts_with("ffq-engine"));
            let caught = GUARDED.with(|g| g.get() > 0);
            if verbose || !(engine_thread || caught) {
                previous(info);
            }
        }));
    });
}
