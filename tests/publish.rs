//! What the build publishes around the pages, on the real corpus: translation coverage, search
//! index, sitemap, robots.txt and redirects.

mod common;

use std::sync::OnceLock;

/// One build of the corpus shared by the tests of this file.
fn built() -> &'static std::path::Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let (tmp, report) = common::build_into(&common::corpus(), None);
        assert_eq!(
            report.errors(),
            0,
            "{:?}",
            report.diagnostics.iter().find(|d| d.is_error())
        );
        tmp
    })
    .path()
}

#[test]
fn coverage_json_and_page_are_published() {
    let out = built().join("output");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("coverage.json")).unwrap()).unwrap();
    let fr = &json["languages"][0];
    assert_eq!(fr["lang"], "fr-fr");
    assert_eq!(fr["pages"], 144); // 146 Markdown files minus 2 TOC.md
    let segments = fr["segments"].as_u64().unwrap();
    assert!(segments > 9_000, "{segments}");
    assert_eq!(fr["ht"].as_u64().unwrap() + fr["mt"].as_u64().unwrap(), 144);
    let doc = common::html(&out.join("coverage/index.html"));
    let rows = common::select(&doc, "table tbody tr");
    assert!(rows.len() > 144, "{}", rows.len());
    assert_eq!(
        common::select(&doc, "html")[0].value().attr("lang"),
        Some("en-us")
    );
}
