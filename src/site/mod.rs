//! The loaded site: every source parsed once (in parallel), split into pages per language, indexed for
//! link resolution, with the navigation. Rendering reads from it; nothing here writes files.
//! `load.rs` reads one source, `pages.rs` turns the loaded files into pages and indexes, and
//! `paths.rs` maps content paths to keys, URLs and output paths.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::body::Body;
use crate::content::discover::{self, FileKind, SourceFile};
use crate::content::docset::{self, Docsets};
use crate::content::front_matter::FrontMatter;
use crate::content::nav::{Nav, NavInput};
use crate::content::page::{Half, Page, first_heading};
use crate::content::structured;
use crate::content::sxs;
use crate::content::toc::Toc;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;

mod load;
mod pages;
mod paths;

use load::{is_yaml, load_source, load_toc};
use pages::{first_paragraph, front_text, humanize, main_title, segments_hash};
pub(crate) use paths::lowercase;
pub use paths::{encode_path, ends_with_ci, key_of_rel, page_output_path, page_url};

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
    /// A hash of everything in the front matter (its `Debug` form), for the build cache's
    /// site-wide fingerprint: hashed once when it is parsed.
    pub front_hash: u128,
    /// Line where the body starts.
    pub body_line: u32,
    /// The texts (read when first needed in a warm build: see [`Body`]).
    pub body: Arc<Body>,
    /// What its pages need from the text, when the file was taken from the build cache without
    /// reading it; `None` for a file read this build (its pages take it from the text: a copy of
    /// every title and description was 30 MB at 100,000 sources). See [`LoadedFile::summary`].
    pub stored_summary: Option<Summary>,
    /// The hash of the bytes the file was read from (what the build cache keeps of it is keyed
    /// by it, not by a hash taken at another moment).
    pub read_hash: u128,
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

/// What the pages of a file need from its text, found when the text was read. The build cache
/// keeps it, so a warm build makes the pages of files it does not read.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// The first level-1 heading of the translated (or only) text, when the front matter has no
    /// title.
    pub heading: Option<String>,
    /// For a side-by-side file: the first level-1 heading of the source half.
    pub source_heading: Option<String>,
    /// For a side-by-side file: the first paragraph of the source half, as plain text.
    pub source_paragraph: Option<String>,
    /// For a side-by-side file: the hash of its segments' source halves.
    pub source_hash: u64,
}

impl LoadedFile {
    /// The body as written (single-language files) or the translated half.
    pub fn translated(&self) -> &Arc<str> {
        &self.body.get().translated
    }

    /// The source half (the same text as [`LoadedFile::translated`] for single-language files).
    pub fn source(&self) -> &Arc<str> {
        &self.body.get().source
    }

    /// Segments, for side-by-side files.
    pub fn segments(&self) -> Option<&Arc<Vec<sxs::Segment>>> {
        self.body.get().segments.as_ref()
    }

    /// What the pages of this file need from its text: kept from the build cache, or found in
    /// the text.
    pub fn summary(&self) -> Summary {
        if let Some(s) = &self.stored_summary {
            return s.clone();
        }
        let (translated, source) = (self.translated(), self.source());
        Summary {
            heading: self
                .front
                .title
                .is_none()
                .then(|| first_heading(translated))
                .flatten(),
            source_heading: self.bilingual.then(|| first_heading(source)).flatten(),
            source_paragraph: self.bilingual.then(|| first_paragraph(source)).flatten(),
            source_hash: match self.segments() {
                Some(segs) if self.bilingual => segments_hash(segs),
                _ => 0,
            },
        }
    }

