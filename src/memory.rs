//! Whether the process may use transparent huge pages.
//!
//! The allocator (mimalloc, `src/main.rs`) asks the kernel for huge pages on its arenas. A build
//! that renders everything gains from them (about 10% less user time at 10,000 sources:
//! fewer TLB misses over a quarter gigabyte of pages). A warm build that renders a few pages
//! touches little memory, and there huge pages cost more than they save: each first touch zeroes
//! 2 MiB, and with the kernel's default `defrag = madvise` a fault may stall on compaction. Over
//! identical one-page builds at 10,000 sources the system time varied from 0.05 to 0.55 s with
//! them and stayed at 0.08–0.12 s without (bench/RESULTS.md). A build with a cache turns them off
//! until it knows it renders much of the site.
//!
//! Written with `prctl` by hand: no crate wraps `PR_SET_THP_DISABLE`, and one call does not
//! warrant one. The flag is the process's (children and `exec` inherit it), so it also covers
//! memory the allocator reserved before.

/// Huge pages forbidden for now; [`Self::restore`] gives back what the process had before (a
/// process started with them forbidden, by a wrapper on purpose, keeps them forbidden).
pub struct NoHugePages {
    was_forbidden: bool,
}

/// Forbids huge pages until [`NoHugePages::restore`] (Linux; elsewhere nothing). Failure (an old
/// kernel, a sandbox refusing the call) only leaves the kernel's own choice.
pub fn forbid_huge_pages() -> NoHugePages {
    let was_forbidden = forbidden();
    if !was_forbidden {
        set_forbidden(true);
    }
    NoHugePages { was_forbidden }
}

impl NoHugePages {
    /// Puts the process's choice back as it was before [`forbid_huge_pages`].
    pub fn restore(&self) {
        if !self.was_forbidden {
            set_forbidden(false);
        }
    }
}

/// Ends the process with `code` at once, after flushing standard output and error, without the
/// exit handlers: the allocator's own one (mimalloc's `mi_process_done`) gives every page back to
/// the kernel one `madvise` at a time, about 900 calls and a fifth of a one-page build at 10,000
/// sources, for memory the kernel frees anyway when the process ends. Clang's `-disable-free` skips
/// the same work for the same reason. Only for the end of a command that has nothing left to do:
/// files are closed by then, and a thread still freeing memory in the background is simply stopped.
pub fn exit_now(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process; nothing of ours runs after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

#[cfg(target_os = "linux")]
fn forbidden() -> bool {
    // SAFETY: PR_GET_THP_DISABLE takes zero arguments and returns the flag; touches no memory.
    let r = unsafe {
        libc::prctl(
            libc::PR_GET_THP_DISABLE,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
        )
    };
    r > 0
}

#[cfg(target_os = "linux")]
fn set_forbidden(forbid: bool) {
    // SAFETY: PR_SET_THP_DISABLE takes a flag and zero arguments, touches no memory of ours.
    unsafe {
        let _ = libc::prctl(
            libc::PR_SET_THP_DISABLE,
            libc::c_ulong::from(forbid),
            0 as libc::c_ulong,
            0 as libc::c_ulong,
            0 as libc::c_ulong,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn forbidden() -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
fn set_forbidden(_forbid: bool) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn forbidding_and_restoring_gives_back_the_previous_choice() {
        let before = forbidden();
        let guard = forbid_huge_pages();
        assert!(
            forbidden(),
            "huge pages still allowed after forbidding them"
        );
        guard.restore();
        assert_eq!(forbidden(), before);
    }
}
