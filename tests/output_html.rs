//! What every published page must be, checked over the whole output of the real corpus and of the
//! bundled site: each id once per page, every in-page link reaching an id, no internal markers, and
//! text in another language than the page's marked with `lang`.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build_into, corpus, files_with_ext, html, select};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus and the bundled site, each built once for this file's tests.
fn built() -> &'static [(String, tempfile::TempDir)] {
    static SITES: OnceLock<Vec<(String, tempfile::TempDir)>> = OnceLock::new();
    SITES.get_or_init(|| {
        let (corpus_out, report) = build_into(&corpus(), None);
        assert_eq!(report.errors(), 0, "the corpus builds");
        let (bundled_out, report) =
            build_into(&repo().join("content"), Some(&repo().join("tandem.toml")));
        assert_eq!(report.errors(), 0, "the bundled site builds");
        vec![
            ("corpus".into(), corpus_out),
            ("bundled".into(), bundled_out),
        ]
    })
}

fn out(site: &str) -> PathBuf {
    let (_, tmp) = built().iter().find(|(n, _)| n == site).expect("built");
    tmp.path().join("output")
}

/// Every `id` (and `name`) attribute of a page, with how often it occurs, read from the text so
/// that a repeated one is seen even where an HTML parser would keep only one.
fn ids(text: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for attr in [" id=\"", " name=\""] {
        for (i, _) in text.match_indices(attr) {
            let rest = &text[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                let count = m.entry(&rest[..end]).or_insert(0);
                if attr == " id=\"" {
                    *count += 1;
                }
            }
        }
    }
    m
}

fn pages(site: &str) -> Vec<(PathBuf, String)> {
    let root = out(site);
    let files = files_with_ext(&root, "html");
    assert!(files.len() > 20, "{site}: {} pages", files.len());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("utf-8 page");
            (p.strip_prefix(&root).unwrap_or(&p).to_path_buf(), text)
        })
        .collect()
}

#[test]
fn each_id_is_once_on_its_page() {
    for site in ["corpus", "bundled"] {
        let mut bad = Vec::new();
        for (path, text) in pages(site) {
            let repeated: Vec<_> = ids(&text)
                .into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(id, n)| format!("{id} ×{n}"))
                .collect();
            if !repeated.is_empty() {
                bad.push(format!("{}: {}", path.display(), repeated.join(", ")));
            }
        }
        assert!(
            bad.is_empty(),
            "{site}: {} pages\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}

#[test]
fn every_in_page_link_reaches_an_id_of_its_page() {
    for site in ["corpus", "bundled"] {
        let mut bad = Vec::new();
        for (path, text) in pages(site) {
            let ids = ids(&text);
            for (i, _) in text.match_indices("href=\"#") {
                let rest = &text[i + 7..];
                let frag = &rest[..rest.find('"').unwrap_or(0)];
                if !frag.is_empty() && !ids.contains_key(frag) {
                    bad.push(format!("{}: #{frag}", path.display()));
                }
            }
        }
        assert!(bad.is_empty(), "{site}: {}\n{}", bad.len(), bad.join("\n"));
    }
}

/// The splitter pads pairs over several lines with `data-pad` attributes to keep line numbers;
/// the corpus has such pairs, and no page may show the padding.
#[test]
fn no_line_padding_reaches_a_page() {
    for site in ["corpus", "bundled"] {
        let padded: Vec<_> = pages(site)
            .into_iter()
            .filter(|(_, t)| t.contains("data-pad") || t.contains("<span></span>"))
            .map(|(p, _)| p)
            .collect();
        assert!(padded.is_empty(), "{site}: {padded:?}");
    }
}

/// The German pages of the bundled site link to English pages where no German one exists. Such an
/// entry shows the English page's own title, marked as English; in the sidebar the link also says
/// (`hreflang`) that it leads to another language.
#[test]
fn fallback_entries_show_the_english_title_marked_english() {
    let root = out("bundled");
    let title_of = |path: &Path| {
        let doc = html(path);
        select(&doc, "main h1")
            .first()
            // Without the permalink's `#`.
            .map(|h| {
                h.text()
                    .collect::<String>()
                    .trim()
                    .trim_end_matches('#')
                    .to_string()
            })
            .expect("an h1")
    };
    let home = html(&root.join("de-de/index.html"));
    let entries = select(&home, "nav.children a");
    let mut fallbacks = 0;
    for a in &entries {
        let href = a.value().attr("href").expect("href");
        let title = a.text().collect::<String>();
        if let Some(rest) = href.strip_prefix("/en-us/") {
            fallbacks += 1;
            assert_eq!(a.value().attr("lang"), Some("en-us"), "{href}");
            assert_eq!(a.value().attr("hreflang"), Some("en-us"), "{href}");
            let en = title_of(&root.join("en-us").join(rest).join("index.html"));
            assert_eq!(title.trim(), en, "{href}");
        } else {
            assert!(href.starts_with("/de-de/"), "{href}");
            assert_eq!(a.value().attr("lang"), None, "{href}");
        }
    }
    assert!(
        fallbacks >= 3,
        "the bundled de-de site has untranslated pages"
    );
    // The home does not list itself.
    assert!(
        entries
            .iter()
            .all(|a| a.value().attr("href") != Some("/de-de/")),
        "home lists itself"
    );
    let page = html(&root.join("de-de/getting-started/overview/index.html"));
    let side: Vec<_> = select(&page, "nav a[href^=\"/en-us/\"]")
        .into_iter()
        .filter(|a| a.value().attr("href") != Some("/en-us/getting-started/overview/"))
        .filter(|a| a.value().attr("href") != Some("/en-us/"))
        .collect();
    assert!(!side.is_empty());
    let mut seen = HashSet::new();
    for a in side {
        let href = a.value().attr("href").unwrap_or_default();
        if !seen.insert(href) {
            continue;
        }
        assert_eq!(a.value().attr("lang"), Some("en-us"), "{href}");
        assert_eq!(a.value().attr("hreflang"), Some("en-us"), "{href}");
    }
}