    /// The text of this file as seen from a page of the given half.
    pub fn text_for(&self, half: Half) -> &Arc<str> {
        match half {
            Half::Source => self.source(),
            _ => self.translated(),
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
    /// What reading each source found wrong, for the sources that had something (also in
    /// `diagnostics`): the build cache keeps it with the file.
    pub load_diags: FxHashMap<String, Vec<Diagnostic>>,
    /// The hash of the bytes read of each YAML file that is not a page, and of each table of
    /// contents (see [`LoadedFile::read_hash`]).
    pub read_hashes: FxHashMap<String, u128>,
}

/// A source as a warm build takes it from the build cache: the file without its text (which
/// [`Body`] reads if asked) or `None` for a YAML file that is not a page, what reading it found
/// wrong, and the hash of the bytes it was read from.
pub type Reused = (Option<LoadedFile>, Vec<Diagnostic>, Option<u128>);

/// A table of contents as read: its path, the tree with the hash of the bytes it was parsed from
/// (`None` when it cannot be read), and what parsing found.
type LoadedToc = (String, Option<(Toc, u128)>, Vec<Diagnostic>);

/// Where a warm build takes unchanged sources and tables of contents from instead of reading
/// them (the build cache's index of sources).
pub trait Reuse {
    /// A source as it was read last time, if it has not changed since.
    fn source(&mut self, f: &SourceFile) -> Option<Reused>;
    /// A table of contents as it was parsed last time (with the hash of the bytes it was parsed
    /// from), if it has not changed since.
    fn toc(&mut self, f: &SourceFile) -> Option<((Toc, u128), Vec<Diagnostic>)>;
    /// Every table of contents of the site, once the site is loaded (it does not keep them).
    fn tocs(&mut self, _tocs: &HashMap<String, Toc>, _site: &Site) {}
}

/// Reads everything.
struct ReadAll;

impl Reuse for ReadAll {
    fn source(&mut self, _: &SourceFile) -> Option<Reused> {
        None
    }
    fn toc(&mut self, _: &SourceFile) -> Option<((Toc, u128), Vec<Diagnostic>)> {
        None
    }
}

/// Reads a source's texts again (a warm build's [`Body`] of a file taken from the build cache).
///
/// A file edited (or removed) after the build hashed it gives its new texts (or none) beside
/// the title and segments of the bytes hashed, as any generator reading a folder being edited
/// would mix them. The cache records the stamp taken *before* the hash, so the next build sees
/// the edit, reads the file whole and renders its pages again: the mix lasts one build.
pub fn read_body(f: &SourceFile, source_lang: &Lang) -> crate::content::body::Texts {
    match load_source(f, source_lang).0 {
        Some(file) => file.body.get().clone(),
        None => crate::content::body::Texts::empty(),
    }
}

impl Site {
    /// Discovers and parses everything under `content_dir` (except `health/`).
    pub fn load(config: Config, content_dir: &Path) -> Site {
        let phase = crate::timings::Phase::start("discover");
        let (found, diagnostics) = Site::discover(content_dir);
        drop(phase);
        Site::from_found(config, content_dir, found, diagnostics)
    }

    /// Every input file of the content folder (`health/` is read by the health loader), sorted,
    /// and what the walk found wrong.
    pub fn discover(content_dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
        discover::discover(content_dir, &["health"])
    }

    /// Parses the files [`Site::discover`] found.
    pub fn from_found(
        config: Config,
        content_dir: &Path,
        found: Vec<SourceFile>,
        diagnostics: Vec<Diagnostic>,
    ) -> Site {
        Site::from_found_with(config, content_dir, found, diagnostics, &mut ReadAll)
    }

    /// [`Site::from_found`], taking the sources `reuse` gives (unchanged since the build cache
    /// was written) instead of reading them.
    pub fn from_found_with(
        config: Config,
        content_dir: &Path,
        found: Vec<SourceFile>,
        mut diagnostics: Vec<Diagnostic>,
        reuse: &mut dyn Reuse,
    ) -> Site {
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
        let mut loaded: Vec<(String, Reused)> = Vec::new();
        md_files.retain(|f| match reuse.source(f) {
            Some(r) => {
                loaded.push((f.rel.clone(), r));
                false
            }
            None => true,
        });
        let mut kept_tocs = Vec::new();
        toc_files.retain(|f| match reuse.toc(f) {
            Some((toc, diags)) => {
                kept_tocs.push((f.rel.clone(), Some(toc), diags));
                false
            }
            None => true,
        });
        let reused = loaded.len();
        let (read, parsed_tocs) = rayon::join(
            || -> Vec<Reused> {
                md_files
                    .par_iter()
                    .map(|f| load_source(f, &source_lang))
                    .collect()
            },
            || -> Vec<LoadedToc> { toc_files.par_iter().map(load_toc).collect() },
        );
        crate::timings::note(&format!("{} sources read, {reused} kept", read.len()));
        let mut files = BTreeMap::new();
        let mut load_diags = FxHashMap::default();
        let mut read_hashes = FxHashMap::default();
        let read = md_files.iter().map(|f| f.rel.clone()).zip(read);
        for (rel, (file, diags, read_hash)) in read.chain(loaded) {
            if let (None, Some(h)) = (&file, read_hash) {
                read_hashes.insert(rel.clone(), h);
            }
            if !diags.is_empty() {
                load_diags.insert(rel, diags.clone());
            }
            diagnostics.extend(diags);
            if let Some(file) = file {
                if file.structured.is_some() {
                    metadata.remove(&file.rel);
                }
                files.insert(file.rel.clone(), file);
            }
        }
        let mut tocs = HashMap::new();
        for (rel, toc, diags) in parsed_tocs.into_iter().chain(kept_tocs) {
            if !diags.is_empty() {
                load_diags.insert(rel.clone(), diags.clone());
            }
            diagnostics.extend(diags);
            if let Some((toc, read_hash)) = toc {
                read_hashes.insert(rel.clone(), read_hash);
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
            load_diags,
            read_hashes,
        };
        drop(phase);
        let phase = crate::timings::Phase::start("make_pages");
        site.make_pages();
        drop(phase);
        let _phase = crate::timings::Phase::start("nav");
        site.build_nav(&tocs);
        reuse.tocs(&tocs, &site);
        site
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
        let (new, diags, _) = load_source(&found, &self.config.source_lang);
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
        let summary = new.summary();
        for (i, p) in self.pages.iter_mut().enumerate() {
            if p.file != rel {
                continue;
            }
            let stand_in = new.structured.as_ref().and_then(|s| s.stand_in.clone());
            p.stand_in = match (&p.text_lang, stand_in) {
                (Some(_), Some(body)) => Some(body),
                (Some(_), None) => return None,
                _ => None,
            };
            let title = match p.half {
                Half::Source => summary
                    .source_heading
                    .clone()
                    .unwrap_or_else(|| humanize(&new.key)),
                _ => main_title(&new, &summary),
            };
            title_changed |= title != p.title;
            p.title = title;
            p.description = match p.half {
                Half::Source => summary.source_paragraph.clone(),
                _ => new.front.description.as_ref().map(|d| front_text(d)),
            };
            p.source_hash = match p.half {
                Half::Source => summary.source_hash,
                _ => 0,
            };
            p.body = new.body.clone();
            p.body_line = new.body_line;
            p.front = new.front.clone();
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
