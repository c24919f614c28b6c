//! A time limit on one piece of work (`extract --timeout`, `batch
//! --timeout`).
//!
//! The work runs on a worker thread; the caller waits at most the limit for
//! its result. Work over the limit cannot be stopped from outside (Rust has
//! no safe way to kill a thread): its thread is abandoned and finishes on its
//! own, bounded by the PDF limits, while the caller goes on (`batch`) or the
//! process ends (`extract`).

use std::sync::mpsc;
use std::time::Duration;

/// Why the work gave no result.
#[derive(Debug, thiserror::Error)]
pub enum DeadlineError {
    /// The work took longer than the limit.
    #[error("timed out after {} s (--timeout)", .limit.as_secs_f64())]
    TimedOut { limit: Duration },
    /// No worker thread could be started.
    #[error("cannot start a worker thread: {0}")]
    NoThread(std::io::Error),
    /// The worker ended without a result (it panicked).
    #[error("the worker thread stopped without a result (a bug: please report it)")]
    Lost,
}

/// Run `work`, waiting at most `limit` for it (`None`: no limit, run on
/// this thread).
pub fn with_timeout<T, F>(limit: Option<Duration>, work: F) -> Result<T, DeadlineError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let Some(limit) = limit else {
        return Ok(work());
    };
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("tassei-worker".into())
        .spawn(move || {
            // The receiver is gone only when the caller stopped waiting.
            let _ = tx.send(work());
        })
        .map_err(DeadlineError::NoThread)?;
    match rx.recv_timeout(limit) {
        Ok(result) => Ok(result),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(DeadlineError::TimedOut { limit }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(DeadlineError::Lost),
    }
}

/// A `--timeout` value in seconds as a duration: positive and finite.
pub fn parse_seconds(text: &str) -> Option<Duration> {
    let secs: f64 = text.trim().parse().ok()?;
    if secs > 0.0 && secs.is_finite() {
        Duration::try_from_secs_f64(secs).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_within_the_limit_gives_its_result() {
        let r = with_timeout(Some(Duration::from_secs(60)), || 6 * 7);
        assert_eq!(r.ok(), Some(42));
        assert_eq!(with_timeout(None, || "inline").ok(), Some("inline"));
    }

    #[test]
    fn work_over_the_limit_times_out() {
        // The mechanism, not a speed: the work waits on a channel that is
        // only released after the caller has given up.
        let (release, wait) = mpsc::channel::<()>();
        let r = with_timeout(Some(Duration::from_millis(1)), move || {
            let _ = wait.recv();
        });
        assert!(matches!(r, Err(DeadlineError::TimedOut { .. })), "{r:?}");
        let _ = release.send(());
        let msg = DeadlineError::TimedOut {
            limit: Duration::from_millis(1500),
        }
        .to_string();
        assert_eq!(msg, "timed out after 1.5 s (--timeout)");
    }

    #[test]
    fn seconds_must_be_positive_and_finite() {
        assert_eq!(parse_seconds("2.5"), Some(Duration::from_millis(2500)));
        for bad in ["0", "-1", "inf", "NaN", "x", "1e400"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }
}
