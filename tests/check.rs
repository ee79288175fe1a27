//! `tandem check` over the real corpus: the broken links it is known to have are reported with file and
//! line, the legacy `China-` names are among them, and the exit code says so.

mod common;

use std::process::Command;

#[test]
fn check_reports_the_corpus_broken_links_as_json_and_fails() {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["check", "--format", "json", "--content"])
        .arg(common::corpus())
        .output()
        .expect("run tandem");
    assert!(!out.status.success(), "check must fail on the corpus");
    assert_eq!(out.status.code(), Some(1));
    let diags: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("one JSON array");
    let broken: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "link-broken")
        .collect();
    assert!(broken.len() > 100, "only {} broken links", broken.len());
    for d in &broken {
        assert!(
            d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with(".md") || f.ends_with(".yml")),
            "{d}"
        );
        assert!(d["line"].as_u64().unwrap_or(0) > 0, "{d}");
        assert_eq!(d["severity"], "error");
    }
    // Archive pages link to names without the `China-` prefix, which do not resolve.
    assert!(
        broken.iter().any(|d| d["file"]
            .as_str()
            .unwrap_or("")
            .starts_with("Archive/China-")),
        "no broken link reported in the legacy China- pages"
    );
    // Links and TOC entries whose target exists with another letter case.
    assert!(diags.iter().any(|d| d["code"] == "link-case"));
    assert!(diags.iter().any(|d| d["code"] == "toc-case"));
}

#[test]
fn github_format_writes_annotations() {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["check", "--format", "github", "--content"])
        .arg(common::corpus())
        .output()
        .expect("run tandem");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("::error file=") || first.starts_with("::warning file="),
        "{first}"
    );
    assert!(text.contains(",line="), "{first}");
}

#[test]
fn min_coverage_gates_on_the_translated_share_of_segments() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage");
    let run = |pct: &str| {
        Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args([
                "check",
                "--format",
                "json",
                "--min-coverage",
                pct,
                "--content",
            ])
            .arg(&fixture)
            .output()
            .expect("run tandem")
    };
    // One of the two segments is translated: 50 %.
    let ok = run("50");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let low = run("60");
    assert_eq!(low.status.code(), Some(1));
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&low.stdout).unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "coverage-below-minimum");
}
