//! Phase timings for benchmarking: with `TANDEM_TIMINGS=1` in the environment, each build phase
//! prints its wall time and the resident memory at its end to stderr (`bench/run.sh` and `bench/RESULTS.md` use them to attribute
//! time). Off by default; costs one environment lookup per build.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TANDEM_TIMINGS").is_some_and(|v| v != "0"))
}

/// Measures one phase; prints `phase NAME: N ms` when dropped (if enabled).
pub struct Phase {
    name: &'static str,
    start: Instant,
}

impl Phase {
    /// Starts timing `name`.
    pub fn start(name: &'static str) -> Phase {
        crate::progress::phase(name);
        Phase {
            name,
            start: Instant::now(),
        }
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if enabled() {
            eprintln!(
                "phase {:<12} {:>8.1} ms {:>8} MiB",
                self.name,
                self.start.elapsed().as_secs_f64() * 1000.0,
                rss_mib().map_or("?".to_string(), |m| m.to_string())
            );
        }
    }
}

/// Resident memory of this process now (Linux: `/proc/self/statm`, 4 KiB pages), for the
/// phase lines; None elsewhere.
fn rss_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}

/// Prints `note TEXT` (if enabled): counts that explain a phase's time.
pub fn note(text: &str) {
    if enabled() {
        eprintln!("note  {text}");
    }
}
