//! Translation coverage, per language and per page: how many segments are translated, how many are
//! identical to the source, human or machine translated, which source pages have no translation and
//! which translations are out of date. Published as `/coverage/` and `coverage.json`, and gated by
//! `tandem check --min-coverage PCT`.
//!
//! **Out of date** (documented in the README): a translation is out of date when
//! 1. the site's own rule marks it `behind`: another translation of the same source carries newer
//!    source halves (newest `ms.lasthandoff` wins), or
//! 2. an authoritative source file (a plain file in the source language at the same path) has an
//!    `ms.date` later than the translation's `ms.lasthandoff`, or
//! 3. another translation of the same source has a different `ms.openlocfilehash` (the hash of the
//!    source file the localization system handed off) and a later `ms.lasthandoff`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::page::Half;
use crate::content::sxs;
use crate::lang::Lang;
use crate::site::{LoadedFile, Site};

/// Coverage of one translated file.
#[derive(Debug, Clone, Serialize)]
pub struct PageCoverage {
    /// Content-relative source file.
    pub file: String,
    /// Page key.
    pub key: String,
    /// Root-relative URL of the translated page.
    pub url: String,
    /// Segments in the file.
    pub segments: usize,
    /// Segments whose translated half is not empty (identical ones included).
    pub translated: usize,
    /// Segments whose translated half is the same text as the source half.
    pub identical: usize,
    /// `translated / segments`, in percent (100 for a file without segments).
    pub percent: f64,
    /// `HT`, `MT` or none.
    pub translation_type: Option<String>,
    /// Why the translation is out of date, when it is.
    pub out_of_date: Option<String>,
}

/// Coverage of one language.
#[derive(Debug, Clone, Serialize)]
pub struct LangCoverage {
    /// Language tag.
    pub lang: String,
    /// Translated files.
    pub pages: usize,
    /// Segments in all.
    pub segments: usize,
    /// Translated segments.
    pub translated: usize,
    /// Segments identical to the source.
    pub identical: usize,
    /// `translated / segments` in percent.
    pub percent: f64,
    /// Human-translated files.
    pub ht: usize,
    /// Machine-translated files.
    pub mt: usize,
    /// Out-of-date translations.
    pub out_of_date: usize,
    /// Source-language pages with no page in this language.
    pub missing: Vec<String>,
    /// Per page, sorted by file.
    pub files: Vec<PageCoverage>,
}

/// Coverage of the whole site.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The source language.
    pub source_lang: String,
    /// Every translated language, sorted.
    pub languages: Vec<LangCoverage>,
    /// Source-language pages (keys) that have no translation in any language.
    pub untranslated: Vec<String>,
}

impl Coverage {
    /// Languages whose segment coverage is below `min` percent.
    pub fn below(&self, min: f64) -> Vec<&LangCoverage> {
        self.languages
            .iter()
            .filter(|l| l.percent + 1e-9 < min)
            .collect()
    }
}

