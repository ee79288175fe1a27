//! From loaded files to pages: each side-by-side file gives its translated and its source page,
//! a single-language file one, a span-less translated YAML page a source-language stand-in; then
//! the indexes by language and key, URL and case collisions, and the titles and descriptions of
//! reconstructed pages.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::front_matter;
use crate::content::page::{Half, Page, plain_text};
use crate::content::sxs;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

use super::paths::{key_dir, lowercase, page_url};
use super::{LoadedFile, Site, Summary};

/// First paragraph of Markdown as plain text (for descriptions of reconstructed source pages).
pub(super) fn first_paragraph(md: &str) -> Option<String> {
    let mut para = String::new();
    for line in md.lines() {
        let t = line.trim();
        if t.is_empty() {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        if t.starts_with('#')
            || t.starts_with('>')
            || t.starts_with('|')
            || t.starts_with('<') && !t.starts_with("<span")
            || t.starts_with("```")
            || t.starts_with(":::")
            || t.starts_with('-')
            || t.starts_with('*') && !t.starts_with("**")
            || t.starts_with('[') && t.contains("[!")
        {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        para.push_str(t);
        para.push(' ');
    }
    let text = plain_text(&para);
    if text.is_empty() {
        return None;
    }
    let mut cut: String = text.chars().take(200).collect();
    if cut.len() < text.len() {
        if let Some(i) = cut.rfind(' ') {
            cut.truncate(i);
        }
        cut.push('…');
    }
    Some(cut)
}

pub(super) fn humanize(key: &str) -> String {
    let stem = key
        .rsplit('/')
        .find(|s| *s != "index" && !s.is_empty())
        .unwrap_or(key);
    let s = stem.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl Site {
    pub(super) fn make_pages(&mut self) {
        let source_lang = self.config.source_lang.clone();
        let root = self.config.root_path();
        let mut diags = Vec::new();
        // Each file's page (and rebuilt source page) in parallel: hashing, titles and descriptions
        // cost a pass over the text; slots and collisions are settled in order below.
        type Made<'f> = (&'f LoadedFile, Page, Option<Page>, Option<Page>);
        let made: Vec<Made> = self
            .files
            .values()
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter(|file| !(file.is_include || (file.front.draft && !self.config.drafts)))
            .map(|file| {
                let base = |half: Half, lang: &Lang| Page {
                    lang: lang.clone(),
                    key: file.key.clone(),
                    url: page_url(&root, lang, &file.key),
                    file: file.rel.clone(),
                    half,
                    title: String::new(),
                    description: None,
                    body: file.body.clone(),
                    stand_in: None,
                    body_line: file.body_line,
                    front: file.front.clone(),
                    behind: false,
                    // Only pages rebuilt from source halves compare hashes (below).
                    source_hash: 0,
                    text_lang: None,
                };
                let mut main = if file.bilingual && file.lang != source_lang {
                    base(Half::Translated, &file.lang)
                } else {
                    base(Half::Single, &file.lang)
                };
                // Found in the text of a file read this build, so moved into the pages (not
                // copied); cloned from the cache's copy, which the index is written from.
                let mut summary = file.summary();
                main.title = main_title(file, &summary);
                main.description = file.front.description.as_ref().map(|d| front_text(d));
                let src = (file.bilingual && file.lang != source_lang).then(|| {
                    let mut src = base(Half::Source, &source_lang);
                    // Compare the source halves only: text outside the spans (alt text translated
                    // in place, structure) legitimately differs between translations.
                    src.source_hash = summary.source_hash;
                    // Front matter is written in the translated language only.
                    src.title = summary
                        .source_heading
                        .take()
                        .unwrap_or_else(|| humanize(&file.key));
                    src.description = summary.source_paragraph.take();
                    src
                });
                let stand_in = stand_in_page(file, &source_lang, &main, &base);
                (file, main, src, stand_in)
            })
            .collect();
        // Slots and candidates borrow their keys from the loaded files (a page's language and key
        // are its file's): cloning two strings per page into SipHash-keyed maps was most of this
        // serial loop at 100,000 sources.
        let mut pages: Vec<Page> = Vec::with_capacity(made.len() * 2);
        let mut slots: FxHashMap<(&Lang, &str), usize> =
            FxHashMap::with_capacity_and_hasher(made.len() * 2, Default::default());
        // Reconstructed source-language candidates per key: (handoff date, lang, page).
        type Candidate<'f> = (Option<front_matter::Date>, &'f Lang, Page);
        let mut candidates: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
        let mut stand_ins = Vec::new();
        for (file, main, src, stand_in) in made {
            stand_ins.extend(stand_in);
            if let Some(src) = src {
                candidates.entry(file.key.as_str()).or_default().push((
                    file.front.last_handoff,
                    &file.lang,
                    src,
                ));
            }
            let slot = (&file.lang, file.key.as_str());
            if let Some(&prev) = slots.get(&slot) {
                diags.push(url_collision(&pages[prev].file, &file.rel, &main.url));
                continue;
            }
            slots.insert(slot, pages.len());
            pages.push(main);
        }
        // The source-language page of each key: an authoritative file wins, else the newest hand-off.
        for (key, mut cands) in candidates {
            cands.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let authoritative = slots.get(&(&source_lang, key)).copied();
            let winner_hash = cands[0].2.source_hash;
            let behind: Vec<&Lang> = if authoritative.is_none() {
                cands
                    .iter()
                    .skip(1)
                    .filter(|c| c.2.source_hash != winner_hash)
                    .map(|c| c.1)
                    .collect()
            } else {
                Vec::new()
            };
            if !behind.is_empty() {
                let names: Vec<String> = behind.iter().map(|l| l.to_string()).collect();
                diags.push(
                    Diagnostic::warning(
                        "translation-behind",
                        &cands[0].2.file,
                        0,
                        0,
                        format!("translations of `{key}` were made from different source versions; {} is the newest, {} behind", cands[0].1, names.join(", ")),
                    )
                    .with_help("re-translate the older ones from the current source"),
                );
                for l in &behind {
                    if let Some(&i) = slots.get(&(*l, key)) {
                        pages[i].behind = true;
                    }
                }
            }
            if authoritative.is_none() {
                let (_, _, page) = cands.swap_remove(0);
                slots.insert((&source_lang, key), pages.len());
                pages.push(page);
            }
        }
        // A stand-in only fills a source-language slot that nothing else fills (files are in path
        // order, so the first translation's stand-in wins, in every build).
        for page in stand_ins {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                slots.entry((&source_lang, self.files[&page.file].key.as_str()))
            {
                slot.insert(pages.len());
                pages.push(page);
            }
        }
        // (key, language) is unique (slots above), so an unstable sort gives the same order, without
        // the stable sort's buffer of half the pages.
        pages.sort_unstable_by(|a, b| a.key.cmp(&b.key).then_with(|| a.lang.cmp(&b.lang)));
        let mut langs: BTreeSet<Lang> = self.config.languages.keys().cloned().collect();
        // Pages are in key order, so a key's pages are neighbours: its `by_key` entry and
        // lower-case form are made once, and nothing is cloned for a map entry that exists.
        let mut prev_key: Option<&str> = None;
        for (i, p) in pages.iter().enumerate() {
            match self.by_lang_key.get_mut(&p.lang) {
                Some(keys) => {
                    keys.insert(p.key.clone(), i);
                }
                None => {
                    let keys = FxHashMap::from_iter([(p.key.clone(), i)]);
                    self.by_lang_key.insert(p.lang.clone(), keys);
                }
            }
            if !langs.contains(&p.lang) {
                langs.insert(p.lang.clone());
            }
            if prev_key == Some(p.key.as_str()) {
                if let Some(ids) = self.by_key.get_mut(p.key.as_str()) {
                    ids.push(i);
                }
                continue;
            }
            prev_key = Some(&p.key);
            self.by_key.entry(p.key.clone()).or_default().push(i);
            let lower = lowercase(&p.key);
            if !self.lower_index.contains_key(lower.as_ref()) {
                self.lower_index.insert(lower.into_owned(), p.key.clone());
            }
        }
        for a in self.assets.keys() {
            self.lower_index
                .entry(a.to_lowercase())
                .or_insert_with(|| a.clone());
        }
        self.languages = langs.into_iter().collect();
        diags.extend(case_collisions(&pages));
        self.pages = pages;
        self.diagnostics.extend(diags);
    }
}

/// Two files make the same page URL (reported on the second): the first in path order is
/// published, so every build publishes the same one; `check` makes this an error.
fn url_collision(first_file: &str, file: &str, url: &str) -> Diagnostic {
    Diagnostic::warning(
        "url-collision",
        file,
        0,
        0,
        format!(
            "`{first_file}` and `{file}` both make the page {url}; `{first_file}` is published"
        ),
    )
    .with_help("rename or remove one of the two files")
}

/// Pages of one language whose folders differ only in letter case: they work on Linux servers but
/// overwrite each other on case-insensitive file systems (macOS, Windows) and CDNs. Two files whose
/// URLs are the same (`x.md` and `x/index.md`) are an error: one page would replace the other.
fn case_collisions(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<(&Lang, std::borrow::Cow<'_, str>), &Page> =
        FxHashMap::with_capacity_and_hasher(pages.len(), Default::default());
    let mut out = Vec::new();
    for p in pages {
        // The folder the page is written to, in lower case: what a case-insensitive file system
        // compares (the URL's percent-encoding would hide `Été` against `été`).
        match seen.entry((&p.lang, lowercase(key_dir(&p.key)))) {
            std::collections::hash_map::Entry::Occupied(first)
                if first.get().file != p.file && first.get().url == p.url =>
            {
                out.push(url_collision(&first.get().file, &p.file, &p.url))
            }
            std::collections::hash_map::Entry::Occupied(first) if first.get().file != p.file => out.push(
                Diagnostic::warning(
                    "url-case-collision",
                    &p.file,
                    0,
                    0,
                    format!("`{}` and `{}` make URLs that differ only in letter case ({})", first.get().file, p.file, p.url),
                )
                .with_help("rename one of the files; case-insensitive file systems and servers keep only one of them"),
            ),
            std::collections::hash_map::Entry::Occupied(_) => {}
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(p);
            }
        }
    }
    out
}

/// A front-matter title or description as shown: plain text written by the author stays exactly as
/// written (templates escape it, so `<script>` is displayed, never run); a value written side by side
/// is reduced to its translated half.
pub(super) fn front_text(value: &str) -> String {
    if value.contains("data-ttu-id") {
        plain_text(&sxs::translated_text(value))
    } else {
        value.trim().to_string()
    }
}

/// The title of a file's page in its own language: the front matter's, else its first heading,
/// else one made from its key.
pub(super) fn main_title(file: &LoadedFile, summary: &Summary) -> String {
    file.front
        .title
        .as_ref()
        .map(|t| front_text(t))
        .or_else(|| summary.heading.clone())
        .unwrap_or_else(|| humanize(&file.key))
}

/// Hash of the source halves of a file's segments, in order.
pub(super) fn segments_hash(segments: &[sxs::Segment]) -> u64 {
    // Hashed piece by piece with FxHash (unseeded, so the same in every run and in the build
    // cache, which is keyed by the binary): joining the halves first and hashing byte by byte
    // with FNV was 1% of a build at 100,000 sources.
    let mut h = rustc_hash::FxHasher::default();
    for s in segments {
        h.write(s.source().as_bytes());
        h.write_u8(0x1f);
    }
    h.finish()
}

/// The source-language page that stands in for a structured page (landing, hub, FAQ) that exists
/// only in a translation without side-by-side spans: the docset's entry points must exist in every
/// language the docset has, or the source-language site has no home for it. Its text stays in the
/// translation's language (marked `lang`, with a notice); its links show their targets' titles in
/// the source language. Only such files have a stand-in body (`load_structured`).
fn stand_in_page(
    file: &LoadedFile,
    source_lang: &Lang,
    main: &Page,
    base: &dyn Fn(Half, &Lang) -> Page,
) -> Option<Page> {
    let body = file.structured.as_ref()?.stand_in.as_ref()?;
    let mut page = base(Half::Single, source_lang);
    page.stand_in = Some(body.clone());
    page.title = main.title.clone();
    page.description = main.description.clone();
    page.text_lang = Some(file.lang.clone());
    Some(page)
}
