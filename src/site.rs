//! The loaded site: every source parsed once (in parallel), split into pages per language, indexed for
//! link resolution, with the navigation. Rendering reads from it; nothing here writes files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::discover::{self, FileKind, SourceFile};
use crate::content::docset::{self, Docsets};
use crate::content::front_matter::{self, FrontMatter};
use crate::content::nav::{Nav, NavInput};
use crate::content::page::{Half, Page, first_heading, plain_text};
use crate::content::structured;
use crate::content::sxs;
use crate::content::toc::{self, Toc};
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;

/// A Markdown file after decoding, front matter and the side-by-side split.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Content-relative path.
    pub rel: String,
    /// Language of the file (folder, `ms.contentlocale`, or the source language).
    pub lang: Lang,
    /// Page key (path in the language without `.md`).
    pub key: String,
    /// Front matter.
    pub front: Arc<FrontMatter>,
    /// Line where the body starts.
    pub body_line: u32,
    /// The body as written (single-language files) or the translated half.
    pub translated: Arc<str>,
    /// The source half (same as `translated` for single-language files).
    pub source: Arc<str>,
    /// Segments, for side-by-side files.
    pub segments: Option<Arc<Vec<sxs::Segment>>>,
    /// Whether it had side-by-side spans.
    pub bilingual: bool,
    /// Lives in an `includes/` folder: included, not published as a page.
    pub is_include: bool,
    /// For a structured YAML page (landing, hub, FAQ): what the Markdown was made from.
    pub structured: Option<Arc<StructuredPage>>,
}

/// What a structured YAML page keeps beside its synthetic Markdown (see [`structured`]).
#[derive(Debug)]
pub struct StructuredPage {
    /// Landing, hub or FAQ.
    pub kind: structured::Kind,
    /// FAQ questions and answers, by body line (for the FAQ's JSON-LD).
    pub faq: Vec<structured::FaqLines>,
    /// Lines of the synthetic file → lines of the YAML file.
    pub lines: structured::LineMap,
    /// The source-language stand-in body, for a translated page without side-by-side spans.
    pub stand_in: Option<Arc<str>>,
}

impl LoadedFile {
    /// The text of this file as seen from a page of the given half.
    pub fn text_for(&self, half: Half) -> &Arc<str> {
        match half {
            Half::Source => &self.source,
            _ => &self.translated,
        }
    }
}

/// Everything known about the content before rendering.
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The content root.
    pub content_dir: PathBuf,
    /// Every Markdown file, by content-relative path.
    pub files: BTreeMap<String, LoadedFile>,
    /// Files copied as they are (content-relative paths).
    pub assets: BTreeMap<String, PathBuf>,
    /// Publishing metadata files.
    pub metadata: BTreeMap<String, PathBuf>,
    /// All pages, sorted by (key, lang).
    pub pages: Vec<Page>,
    /// Page index per language, by key.
    pub by_lang_key: FxHashMap<Lang, FxHashMap<String, usize>>,
    /// Every page of a key, in language order.
    pub by_key: FxHashMap<String, Vec<usize>>,
    /// Lowercased keys and asset paths, to suggest the right case for a broken link.
    pub lower_index: FxHashMap<String, String>,
    /// Every language that has at least one page or is configured, sorted.
    pub languages: Vec<Lang>,
    /// Navigation.
    pub nav: Nav,
    /// Docset roots (`~/`) and dependent repositories of the content.
    pub docsets: Docsets,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
}

/// `fr-fr/a/b.md` → `a/b` (language folder and extension removed; `.yml` pages too).
pub fn key_of_rel(rel: &str) -> String {
    // Asked for every link of every page: nothing is allocated but the key.
    let inner = discover::without_lang_folder(rel);
    for ext in [".md", ".markdown", ".yml", ".yaml"] {
        if ends_with_ci(inner, ext) {
            return inner[..inner.len() - ext.len()].to_string();
        }
    }
    inner.to_string()
}

/// Whether `s` ends with the ASCII `ext`, in any letter case (`.MD`, `.Markdown`).
pub fn ends_with_ci(s: &str, ext: &str) -> bool {
    s.len()
        .checked_sub(ext.len())
        .is_some_and(|cut| s.as_bytes()[cut..].eq_ignore_ascii_case(ext.as_bytes()))
}

fn is_include_path(rel: &str) -> bool {
    rel.split('/')
        .rev()
        .skip(1)
        .any(|seg| seg.eq_ignore_ascii_case("includes"))
}