fn percent(part: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

/// A file's segments, translated segments and segments whose translation is the source text: what
/// coverage counts of its body (the build cache hashes it, `cache/fingerprint.rs`).
pub fn segment_counts(f: &LoadedFile) -> (usize, usize, usize) {
    let segs = f.segments().map(|s| s.as_slice()).unwrap_or(&[]);
    let mut translated = 0;
    let mut identical = 0;
    for s in segs {
        // Compared word by word: the same text up to markup and spacing.
        let t = sxs::plain(s.translated());
        if t.split_whitespace().next().is_some() {
            translated += 1;
            if t.split_whitespace()
                .eq(sxs::plain(s.source()).split_whitespace())
            {
                identical += 1;
            }
        }
    }
    (segs.len(), translated, identical)
}

fn page_coverage(site: &Site, f: &LoadedFile) -> PageCoverage {
    let (segments, translated, identical) = segment_counts(f);
    PageCoverage {
        file: f.rel.clone(),
        key: f.key.clone(),
        url: site
            .page(&f.lang, &f.key)
            .map(|p| p.url.clone())
            .unwrap_or_default(),
        segments,
        translated,
        identical,
        percent: percent(translated, segments),
        translation_type: f.front.translation_type.map(|t| format!("{t:?}")),
        out_of_date: out_of_date(site, f),
    }
}

fn out_of_date(site: &Site, f: &LoadedFile) -> Option<String> {
    let src = &site.config.source_lang;
    if site.page(&f.lang, &f.key).is_some_and(|p| p.behind) {
        return Some("another translation of this page was made from a newer source".into());
    }
    let handoff = f.front.last_handoff;
    if let Some(p) = site.page(src, &f.key)
        && p.half == Half::Single
        && let (Some(changed), Some(h)) = (p.front.date, handoff)
        && changed > h
    {
        return Some(format!(
            "the source changed on {} after the hand-off of {}",
            changed.iso(),
            h.iso()
        ));
    }
    let hash = f.front.open_loc_file_hash.as_deref()?;
    for &i in site.by_key.get(&f.key).map(Vec::as_slice).unwrap_or(&[]) {
        let other = &site.pages[i];
        if other.lang == f.lang || other.half != Half::Translated {
            continue;
        }
        if let (Some(oh), Some(od)) = (
            other.front.open_loc_file_hash.as_deref(),
            other.front.last_handoff,
        ) && oh != hash
            && handoff.is_none_or(|h| od > h)
        {
            return Some(format!(
                "the {} translation was handed off later from another source version ({})",
                other.lang,
                od.iso()
            ));
        }
    }
    None
}

/// Computes coverage from a loaded site (no rendering needed).
pub fn compute(site: &Site) -> Coverage {
    let src = &site.config.source_lang;
    let mut by_lang: BTreeMap<Lang, Vec<PageCoverage>> = BTreeMap::new();
    let files: Vec<&LoadedFile> = site
        .files
        .values()
        .filter(|f| {
            f.bilingual && &f.lang != src && !f.is_include && (!f.front.draft || site.config.drafts)
        })
        .collect();
    let counted: Vec<PageCoverage> = files.par_iter().map(|f| page_coverage(site, f)).collect();
    for (f, c) in files.iter().zip(counted) {
        by_lang.entry(f.lang.clone()).or_default().push(c);
    }
    let source_keys: BTreeSet<&str> = site
        .pages
        .iter()
        .filter(|p| &p.lang == src)
        .map(|p| p.key.as_str())
        .collect();
    let untranslated = source_keys
        .iter()
        .filter(|k| site.by_key.get(**k).is_none_or(|v| v.len() <= 1))
        .map(|k| k.to_string())
        .collect();
    let languages = site
        .languages
        .iter()
        .filter(|l| *l != src)
        .map(|l| {
            let files = by_lang.remove(l).unwrap_or_default();
            let segments = files.iter().map(|f| f.segments).sum();
            let translated = files.iter().map(|f| f.translated).sum();
            let count = |t: &str| {
                files
                    .iter()
                    .filter(|f| f.translation_type.as_deref() == Some(t))
                    .count()
            };
            LangCoverage {
                lang: l.to_string(),
                pages: files.len(),
                segments,
                translated,
                identical: files.iter().map(|f| f.identical).sum(),
                percent: percent(translated, segments),
                ht: count("HT"),
                mt: count("MT"),
                out_of_date: files.iter().filter(|f| f.out_of_date.is_some()).count(),
                missing: source_keys
                    .iter()
                    .filter(|k| site.page(l, k).is_none())
                    .map(|k| k.to_string())
                    .collect(),
                files,
            }
        })
        .collect();
    Coverage {
        source_lang: src.to_string(),
        languages,
        untranslated,
    }
}

/// What `coverage.html` gets as `coverage`: the summary as computed, with each language's per-page
/// table as HTML rows (`file_rows`) instead of a list: converting one template value per page was
/// the largest memory cost of a 100,000-page build. `coverage.json` has the per-page data.
#[derive(Serialize)]
struct PageView<'a> {
    source_lang: &'a str,
    languages: Vec<LangView<'a>>,
    untranslated: &'a [String],
}

#[derive(Serialize)]
struct LangView<'a> {
    lang: &'a str,
    pages: usize,
    segments: usize,
    translated: usize,
    identical: usize,
    percent: f64,
    ht: usize,
    mt: usize,
    out_of_date: usize,
    missing: &'a [String],
    file_rows: String,
    omitted_rows: usize,
}

