//! Reviewed snapshots of rendered pages of the bundled site: the article body of a translated page, its
//! rebuilt English page and its compare view. A change to the renderer shows up here as a diff.

mod common;

use std::path::PathBuf;

fn article(path: &str) -> String {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (tmp, report) = common::build_into(&repo.join("content"), Some(&repo.join("tandem.toml")));
    assert_eq!(report.errors(), 0);
    let doc = common::html(&tmp.path().join("output").join(path));
    let main = common::select(&doc, "main");
    main[0]
        .inner_html()
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn translated_page_body() {
    insta::assert_snapshot!(article("fr-fr/support/check-service-health/index.html"));
}

#[test]
fn rebuilt_source_page_body() {
    insta::assert_snapshot!(article("en-us/support/check-service-health/index.html"));
}

#[test]
fn compare_view_body() {
    insta::assert_snapshot!(article("fr-fr/getting-started/overview/compare/index.html"));
}
