//! The real localized corpus (`../shared/corpus/partner-center-pr.fr-fr`) builds into a bilingual site.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{build_into, corpus, html, select};
use tandem::content::{front_matter, sxs};

/// Side-by-side sources of the corpus (content-relative key without `.md`), excluding TOC files.
fn bilingual_sources() -> Vec<(String, String)> {
    let root = corpus();
    let mut out = Vec::new();
    for p in common::files_with_ext(&root, "md") {
        let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
        if name == "toc.md" {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        if text.contains("data-ttu-id") {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel.trim_end_matches(".md").to_string(), text));
        }
    }
    out
}

fn page(out: &Path, lang: &str, key: &str) -> std::path::PathBuf {
    let dir = key
        .strip_suffix("index")
        .map(|d| d.trim_end_matches('/'))
        .unwrap_or(key);
    if dir.is_empty() {
        out.join(lang).join("index.html")
    } else {
        out.join(lang).join(dir).join("index.html")
    }
}

/// The text of `<main>` outside `<pre>` and `<code>`, where a directive left unrendered would show.
fn text_outside_code(doc: &scraper::Html) -> String {
    let mut out = String::new();
    for m in select(doc, "main") {
        for node in m.descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "code" | "pre"))
            });
            if !in_code {
                out.push_str(t);
            }
        }
    }
    out
}

#[test]
fn corpus_builds_both_languages_without_markup_or_french_on_english_pages() {
    let (tmp, report) = build_into(&corpus(), None);
    assert_eq!(
        report.errors(),
        0,
        "{:#?}",
        report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect::<Vec<_>>()
    );
    let out = tmp.path().join("output");
    let sources = bilingual_sources();
    assert!(
        sources.len() > 140,
        "expected the whole subset, got {}",
        sources.len()
    );
    for (key, text) in &sources {
        let fr = page(&out, "fr-fr", key);
        let en = page(&out, "en-us", key);
        assert!(fr.is_file(), "missing fr-fr page for {key}");
        assert!(en.is_file(), "missing en-us page for {key}");
        let en_html = std::fs::read_to_string(&en).unwrap();
        for marker in ["data-ttu-id", "data-stu-id", "sxs-lookup"] {
            assert!(
                !en_html.contains(marker),
                "{marker} left on en-us page {key}"
            );
        }
        // No translated sentence may appear on the English page: check every segment whose French
        // text differs from its English source (long enough to be a real sentence).
        let parsed = front_matter::parse(text, Path::new(key));
        let split = sxs::split(
            parsed.body,
            Path::new(key),
            parsed.body_line,
            &sxs::Options {
                wrap_segments: false,
            },
        );
        let doc = scraper::Html::parse_document(&en_html);
        let fr_doc = common::html(&fr);
        for (lang, d) in [("en-us", &doc), ("fr-fr", &fr_doc)] {
            let prose = text_outside_code(d);
            for directive in ["[!div", "[!code", "[!video", "[!include", ":::"] {
                assert!(
                    !prose.to_lowercase().contains(directive),
                    "{directive} left as text on the {lang} page {key}"
                );
            }
        }
        let main_text: String = select(&doc, "main")
            .iter()
            .map(|m| m.text().collect::<String>())
            .collect();
        let main_text = main_text.split_whitespace().collect::<Vec<_>>().join(" ");
        for seg in &split.segments {
            let fr_plain = tandem::content::page::plain_text(seg.translated());
            let en_plain = tandem::content::page::plain_text(seg.source());
            let norm = |s: &str| {
                s.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            };
            // Untranslated terms (product names, field names) are the same in both halves.
            if fr_plain.chars().count() < 25 || norm(&en_plain).contains(&norm(&fr_plain)) {
                continue;
            }
            assert!(
                !main_text.contains(&fr_plain),
                "French segment {} on en-us page {key}: {fr_plain}",
                seg.id()
            );
        }
    }
}

#[test]
fn every_alert_in_the_sources_is_rendered_as_an_alert() {
    let (tmp, report) = build_into(&corpus(), None);
    assert_eq!(report.errors(), 0);
    let out = tmp.path().join("output");
    let alert = regex_lite_alert();
    let mut total = 0;
    for (key, text) in bilingual_sources() {
        let expected = text.lines().filter(|l| alert(l)).count();
        if expected == 0 {
            continue;
        }
        total += expected;
        for lang in ["fr-fr", "en-us"] {
            let doc = html(&page(&out, lang, &key));
            let found = select(&doc, "main .alert").len();
            assert!(
                found >= expected,
                "{lang}/{key}: {expected} alerts in the source, {found} rendered"
            );
        }
    }
    assert!(total > 50, "the corpus has many alerts; found only {total}");
}

/// `> [!NOTE]`-style alert lines in any case and spacing.
fn regex_lite_alert() -> impl Fn(&str) -> bool {
    |line: &str| {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix('>') else {
            return false;
        };
        let rest = rest.trim_start().to_ascii_uppercase();
        [
            "[!NOTE]",
            "[!TIP]",
            "[!IMPORTANT]",
            "[!CAUTION]",
            "[!WARNING]",
        ]
        .iter()
        .any(|k| rest.starts_with(k))
    }
}

#[test]
fn check_service_health_exists_in_both_languages_with_hreflang_pointing_at_each_other() {
    let (tmp, report) = build_into(&corpus(), None);
    assert_eq!(report.errors(), 0);
    let out = tmp.path().join("output");
    let key = "partner-center/check-service-health";
    let fr = html(&page(&out, "fr-fr", key));
    let en = html(&page(&out, "en-us", key));
    let alternates = |doc: &scraper::Html| -> HashSet<(String, String)> {
        select(doc, "link[rel=alternate][hreflang]")
            .iter()
            .map(|e| {
                (
                    e.value().attr("hreflang").unwrap().to_string(),
                    e.value().attr("href").unwrap().to_string(),
                )
            })
            .collect()
    };
    let fr_url = format!("https://docs.example.com/fr-fr/{key}/");
    let en_url = format!("https://docs.example.com/en-us/{key}/");
    for doc in [&fr, &en] {
        let alts = alternates(doc);
        assert!(alts.contains(&("fr-fr".into(), fr_url.clone())), "{alts:?}");
        assert!(alts.contains(&("en-us".into(), en_url.clone())), "{alts:?}");
        assert!(
            alts.contains(&("x-default".into(), en_url.clone())),
            "{alts:?}"
        );
    }
    assert_eq!(select(&fr, "html")[0].value().attr("lang"), Some("fr-fr"));
    assert_eq!(select(&en, "html")[0].value().attr("lang"), Some("en-us"));
    let en_title: String = select(&en, "title")[0].text().collect();
    assert!(en_title.contains("Check service health"), "{en_title}");
    assert!(!en_title.contains("Vérifier"), "{en_title}");
}

#[test]
fn broken_links_are_warnings_with_file_and_line() {
    let (_tmp, report) = build_into(&corpus(), None);
    let broken: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-broken")
        .collect();
    assert!(
        broken.len() > 100,
        "the subset has hundreds of unresolved links, got {}",
        broken.len()
    );
    assert!(broken.iter().all(|d| d.line > 0 && !d.is_error()));
    assert!(
        broken
            .iter()
            .any(|d| d.file.to_string_lossy().starts_with("Archive/China-"))
    );
}