/// Per-page rows of the report page per language, at most (see `PageView::of`).
const MAX_PAGE_ROWS: usize = 2000;

impl<'a> PageView<'a> {
    fn of(cov: &'a Coverage, max_rows: usize) -> PageView<'a> {
        use crate::render::html::escape;
        let languages = cov
            .languages
            .iter()
            .map(|l| {
                // A table of every page is kept to sites of readable size; beyond, the pages that
                // need work most (least translated, then out of date) are listed and
                // `coverage.json` has them all.
                let mut shown: Vec<&PageCoverage> = l.files.iter().collect();
                let omitted = shown.len().saturating_sub(max_rows);
                if omitted > 0 {
                    shown.sort_by(|a, b| {
                        a.percent
                            .total_cmp(&b.percent)
                            .then(b.out_of_date.is_some().cmp(&a.out_of_date.is_some()))
                            .then(a.file.cmp(&b.file))
                    });
                    shown.truncate(max_rows);
                }
                let mut rows = String::with_capacity(shown.len() * 200);
                for f in shown {
                    let file = escape(&f.file);
                    rows.push_str("\n<tr><th scope=\"row\">");
                    if f.url.is_empty() {
                        rows.push_str(&file);
                    } else {
                        rows.push_str(&format!("<a href=\"{}\">{file}</a>", escape(&f.url)));
                    }
                    rows.push_str(&format!(
                        // `{:?}` prints 100.0 as tera prints the language rows' percentages.
                        "</th><td>{} / {}</td><td>{:?}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        f.translated,
                        f.segments,
                        f.percent,
                        f.identical,
                        escape(f.translation_type.as_deref().unwrap_or("")),
                        escape(f.out_of_date.as_deref().unwrap_or("")),
                    ));
                }
                LangView {
                    lang: &l.lang,
                    pages: l.pages,
                    segments: l.segments,
                    translated: l.translated,
                    identical: l.identical,
                    percent: l.percent,
                    ht: l.ht,
                    mt: l.mt,
                    out_of_date: l.out_of_date,
                    missing: &l.missing,
                    file_rows: rows,
                    omitted_rows: omitted,
                }
            })
            .collect();
        PageView {
            source_lang: &cov.source_lang,
            languages,
            untranslated: &cov.untranslated,
        }
    }
}

/// Writes `coverage.json` at the output root and the `/coverage/` report page (template
/// `coverage.html`, in the source language). Returns files written and problems.
pub fn write(
    site: &Site,
    renderer: &crate::render::pages::Renderer,
    tera: &tera::Tera,
    sink: &dyn crate::output::Sink,
) -> (usize, Vec<crate::diagnostics::Diagnostic>) {
    use crate::diagnostics::Diagnostic;
    let cov = compute(site);
    let mut diags = Vec::new();
    let mut files = 0;
    let root = site.config.root_path();
    let mut put =
        |path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>| match sink.put(path, bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(Diagnostic::error(
                "write",
                path,
                0,
                0,
                format!("cannot write output: {e}"),
            )),
        };
    // Serialized, written and dropped before the page is made: on a site of 100,000 pages both
    // are tens of MB.
    let json = serde_json::to_vec_pretty(&cov).unwrap_or_default();
    put("coverage.json", &json, &mut diags);
    drop(json);
    let url = format!("{root}coverage/");
    let page = crate::render::pages::PageCtx {
        kind: "coverage".into(),
        title: "Translation coverage".into(),
        permalink: renderer.permalink(&url),
        url,
        robots: Some("noindex".into()),
        ..Default::default()
    };
    let lang = &site.config.source_lang;
    let mut ctx = renderer.context(lang, &page);
    ctx.insert("coverage", &PageView::of(&cov, MAX_PAGE_ROWS));
    match tera.render("coverage.html", &ctx) {
        Ok(html) => put("coverage/index.html", html.as_bytes(), &mut diags),
        Err(e) => diags.push(
            Diagnostic::error(
                "template-render",
                "coverage.html",
                0,
                0,
                format!("rendering `coverage.html` failed: {e}"),
            )
            .with_help("fix the template, or the data it reads"),
        ),
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, t: &str, s: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{s}</span></span>"
        )
    }

