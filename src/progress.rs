//! The progress bar of a long build on a terminal: the phase, pages rendered of all, and the time
//! so far (`indicatif`). It appears only when the build has run for about a second, only when
//! stderr is a terminal outside CI, and never with `--quiet`, so pipes and CI logs keep the one
//! summary line. Library code reports through free functions that do nothing until the command
//! line started a bar, so `check`, `serve` and the tests draw nothing.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar, once started, and whether it is finished (so the delayed show cannot draw it after
/// the summary).
struct Bar {
    bar: ProgressBar,
    done: Mutex<bool>,
}

static BAR: OnceLock<Bar> = OnceLock::new();

/// How long a build runs before the bar shows (`TANDEM_PROGRESS_DELAY_MS` overrides it, for the
/// test that watches a terminal).
fn delay() -> Duration {
    let ms = std::env::var("TANDEM_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

/// Whether a bar may be drawn: stderr is a terminal, not a dumb one, and this is not CI.
pub fn wanted(quiet: bool) -> bool {
    use std::io::IsTerminal;
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn show(b: &Bar) {
    let Ok(done) = b.done.lock() else { return };
    if !*done {
        b.bar.set_draw_target(ProgressDrawTarget::stderr());
        b.bar.enable_steady_tick(Duration::from_millis(120));
        b.bar.tick();
    }
}

/// Starts the (hidden) bar of this build; it shows itself after the delay.
pub fn start() {
    let style =
        ProgressStyle::with_template("{prefix:>8} [{bar:32}] {pos}/{len} pages  {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    let bar = ProgressBar::hidden().with_style(style);
    bar.set_prefix("load");
    if BAR
        .set(Bar {
            bar,
            done: Mutex::new(false),
        })
        .is_err()
    {
        return;
    }
    let wait = delay();
    if wait.is_zero() {
        if let Some(b) = BAR.get() {
            show(b);
        }
        return;
    }
    std::thread::spawn(move || {
        std::thread::sleep(wait);
        if let Some(b) = BAR.get() {
            show(b);
        }
    });
}

/// A build phase begins (called by [`crate::timings::Phase::start`]).
pub fn phase(name: &'static str) {
    if let Some(b) = BAR.get() {
        b.bar.set_prefix(name);
    }
}

/// The number of pages this build renders.
pub fn pages(total: usize) {
    if let Some(b) = BAR.get() {
        b.bar.set_length(total as u64);
        b.bar.set_position(0);
    }
}

/// One page rendered.
pub fn page_done() {
    if let Some(b) = BAR.get() {
        b.bar.inc(1);
    }
}

/// The build is over: the bar is cleared before the diagnostics and the summary are printed.
pub fn finish() {
    if let Some(b) = BAR.get() {
        if let Ok(mut done) = b.done.lock() {
            *done = true;
        }
        b.bar.finish_and_clear();
    }
}