/// Percent-encodes a path for use in a URL (spaces, `#`, `%`, `?`, non-ASCII); `/` stays as it is.
/// Borrowed when nothing needs encoding (most keys).
pub fn encode_path(path: &str) -> std::borrow::Cow<'_, str> {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\\')
        .add(b'^')
        .add(b'|');
    // `/` is not in the set, so encoding the whole path encodes each segment and keeps the slashes.
    percent_encoding::utf8_percent_encode(path, SET).into()
}

/// The folder a page is published in: `a/b` for the keys `a/b` and `a/b/index`, empty for `index`.
/// Only a whole last segment `index` is dropped: `reindex` stays `reindex` (it had become `re`, the
/// folder of `re.md`).
fn key_dir(key: &str) -> &str {
    match key.strip_suffix("index") {
        Some(d) if d.is_empty() || d.ends_with('/') => d.trim_end_matches('/'),
        _ => key,
    }
}

/// Output path (relative to the output root) of a page: `fr-fr/a/b/index.html`.
pub fn page_output_path(lang: &Lang, key: &str) -> String {
    let dir = key_dir(key);
    if dir.is_empty() {
        format!("{lang}/index.html")
    } else {
        format!("{lang}/{dir}/index.html")
    }
}

/// Root-relative URL of a page: `/fr-fr/a/b/`.
pub fn page_url(root: &str, lang: &Lang, key: &str) -> String {
    let dir = encode_path(key_dir(key));
    let lang = lang.as_str();
    let mut url = String::with_capacity(root.len() + lang.len() + dir.len() + 2);
    url.push_str(root);
    url.push_str(lang);
    url.push('/');
    if !dir.is_empty() {
        url.push_str(&dir);
        url.push('/');
    }
    url
}

/// First paragraph of Markdown as plain text (for descriptions of reconstructed source pages).
fn first_paragraph(md: &str) -> Option<String> {
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

/// Reads and parses one table of contents: its path, the tree (`None` when it cannot be read) and
/// what parsing found.
fn load_toc(f: &SourceFile) -> (String, Option<Toc>, Vec<Diagnostic>) {
    let text = match std::fs::read(&f.abs)
        .map_err(|e| e.to_string())
        .and_then(|b| discover::decode(b, &f.rel).map_err(|d| d.message))
    {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error("toc-read", &f.rel, 0, 0, format!("cannot read TOC: {e}"));
            return (f.rel.clone(), None, vec![d]);
        }
    };
    let (mut toc, diags) = if f.kind == FileKind::TocYaml {
        toc::parse_yaml(&text, &f.rel)
    } else {
        toc::parse_markdown(&text, &f.rel)
    };
    toc.split_span_names();
    (f.rel.clone(), Some(toc), diags)
}