    fn site(files: &[(&str, String)]) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = crate::config::Config::load(&dir.path().join("none.toml"), false).unwrap();
        let site = Site::load(config, dir.path());
        (dir, site)
    }

    #[test]
    fn counts_translated_identical_mt_missing_and_out_of_date() {
        let fr_a = format!(
            "---\ntitle: A\nms.translationtype: MT\nms.lasthandoff: 04/01/2021\n---\n# {}\n\n{}\n\n{}\n\n{}\n",
            pair("a-1", "Un", "One"),
            pair("a-2", "Deux", "Two"),
            pair("a-3", "Partner Center", "Partner Center"),
            pair("a-4", "", "Four"),
        );
        let fr_b = format!(
            "---\ntitle: B\nms.translationtype: HT\n---\n# {}\n\n{}\n",
            pair("b-1", "Bé", "Bee"),
            pair("b-2", "Cé", "See"),
        );
        let (_d, site) = site(&[
            ("fr-fr/a.md", fr_a),
            ("fr-fr/b.md", fr_b),
            (
                "en-us/a.md",
                "---\ntitle: A\nms.date: 05/01/2021\n---\n# One\n".into(),
            ),
            ("en-us/c.md", "---\ntitle: C\n---\n# C\n".into()),
        ]);
        let cov = compute(&site);
        assert_eq!(cov.untranslated, vec!["c".to_string()]);
        let fr = &cov.languages[0];
        assert_eq!(fr.lang, "fr-fr");
        assert_eq!(
            (fr.pages, fr.segments, fr.translated, fr.identical),
            (2, 6, 5, 1)
        );
        assert_eq!((fr.mt, fr.ht), (1, 1));
        assert_eq!(fr.percent, 83.3);
        assert_eq!(fr.missing, vec!["c".to_string()]);
        let a = fr.files.iter().find(|f| f.key == "a").unwrap();
        assert_eq!(
            (a.segments, a.translated, a.identical, a.percent),
            (4, 3, 1, 75.0)
        );
        assert!(
            a.out_of_date.as_deref().unwrap().contains("2021-05-01"),
            "{a:?}"
        );
        let b = fr.files.iter().find(|f| f.key == "b").unwrap();
        assert_eq!(b.out_of_date, None);
        assert_eq!(cov.below(90.0).len(), 1);
        assert!(cov.below(80.0).is_empty());
    }

    #[test]
    fn large_reports_list_the_least_translated_pages() {
        let file = |name: &str, translated: usize| PageCoverage {
            file: format!("fr-fr/{name}.md"),
            key: name.into(),
            url: format!("/fr-fr/{name}/"),
            segments: 10,
            translated,
            identical: 0,
            percent: translated as f64 * 10.0,
            translation_type: None,
            out_of_date: None,
        };
        let files = vec![
            file("a", 10),
            file("b", 3),
            file("c", 9),
            file("d", 1),
            file("e", 10),
        ];
        let cov = Coverage {
            source_lang: "en-us".into(),
            languages: vec![LangCoverage {
                lang: "fr-fr".into(),
                pages: files.len(),
                segments: 50,
                translated: 33,
                identical: 0,
                percent: 66.0,
                ht: 0,
                mt: 0,
                out_of_date: 0,
                missing: Vec::new(),
                files,
            }],
            untranslated: Vec::new(),
        };
        let all = PageView::of(&cov, 10);
        assert_eq!(all.languages[0].omitted_rows, 0);
        assert_eq!(all.languages[0].file_rows.matches("<tr>").count(), 5);
        let capped = PageView::of(&cov, 2);
        let rows = &capped.languages[0].file_rows;
        assert_eq!(capped.languages[0].omitted_rows, 3);
        assert_eq!(rows.matches("<tr>").count(), 2);
        assert!(
            rows.find("fr-fr/d.md").unwrap() < rows.find("fr-fr/b.md").unwrap(),
            "{rows}"
        );
    }
}
