//! The one process-wide Tokio runtime, and cancellation tokens.
//!
//! Caller threads (C callers, JVM threads) block on the runtime; runtime
//! worker threads never call back into a foreign runtime.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once, OnceLock};

use tokio::runtime::Runtime;
use tokio::sync::Notify;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("ffq-engine")
            .enable_all()
            .build()
            .expect("the engine's Tokio runtime could not start")
    })
}

/// Blocks the calling (non-runtime) thread until `fut` completes.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    runtime().block_on(fut)
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

/// A cancellation flag that async code can wait on. Cloning shares the flag.
#[derive(Clone, Default, Debug)]
pub struct CancelToken(Arc<CancelInner>);

#[derive(Default, Debug)]
struct CancelInner {
    flag: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    /// Completes once `cancel` has been called (immediately if it already was).
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            // Register before checking the flag so a concurrent cancel is not missed.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Runs `fut` unless the token fires first.
    pub async fn run<T, F>(&self, fut: F) -> crate::error::Result<T>
    where
        F: Future<Output = crate::error::Result<T>>,
    {
        tokio::select! {
            biased;
            _ = self.cancelled() => Err(crate::error::FfqError::cancelled()),
            r = fut => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn cancel_wakes_a_waiter() {
        let token = CancelToken::new();
        let t2 = token.clone();
        let start = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            t2.cancel();
        });
        let r: crate::error::Result<()> =
            block_on(token.run(async { futures::future::pending::<crate::error::Result<()>>().await }));
        assert_eq!(r.unwrap_err().sqlstate, "57014");
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
