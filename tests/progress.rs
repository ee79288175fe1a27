//! The build's progress bar: drawn on a terminal (a pseudo-terminal made by util-linux `script`),
//! never in a pipe, with `--quiet` or in CI, where the one summary line stays.

use std::path::Path;
use std::process::Command;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/split")
}

/// `tandem build` of the split fixture with `extra` arguments, as the shell command `script` runs.
fn build_command(out: &Path, extra: &str) -> String {
    let f = fixture();
    format!(
        "'{}' build --content '{}' --config '{}' --out '{}' {extra}",
        env!("CARGO_BIN_EXE_tandem"),
        f.join("content").display(),
        f.join("tandem.toml").display(),
        out.display()
    )
}

/// What a terminal shows while the command runs: `script` gives it a pseudo-terminal and copies
/// the terminal's output to its stdout. `None` when `script` is not installed.
fn on_a_terminal(command: &str, ci: bool) -> Option<String> {
    let mut c = Command::new("script");
    c.args(["-qec", command, "/dev/null"])
        .env("TANDEM_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm");
    if ci {
        c.env("CI", "true");
    } else {
        c.env_remove("CI");
    }
    let out = c.output().ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

const BAR: &str = "pages  00:00:0";

#[test]
fn a_terminal_gets_the_bar_and_then_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(shown) = on_a_terminal(&build_command(&tmp.path().join("o"), ""), false) else {
        eprintln!("util-linux `script` is not installed: no pseudo-terminal to test the bar in");
        return;
    };
    assert!(shown.contains(BAR), "{shown:?}");
    assert!(
        shown.contains("] 5/5 pages") || shown.contains("/5 pages"),
        "{shown:?}"
    );
    let summary = shown.find("Built ").expect("the summary follows");
    assert!(
        shown[..summary].contains("\u{1b}[2K"),
        "the bar is cleared first"
    );
    // Quiet and CI builds draw no bar, on a terminal too.
    for (extra, ci) in [("--quiet", false), ("", true)] {
        let shown = on_a_terminal(&build_command(&tmp.path().join("q"), extra), ci).unwrap();
        assert!(!shown.contains(BAR), "{extra} ci={ci}: {shown:?}");
    }
}

#[test]
fn a_pipe_gets_only_the_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let f = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["build", "--content"])
        .arg(f.join("content"))
        .arg("--config")
        .arg(f.join("tandem.toml"))
        .arg("--out")
        .arg(tmp.path().join("o"))
        .env("TANDEM_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains(BAR) && !err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.lines().last().unwrap().starts_with("Built 5 pages"),
        "{err:?}"
    );
}
