//! Split builds: which part of a site one job writes (`tandem build --lang fr-fr`).
//!
//! A large estate builds each locale in its own CI job and serves the outputs side by side. Every
//! job loads the whole content, so links, the language switcher, hreflang, the sitemap and the root
//! language picker are computed from what the content holds, never from what this job writes. A job
//! then writes only its share:
//!
//! - the pages of its languages, and the source-language pages reconstructed from its languages'
//!   files (unless `--no-source`);
//! - every other file under a language folder of its languages (`fr-fr/…`, `search/fr-fr/…`): the
//!   generated home, 404 page, search page and index, status pages, media;
//! - every file outside the language folders (root picker, `sitemap.xml`, `robots.txt`, coverage,
//!   theme files, redirects): computed from the whole content, so every job writes the same bytes.
//!
//! So the outputs of jobs that cover every language, copied into one folder, are the full build
//! byte for byte; `tandem merge` (`merge.rs`) does that copy and proves the overlap is identical.

use std::collections::BTreeSet;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::site::Site;

/// What part of the site a build writes (`--lang`, `--no-source`).
#[derive(Debug, Clone)]
pub struct SplitOptions {
    /// Languages to write; empty means all of them.
    pub langs: Vec<String>,
    /// Also write the source-language pages reconstructed from these languages' files.
    pub source: bool,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            langs: Vec::new(),
            source: true,
        }
    }
}

/// The part of a loaded site a build writes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `None`: every language.
    langs: Option<BTreeSet<Lang>>,
    source: bool,
}

impl Selection {
    /// The whole site.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// The selection `opts` asks for on `site`; an error for each language the site does not
    /// have (the job would write nothing, which is a typo rather than a build).
    pub fn new(site: &Site, opts: &SplitOptions) -> Result<Selection, Vec<Diagnostic>> {
        if opts.langs.iter().all(|l| l.trim().is_empty()) {
            return Ok(Selection::all());
        }
        let known: Vec<String> = site.languages.iter().map(|l| l.to_string()).collect();
        let mut langs = BTreeSet::new();
        let mut errors = Vec::new();
        for raw in opts
            .langs
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            match Lang::parse(raw).filter(|l| site.languages.contains(l)) {
                Some(l) => {
                    langs.insert(l);
                }
                None => errors.push(
                    Diagnostic::error(
                        "lang-unknown",
                        "--lang",
                        0,
                        0,
                        format!("`{raw}` is no language of this site"),
                    )
                    .with_help(format!("the site's languages are: {}", known.join(", "))),
                ),
            }
        }
        if errors.is_empty() {
            Ok(Selection {
                langs: Some(langs),
                source: opts.source,
            })
        } else {
            Err(errors)
        }
    }

    /// Whether the build writes every language.
    pub fn is_all(&self) -> bool {
        self.langs.is_none()
    }

    /// Whether files of `lang`'s folder are written.
    pub fn lang(&self, lang: &str) -> bool {
        self.langs
            .as_ref()
            .is_none_or(|s| s.iter().any(|l| l.as_str().eq_ignore_ascii_case(lang)))
    }

    /// Whether page `i` (and its compare view) is written: a page of a selected language, or a
    /// source-language page whose text comes from a selected language's file.
    pub fn page(&self, site: &Site, i: usize) -> bool {
        let Some(langs) = &self.langs else {
            return true;
        };
        let page = &site.pages[i];
        if langs.contains(&page.lang) {
            return true;
        }
        self.source
            && page.lang == site.config.source_lang
            && site
                .files
                .get(&page.file)
                .is_some_and(|f| f.lang != page.lang && langs.contains(&f.lang))
    }

    /// Whether an output file that is not a page is written: one under a language folder
    /// (`fr-fr/…`, `search/fr-fr/…`) when its language is selected, any other always.
    pub fn path(&self, site: &Site, rel: &str) -> bool {
        self.is_all() || output_lang(site, rel).is_none_or(|l| self.lang(l))
    }

    /// Whether a problem found while loading belongs to this job: not one about a file of an
    /// unselected language (that language's job reports it), so a matrix reports each problem
    /// once and a French job does not fail for a German file.
    pub fn load_diagnostic(&self, site: &Site, d: &Diagnostic) -> bool {
        if self.is_all() {
            return true;
        }
        let Some(file) = d.file.to_str() else {
            return true;
        };
        match site.files.get(file) {
            Some(f) => self.lang(f.lang.as_str()),
            // A file that did not load (a YAML page that does not parse): its language folder's.
            None => output_lang(site, file).is_none_or(|l| self.lang(l)),
        }
    }

    /// Whether a problem found while rendering belongs to this job. The pages it rendered report
    /// theirs (a source-language page speaks of the translated file it comes from); a file of
    /// the other languages' folders (search index, status pages) is theirs.
    pub fn render_diagnostic(&self, site: &Site, d: &Diagnostic) -> bool {
        self.is_all()
            || d.file
                .to_str()
                .is_none_or(|f| site.files.contains_key(f) || self.path(site, f))
    }
}

/// The site language whose folder holds `rel` (`fr-fr/a/index.html`, `search/fr-fr/3.json`). The
/// status section's language-neutral copies (`status/status.json`) are the source language's
/// (the first language's when the source language has no pages), as the status renderer makes
/// them: they carry the health data's reference time, which may come from file times that
/// differ between two jobs' checkouts.
fn output_lang<'a>(site: &'a Site, rel: &'a str) -> Option<&'a str> {
    if rel.starts_with("status/") {
        let source = &site.config.source_lang;
        return if site.languages.contains(source) {
            Some(source.as_str())
        } else {
            site.languages.first().map(|l| l.as_str())
        };
    }
    let rel = rel.strip_prefix("search/").unwrap_or(rel);
    let first = rel.split('/').next()?;
    site.languages
        .iter()
        .any(|l| l.as_str().eq_ignore_ascii_case(first))
        .then_some(first)
}

/// A sink that drops the files of unselected languages and counts them, so the build's file count
/// stays the number of files written.
pub struct SplitSink<'a> {
    inner: &'a dyn Sink,
    site: &'a Site,
    selection: &'a Selection,
    dropped: AtomicUsize,
}

impl<'a> SplitSink<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a dyn Sink, site: &'a Site, selection: &'a Selection) -> Self {
        SplitSink {
            inner,
            site,
            selection,
            dropped: AtomicUsize::new(0),
        }
    }

    /// Files handed over but not written.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl Sink for SplitSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.selection.path(self.site, rel) {
            self.inner.put(rel, bytes)
        } else {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }
}
