//! Panic containment around the PDF backend.
//!
//! `pdf-extract` panics on many malformed inputs. [`contain`] runs a closure
//! under `catch_unwind` and turns a panic into its message. To keep those
//! expected panics off stderr without a racy process-wide hook swap, a hook is
//! installed once that stays silent for panics on threads currently inside
//! [`contain`] (a thread-local flag) and delegates to the previous hook
//! otherwise, so panics elsewhere in the program still print as usual.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static IN_PDF_BACKEND: Cell<u32> = const { Cell::new(0) };
}

static INSTALL: Once = Once::new();

fn install_hook() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let quiet = IN_PDF_BACKEND.with(|f| f.get() > 0);
            if !quiet {
                previous(info);
            }
        }));
    });
}

/// Resets the thread-local flag even if the closure unwinds.
struct Flag;

impl Flag {
    fn raise() -> Flag {
        IN_PDF_BACKEND.with(|f| f.set(f.get() + 1));
        Flag
    }
}

impl Drop for Flag {
    fn drop(&mut self) {
        IN_PDF_BACKEND.with(|f| f.set(f.get().saturating_sub(1)));
    }
}

/// Run `f`, turning a panic into `Err(message)`. Panics inside are not printed.
pub(crate) fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let _flag = Flag::raise();
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown internal error".to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_message() {
        let r: Result<(), String> = contain(|| panic!("boom {}", 7));
        assert_eq!(r, Err("boom 7".to_string()));
        let r: Result<u8, String> = contain(|| panic!("static"));
        assert_eq!(r, Err("static".to_string()));
        assert_eq!(contain(|| 5), Ok(5));
        // The flag is reset afterwards.
        assert_eq!(IN_PDF_BACKEND.with(|f| f.get()), 0);
    }
}
