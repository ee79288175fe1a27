//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::path::{Path, PathBuf};

use tandem::build::{BuildOptions, BuildReport, build};

/// `../shared` beside the repository (CI puts it there); panics with a clear message when absent,
/// because tests against real data must not pass silently without it.
pub fn shared() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        p.is_dir(),
        "../shared (the real corpus and health samples) is missing beside the repo at {}",
        p.display()
    );
    p
}

/// The real French side-by-side corpus.
pub fn corpus() -> PathBuf {
    shared().join("corpus/partner-center-pr.fr-fr")
}

/// Builds `content` into a fresh temp folder with the given config (or none).
pub fn build_into(content: &Path, config: Option<&Path>) -> (tempfile::TempDir, BuildReport) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("output");
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out,
        config: config
            .map(Path::to_path_buf)
            .unwrap_or_else(|| tmp.path().join("no-config.toml")),
        config_required: config.is_some(),
        base_url: Some("https://docs.example.com".into()),
        drafts: false,
        strict: false,
    };
    let report = build(&opts);
    (tmp, report)
}

/// Every file under `dir` with the given extension.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Parsed HTML of a file.
pub fn html(path: &Path) -> scraper::Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

/// All elements matching `css`.
pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).expect("valid selector");
    doc.select(&sel).collect()
}
pub mod browser;

/// Every file of an output folder but its build cache (`.tandem/`), which is not part of the site:
/// output-relative path (`/`-separated) → bytes.
pub fn output_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.path().strip_prefix(dir).unwrap().starts_with(".tandem"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Asserts two output folders hold the same files (their caches aside), naming the first paths
/// that differ.
pub fn assert_same_output(a: &Path, b: &Path, what: &str) {
    let (ta, tb) = (output_tree(a), output_tree(b));
    let only_a: Vec<_> = ta.keys().filter(|k| !tb.contains_key(*k)).take(5).collect();
    let only_b: Vec<_> = tb.keys().filter(|k| !ta.contains_key(*k)).take(5).collect();
    let differ: Vec<_> = ta
        .iter()
        .filter(|(k, v)| tb.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .take(5)
        .collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "{what}: only in {}: {only_a:?}\nonly in {}: {only_b:?}\ndiffer: {differ:?}",
        a.display(),
        b.display()
    );
    assert!(!ta.is_empty());
}

/// The `tandem-` folders a build left beside its output in `dir`, once the replaced output it
/// handed to a detached remover (`.<out>.tandem-trash-*`) is gone: waits for that, up to 30 s.
pub fn leftovers_beside(dir: &Path) -> Vec<String> {
    let list = || -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.contains("tandem-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    for _ in 0..600 {
        let left = list();
        if !left.iter().any(|n| n.contains("tandem-trash-")) {
            return left;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    list()
}
