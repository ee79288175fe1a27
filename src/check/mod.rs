//! `tandem check`: everything the build would complain about, and what a reviewer would, without
//! writing a file. The site is loaded and every page's Markdown is rendered in memory exactly as the
//! build renders it (same options, same resolver), so heading ids and link targets are the build's.
//!
//! Severity in `check` is stricter than in `build`: a broken link or anchor and an unpaired span let
//! the build publish a page, but they are what a CI gate exists to stop, so they are errors here.

mod drift;
pub mod known;
mod links;
mod pages;
pub mod report;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::build::{BuildOptions, load_config};
use crate::coverage::Coverage;
use crate::diagnostics::{Diagnostic, Severity};
use crate::links::PageResolver;
use crate::render::markdown::{self, RenderOptions, Rendered};
use crate::render::theme::Theme;
use crate::site::Site;

/// What `tandem check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Content root.
    pub content: PathBuf,
    /// Config file.
    pub config: PathBuf,
    /// Whether the config file must exist (it was named explicitly).
    pub config_required: bool,
    /// Sitemaps or URL lists of other docsets (`--known-urls`): links into them are verified.
    pub known_urls: Vec<PathBuf>,
}

/// Every problem found, sorted by file, line and column, and the translation coverage.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Diagnostics, sorted and deduplicated.
    pub diagnostics: Vec<Diagnostic>,
    /// Coverage of the site's translations (absent when the site could not be loaded).
    pub coverage: Option<Coverage>,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Number of informational diagnostics (never a failure).
    pub fn infos(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Info)
            .count()
    }
}

/// Loads the site as `build` does and checks it.
pub fn run(opts: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    if !opts.content.is_dir() {
        report.diagnostics.push(
            Diagnostic::error(
                "content-missing",
                &opts.content,
                0,
                0,
                "the content folder does not exist",
            )
            .with_help("pass --content DIR"),
        );
        return report;
    }
    let build_opts = BuildOptions {
        content: opts.content.clone(),
        out: PathBuf::new(),
        config: opts.config.clone(),
        config_required: opts.config_required,
        base_url: None,
        drafts: false,
        strict: false,
    };
    let config = match load_config(&build_opts) {
        Ok(c) => c,
        Err(d) => {
            report.diagnostics = d;
            return report;
        }
    };
    let theme = match Theme::load(&config) {
        Ok(t) => t,
        Err(d) => {
            report.diagnostics = d;
            return report;
        }
    };
    let (known, known_diags) = known::KnownUrls::load(&opts.known_urls);
    let site = Site::load(config, &opts.content);
    report.diagnostics = check_site(
        &site,
        &theme,
        (!opts.known_urls.is_empty()).then_some(&known),
    );
    // The known-URLs files' own problems, in the same order as the rest.
    report.diagnostics.extend(known_diags);
    report
        .diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    report.coverage = Some(crate::coverage::compute(&site));
    report
}

/// Every diagnostic of a loaded site, sorted by file, line and column, duplicates removed (the two
/// halves of a side-by-side file report the same link twice).
pub fn check_site(site: &Site, theme: &Theme, known: Option<&known::KnownUrls>) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = site.diagnostics.iter().cloned().map(strict).collect();
    let rendered = render_all(site, theme);
    for r in &rendered {
        diags.extend(
            r.diagnostics
                .iter()
                .cloned()
                .map(links::classify)
                .map(strict),
        );
    }
    diags.extend(links::anchors(site, &rendered));
    diags.extend(links::external_docsets(site, &rendered));
    if let Some(known) = known {
        diags.extend(links::known_targets(site, &rendered, known));
        links::site_root_links_published(&mut diags, known);
    }
    diags.extend(links::orphans(site, &rendered));
    diags.extend(links::toc_entries(site));
    diags.extend(links::url_duplicates(site));
    diags.extend(pages::front_matter(site));
    diags.extend(pages::alt_text(site));
    diags.extend(drift::drift(site));
    diags.extend(crate::publish::check_redirects(site));
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.col, b.code, &b.message))
    });
    diags.dedup_by(|a, b| {
        a.file == b.file
            && a.line == b.line
            && a.col == b.col
            && a.code == b.code
            && a.message == b.message
    });
    diags
}

/// The build downgrades these so a page still publishes; a check gate keeps them as errors.
fn strict(mut d: Diagnostic) -> Diagnostic {
    let link = matches!(
        d.code,
        "link-broken" | "link-case" | "link-outside-root" | "image-missing"
    );
    // A missing include names a path of this repository the author can fix; one into a
    // dependent repository (`dependent-missing`) only says that no clone of it is mapped here,
    // and stays a warning.
    let include = matches!(
        d.code,
        "include-missing" | "code-include-missing" | "include-outside-root"
    );
    if link
        || include
        || d.code.starts_with("sxs-")
        || d.code.starts_with("front-matter-")
        || d.code == "url-collision"
    {
        d.severity = Severity::Error;
    }
    d
}

/// Renders every page's Markdown in memory with the options `Renderer::render_page` uses.
fn render_all(site: &Site, theme: &Theme) -> Vec<Rendered> {
    let legacy_words = theme.legacy_note_words();
    let see_also_headings = theme.see_also_headings();
    let mut ui = HashMap::new();
    for l in &site.languages {
        ui.insert(l.clone(), theme.ui_for(l, &site.config).0);
    }
    site.pages
        .par_iter()
        .map(|page| {
            let empty = Default::default();
            let strings = ui.get(&page.lang).unwrap_or(&empty);
            let alert_titles = crate::render::markdown::alert_titles(strings);
            let labels = crate::render::markdown::DirectiveLabels::from_ui(strings);
            let opts = RenderOptions {
                file: &page.file,
                first_line: page.body_line,
                lang: page.lang.as_str(),
                alert_titles: &alert_titles,
                legacy_alert_words: &legacy_words,
                see_also_headings: &see_also_headings,
                permalink_label: strings
                    .get("permalink")
                    .map(String::as_str)
                    .unwrap_or("Permalink"),
                zone_pivot: None,
                moniker: site.config.build.moniker.as_deref(),
                labels: &labels,
                outside_span_lang: site.outside_span_lang(page),
                // `check` builds no search index.
                page_text: false,
            };
            let resolver = PageResolver {
                site,
                lang: &page.lang,
                half: page.half,
                deps: None,
            };
            let mut r = markdown::render(page.markdown(), &opts, &resolver);
            if let Some(s) = site
                .files
                .get(&page.file)
                .and_then(|f| f.structured.as_deref())
            {
                site.map_lines(&page.file, &mut r.diagnostics);
                for l in &mut r.links {
                    (l.line, l.col) = s.lines.position(l.line, l.col);
                }
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests;