fn humanize(key: &str) -> String {
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
    /// Discovers and parses everything under `content_dir` (except `health/`).
    pub fn load(config: Config, content_dir: &Path) -> Site {
        let phase = crate::timings::Phase::start("discover");
        let (found, mut diagnostics) = discover::discover(content_dir, &["health"]);
        drop(phase);
        let source_lang = config.source_lang.clone();
        let mut assets = BTreeMap::new();
        let mut metadata = BTreeMap::new();
        let mut toc_files = Vec::new();
        let mut md_files = Vec::new();
        for f in found {
            match f.kind {
                FileKind::Page => md_files.push(f),
                FileKind::TocYaml | FileKind::TocMarkdown => toc_files.push(f),
                FileKind::Asset => {
                    assets.insert(f.rel.clone(), f.abs.clone());
                }
                FileKind::Metadata => {
                    // A `.yml` may be a structured page (landing, hub, FAQ): read with the pages,
                    // it leaves the metadata when it is one.
                    if is_yaml(&f.rel) {
                        md_files.push(f.clone());
                    }
                    metadata.insert(f.rel.clone(), f.abs.clone());
                }
            }
        }
        // The sources and the tables of contents are read and parsed at the same time: a large
        // TOC.yml is one serial parse, which otherwise left a core idle (~50 ms at 10,000 pages).
        let phase = crate::timings::Phase::start("read+split+toc");
        let (loaded, parsed_tocs) = rayon::join(
            || -> Vec<(Option<LoadedFile>, Vec<Diagnostic>)> {
                md_files
                    .par_iter()
                    .map(|f| load_source(f, &source_lang))
                    .collect()
            },
            || -> Vec<(String, Option<Toc>, Vec<Diagnostic>)> {
                toc_files.par_iter().map(load_toc).collect()
            },
        );
        let mut files = BTreeMap::new();
        for (file, diags) in loaded {
            diagnostics.extend(diags);
            if let Some(file) = file {
                if file.structured.is_some() {
                    metadata.remove(&file.rel);
                }
                files.insert(file.rel.clone(), file);
            }
        }
        let mut tocs = HashMap::new();
        for (rel, toc, diags) in parsed_tocs {
            diagnostics.extend(diags);
            if let Some(toc) = toc {
                tocs.insert(rel, toc);
            }
        }

        let publish_config = metadata
            .get(docset::PUBLISH_CONFIG)
            .and_then(|abs| std::fs::read_to_string(abs).ok());
        let (docsets, d) = Docsets::new(
            metadata.keys().map(String::as_str),
            publish_config.as_deref(),
        );
        diagnostics.extend(d);
        let mut site = Site {
            config,
            content_dir: content_dir.to_path_buf(),
            files,
            assets,
            metadata,
            pages: Vec::new(),
            by_lang_key: FxHashMap::default(),
            by_key: FxHashMap::default(),
            lower_index: FxHashMap::default(),
            languages: Vec::new(),
            nav: Nav::default(),
            docsets,
            diagnostics,
        };
        drop(phase);
        let phase = crate::timings::Phase::start("make_pages");
        site.make_pages();
        drop(phase);
        let _phase = crate::timings::Phase::start("nav");
        site.build_nav(&tocs);
        site
    }

    fn make_pages(&mut self) {
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
                let base = |half: Half, lang: &Lang, markdown: &Arc<str>| Page {
                    lang: lang.clone(),
                    key: file.key.clone(),
                    url: page_url(&root, lang, &file.key),
                    file: file.rel.clone(),
                    half,
                    title: String::new(),
                    description: None,
                    markdown: markdown.clone(),
                    body_line: file.body_line,
                    front: file.front.clone(),
                    segments: file.segments.clone(),
                    behind: false,
                    // Only pages rebuilt from source halves compare hashes (below).
                    source_hash: 0,
                    text_lang: None,
                };
                let mut main = if file.bilingual && file.lang != source_lang {
                    base(Half::Translated, &file.lang, &file.translated)
                } else {
                    base(Half::Single, &file.lang, &file.translated)
                };
                main.title = file
                    .front
                    .title
                    .clone()
                    .map(|t| front_text(&t))
                    .or_else(|| first_heading(&file.translated))
                    .unwrap_or_else(|| humanize(&file.key));
                main.description = file.front.description.as_ref().map(|d| front_text(d));
                let src = (file.bilingual && file.lang != source_lang).then(|| {
                    let mut src = base(Half::Source, &source_lang, &file.source);
                    // Compare the source halves only: text outside the spans (alt text translated
                    // in place, structure) legitimately differs between translations.
                    src.source_hash = segments_hash(file);
                    // Front matter is written in the translated language only.
                    src.title = first_heading(&file.source).unwrap_or_else(|| humanize(&file.key));
                    src.description = first_paragraph(&file.source);
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

    fn build_nav(&mut self, tocs: &HashMap<String, Toc>) {
        let files = &self.files;
        let key_of = |rel: &str| -> Option<String> { Some(key_of_rel(rel)) };
        let lang_of_file = |rel: &str| -> Option<Lang> { files.get(rel).map(|f| f.lang.clone()) };
        let folder_lang = |rel: &str| discover::lang_of_folder(rel);
        let input = NavInput {
            tocs,
            key_of: &key_of,
            lang_of_file: &lang_of_file,
            folder_lang: &folder_lang,
        };
        let (nav, diags) = Nav::build(&input);
        self.nav = nav;
        self.diagnostics.extend(diags);
    }

    /// Re-reads one Markdown file after an edit and updates its pages in place. Returns the indices
    /// of the pages it yields and whether a title changed (then pages that show that title — nav,
    /// See also, switcher — must be re-rendered too), or `None` when the edit changes the set of pages
    /// (new or removed file, language or key change, draft toggled): the caller then reloads the site.
    pub fn update_file(&mut self, rel: &str) -> Option<(Vec<usize>, bool)> {
        let old = self.files.get(rel)?.clone();
        let found = SourceFile {
            rel: rel.to_string(),
            abs: self.content_dir.join(rel),
            kind: FileKind::Page,
            folder_lang: discover::lang_of_folder(rel),
        };
        let (new, diags) = load_source(&found, &self.config.source_lang);
        let new = new?;
        if new.lang != old.lang
            || new.bilingual != old.bilingual
            || new.front.draft != old.front.draft
        {
            return None;
        }
        if new.is_include {
            // Included files yield no page: the caller re-renders the pages that recorded the include.
            self.files.insert(rel.to_string(), new);
            return Some((Vec::new(), false));
        }
        self.diagnostics.retain(|d| d.file.to_string_lossy() != rel);
        self.diagnostics.extend(diags);
        let mut touched = Vec::new();
        let mut title_changed = false;
        for (i, p) in self.pages.iter_mut().enumerate() {
            if p.file != rel {
                continue;
            }
            let stand_in = new.structured.as_ref().and_then(|s| s.stand_in.clone());
            let markdown = match (&p.text_lang, stand_in) {
                (Some(_), Some(body)) => body,
                (Some(_), None) => return None,
                _ => new.text_for(p.half).clone(),
            };
            let title = match p.half {
                Half::Source => first_heading(&new.source).unwrap_or_else(|| humanize(&new.key)),
                _ => new
                    .front
                    .title
                    .clone()
                    .map(|t| front_text(&t))
                    .or_else(|| first_heading(&new.translated))
                    .unwrap_or_else(|| humanize(&new.key)),
            };
            title_changed |= title != p.title;
            p.title = title;
            p.description = match p.half {
                Half::Source => first_paragraph(&new.source),
                _ => new.front.description.as_ref().map(|d| front_text(d)),
            };
            p.source_hash = match p.half {
                Half::Source => segments_hash(&new),
                _ => 0,
            };
            p.markdown = markdown;
            p.body_line = new.body_line;
            p.front = new.front.clone();
            p.segments = new.segments.clone();
            touched.push(i);
        }
        self.files.insert(rel.to_string(), new);
        Some((touched, title_changed))
    }

    /// Moves diagnostics reported on a structured page's synthetic Markdown to the lines of its
    /// YAML file (other files' diagnostics are left as they are).
    pub fn map_lines(&self, file: &str, diags: &mut [Diagnostic]) {
        let Some(s) = self.files.get(file).and_then(|f| f.structured.as_deref()) else {
            return;
        };
        for d in diags.iter_mut().filter(|d| d.file.as_os_str() == file) {
            s.lines.map(d);
        }
    }

    /// The language of a page's text outside side-by-side spans, when it is not the page's: a
    /// source page rebuilt from a translation keeps that text (alt text written in place) in the
    /// file's language, and a stand-in's whole text is in its translation's.
    pub fn outside_span_lang<'s>(&'s self, page: &'s Page) -> Option<&'s str> {
        match page.half {
            Half::Source => self.files.get(&page.file).map(|f| f.lang.as_str()),
            _ => page.text_lang.as_ref().map(Lang::as_str),
        }
    }

    /// The page of `key` in `lang`.
    pub fn page(&self, lang: &Lang, key: &str) -> Option<&Page> {
        // Per language, so a lookup borrows `key` (a pair key cost two allocations per lookup).
        let i = *self.by_lang_key.get(lang)?.get(key)?;
        Some(&self.pages[i])
    }

    /// Number of errors found so far.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
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

/// `s` in lower case, borrowed when it already is (most keys and URLs: this runs for every page).
pub(crate) fn lowercase(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
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
fn front_text(value: &str) -> String {
    if value.contains("data-ttu-id") {
        plain_text(&sxs::translated_text(value))
    } else {
        value.trim().to_string()
    }
}

/// Hash of the source halves of a file's segments, in order.
fn segments_hash(file: &LoadedFile) -> u64 {
    // Hashed piece by piece with FxHash (unseeded, so the same in every run; the hash is only
    // compared within one build): joining the halves first and hashing byte by byte with FNV was
    // 1% of a build at 100,000 sources.
    let mut h = rustc_hash::FxHasher::default();
    for s in file.segments.iter().flat_map(|v| v.iter()) {
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
    base: &dyn Fn(Half, &Lang, &Arc<str>) -> Page,
) -> Option<Page> {
    let body = file.structured.as_ref()?.stand_in.as_ref()?;
    let mut page = base(Half::Single, source_lang, body);
    page.title = main.title.clone();
    page.description = main.description.clone();
    page.text_lang = Some(file.lang.clone());
    Some(page)
}

/// Whether a file name is YAML (a candidate structured page).
fn is_yaml(rel: &str) -> bool {
    ends_with_ci(rel, ".yml") || ends_with_ci(rel, ".yaml")
}

/// Reads a source file: Markdown, or a `.yml` that may be a structured page (`None` without
/// diagnostics when it is not one: it stays metadata).
fn load_source(f: &SourceFile, source_lang: &Lang) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let bytes = match std::fs::read(&f.abs) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("read", &f.rel, 0, 0, format!("cannot read: {e}"))
                    .with_help("check the file's permissions"),
            );
            return (None, diags);
        }
    };
    let yaml = is_yaml(&f.rel);
    // Only the first line says whether a YAML file is a page: data files are not decoded.
    if yaml && !bytes.starts_with(b"#") && !bytes.starts_with(b"\xEF\xBB\xBF#") {
        return (None, diags);
    }
    let text = match discover::decode(bytes, &f.rel) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    if yaml {
        return load_structured(f, &text, source_lang);
    }
    load_text(f, &text, source_lang, diags)
}

/// A structured YAML page: made into Markdown, then loaded like any page; diagnostics about the
/// Markdown are moved back to the YAML lines that produced it.
fn load_structured(
    f: &SourceFile,
    text: &str,
    source_lang: &Lang,
) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let synthetic = match structured::parse(text, Path::new(&f.rel)) {
        structured::Parsed::NotAPage => return (None, Vec::new()),
        structured::Parsed::Skipped(d) => return (None, vec![d]),
        structured::Parsed::Page(p) => p,
    };
    let (file, mut diags) = load_text(f, &synthetic.text, source_lang, Vec::new());
    for d in &mut diags {
        synthetic.lines.map(d);
    }
    let file = file.map(|mut file| {
        let stand_in = (!file.bilingual && &file.lang != source_lang)
            .then(|| Arc::from(synthetic.stand_in(file.lang.as_str())));
        file.structured = Some(Arc::new(StructuredPage {
            kind: synthetic.kind,
            faq: synthetic.faq.clone(),
            lines: synthetic.lines.clone(),
            stand_in,
        }));
        file
    });
    (file, diags)
}

fn load_text(
    f: &SourceFile,
    text: &str,
    source_lang: &Lang,
    mut diags: Vec<Diagnostic>,
) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let rel_path = Path::new(&f.rel);
    let parsed = front_matter::parse(text, rel_path);
    // Front matter that does not parse (localization tools sometimes wrap it in a span) costs the
    // page its metadata, not its place in the site: the page is built, the build warns, and
    // `check` (or `build --strict`) is where it fails a CI gate.
    diags.extend(parsed.diagnostics.into_iter().map(|mut d| {
        d.severity = Severity::Warning;
        d
    }));
    let lang = f
        .folder_lang
        .clone()
        .or_else(|| parsed.front.content_locale.clone())
        .unwrap_or_else(|| source_lang.clone());
    let split = sxs::split(
        parsed.body,
        rel_path,
        parsed.body_line,
        &sxs::Options {
            wrap_segments: true,
        },
    );
    // An unpaired or mismatched span still lets the page build with what can be paired, so the
    // build reports these as warnings; `check` is where they fail a CI gate.
    diags.extend(split.diagnostics.into_iter().map(|mut d| {
        d.severity = Severity::Warning;
        d
    }));
    let (translated, source): (Arc<str>, Arc<str>) = if split.bilingual {
        (split.translated, split.source)
    } else {
        let body: Arc<str> = Arc::from(parsed.body);
        (body.clone(), body)
    };
    let file = LoadedFile {
        rel: f.rel.clone(),
        lang,
        key: key_of_rel(&f.rel),
        front: Arc::new(parsed.front),
        body_line: parsed.body_line,
        translated,
        source,
        segments: split.bilingual.then(|| Arc::new(split.segments)),
        bilingual: split.bilingual,
        is_include: is_include_path(&f.rel),
        structured: None,
    };
    (Some(file), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_urls() {
        assert_eq!(key_of_rel("fr-fr/a/b.md"), "a/b");
        assert_eq!(key_of_rel("partner-center/x.md"), "partner-center/x");
        let fr = Lang::parse("fr-fr").unwrap();
        assert_eq!(page_url("/", &fr, "a/b"), "/fr-fr/a/b/");
        assert_eq!(page_url("/", &fr, "index"), "/fr-fr/");
        assert_eq!(page_url("/docs/", &fr, "a/index"), "/docs/fr-fr/a/");
        assert_eq!(page_output_path(&fr, "a/index"), "fr-fr/a/index.html");
        assert_eq!(page_url("/", &fr, "a b#c%"), "/fr-fr/a%20b%23c%25/");
    }

    #[test]
    fn includes_folder_is_not_pages() {
        assert!(is_include_path("fr-fr/includes/a.md"));
        assert!(!is_include_path("fr-fr/includes.md"));
    }
}
