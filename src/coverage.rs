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

use serde::Serialize;

use crate::content::page::{Half, plain_text};
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

fn norm(s: &str) -> String {
    plain_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_coverage(site: &Site, f: &LoadedFile) -> PageCoverage {
    let segs = f.segments.as_deref().map(Vec::as_slice).unwrap_or(&[]);
    let mut translated = 0;
    let mut identical = 0;
    for s in segs {
        let t = norm(&s.translated);
        if !t.is_empty() {
            translated += 1;
            if t == norm(&s.source) {
                identical += 1;
            }
        }
    }
    PageCoverage {
        file: f.rel.clone(),
        key: f.key.clone(),
        url: site
            .page(&f.lang, &f.key)
            .map(|p| p.url.clone())
            .unwrap_or_default(),
        segments: segs.len(),
        translated,
        identical,
        percent: percent(translated, segs.len()),
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
    for f in site.files.values() {
        if !f.bilingual || &f.lang == src || f.is_include || (f.front.draft && !site.config.drafts)
        {
            continue;
        }
        by_lang
            .entry(f.lang.clone())
            .or_default()
            .push(page_coverage(site, f));
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
