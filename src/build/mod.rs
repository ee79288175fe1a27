//! The pipeline: config → load (parse once, in parallel) → render every page (in parallel, streamed
//! to the sink) → swap the staging folder in. A failed build reports every problem and leaves the
//! previous output untouched. `split.rs` decides what one job of a split build writes,
//! `status.rs` renders the status section, `report.rs` says what the build did.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::health;
use crate::output::{DirSink, Sink, Staging};
use crate::render::pages::{Renderer, StatusNotice, static_path};
use crate::render::theme::Theme;
use crate::site::Site;
use crate::split::{Selection, SplitOptions, SplitSink};
use crate::timings::Phase;

/// What `tandem build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Content root.
    pub content: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Config file.
    pub config: PathBuf,
    /// Whether the config file must exist (it was named explicitly).
    pub config_required: bool,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Builds `draft: true` pages.
    pub drafts: bool,
    /// Every warning is an error (`--strict`; `[build] strict = true` does the same).
    pub strict: bool,
}

mod report;
mod status;

pub use report::BuildReport;
pub use status::render_health;
pub(crate) use status::status_notices;

/// Loads the configuration with command-line overrides.
pub fn load_config(opts: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(&opts.config, opts.config_required)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    config.drafts = opts.drafts;
    Ok(config)
}

pub(crate) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Canonicalize the longest existing ancestor so `output/../content` compares equal to `content`.
    let mut existing = abs.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in tail.into_iter().rev() {
        out.push(n);
    }
    out
}

/// Refuses output folders that would delete or re-read the content.
pub fn check_out_dir(content: &Path, out: &Path) -> Result<(), Diagnostic> {
    let c = absolute(content);
    let o = absolute(out);
    if c.starts_with(&o) {
        return Err(Diagnostic::error(
            "out-dir",
            out,
            0,
            0,
            format!(
                "the output folder {} is or contains the content folder {}",
                o.display(),
                c.display()
            ),
        )
        .with_help("choose another --out; the build replaces that folder entirely"));
    }
    if o.starts_with(&c) {
        return Err(Diagnostic::error("out-dir", out, 0, 0, format!("the output folder {} is inside the content folder", o.display()))
            .with_help("choose an --out outside the content folder, or the next build would publish the output as content"));
    }
    Ok(())
}

/// Renders the whole site into `sink`; returns pages per language, files written and diagnostics.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
) -> (BTreeMap<String, usize>, usize, Vec<Diagnostic>) {
    render_selected(site, theme, sink, &Selection::all())
}

/// Renders the part of the site `selection` names into `sink` (`split.rs`): everything is computed
/// from the whole site, and only the selected languages' pages are rendered and their files
/// written. Returns pages per language, files written and diagnostics.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    out: &dyn Sink,
    selection: &Selection,
) -> (BTreeMap<String, usize>, usize, Vec<Diagnostic>) {
    // Pages are decided by `selection.page` and go to `out`; every other file passes the
    // language-folder rule of the split sink.
    let split = SplitSink::new(out, site, selection);
    let sink: &dyn Sink = &split;
    let mut diags = Vec::new();
    let tera = match theme.tera() {
        Ok(t) => t,
        Err(d) => return (BTreeMap::new(), 0, d),
    };
    // Service health: loaded once; help pages get notices, the status section is rendered below.
    let health_dir = site.content_dir.join("health");
    let model = health_dir.is_dir().then(|| {
        let (model, d) = health::load_dir_as(
            &health_dir,
            &site.content_dir,
            chrono::Utc::now(),
            site.config.health.format.as_deref(),
        );
        diags.extend(d);
        let max_age = chrono::Duration::hours(site.config.health.max_age_hours as i64);
        diags.extend(health::stale_warning(&model, chrono::Utc::now(), max_age));
        model
    });
    let phase = Phase::start("renderer");
    let (mut renderer, warnings) = Renderer::new(site, theme, &tera, model.is_some());
    drop(phase);
    diags.extend(warnings);
    // The renderer's UI strings (Arc-shared), so the notices need no second parse of the theme.
    let status_ui = renderer.ui.clone();
    let notices = |services: &[String], lang: &crate::lang::Lang| -> Vec<StatusNotice> {
        match &model {
            Some(model) => status_notices(site, &status_ui, model, services, lang),
            None => Vec::new(),
        }
    };
    renderer.status = Some(&notices);
    let io_error = crate::output::write_error;
    // Pages: parse once, render in parallel, write each as soon as it is rendered; each page's
    // search document is written and its terms folded into per-thread postings at the same time.
    let phase = Phase::start("pages");
    let search_on = site.config.output.search;
    // Document ids for the search index; no pass over the pages when there is no index to build.
    let plan = search_on.then(|| crate::search::Plan::new(site));
    #[derive(Default)]
    struct Acc {
        per_lang: BTreeMap<String, usize>,
        files: usize,
        diags: Vec<Diagnostic>,
        postings: crate::search::Postings,
    }
    let selected: Vec<usize> = (0..site.pages.len())
        .filter(|&i| selection.page(site, i))
        .collect();
    crate::progress::pages(selected.len());
    let acc = selected
        .into_par_iter()
        .fold(Acc::default, |mut acc, i| {
            crate::progress::page_done();
            let mut written = 0;
            let (outputs, text) = renderer.render_page_with_text(i);
            for o in outputs {
                acc.diags.extend(o.diagnostics);
                if o.path.is_empty() {
                    continue;
                }
                match out.put(&o.path, &o.html) {
                    Ok(()) => written += 1,
                    Err(e) => acc.diags.push(io_error(&o.path, e)),
                }
            }
            if written > 0 {
                *acc.per_lang
                    .entry(site.pages[i].lang.to_string())
                    .or_default() += 1;
                if let Some(plan) = &plan {
                    let (n, d) = acc.postings.add(site, plan, i, &text, sink);
                    written += n;
                    acc.diags.extend(d);
                }
            }
            acc.files += written;
            acc
        })
        .reduce(Acc::default, |mut a, b| {
            for (l, n) in b.per_lang {
                *a.per_lang.entry(l).or_default() += n;
            }
            a.files += b.files;
            a.diags.extend(b.diags);
            a.postings = a.postings.merge(b.postings);
            a
        });
    drop(phase);
    let (mut per_lang, mut files, postings) = (acc.per_lang, acc.files, acc.postings);
    diags.extend(acc.diags);
    per_lang.retain(|_, n| *n > 0);
    // Language homes that have no index.md, the root language picker and 404 pages.
    for lang in &site.languages {
        if selection.lang(lang.as_str()) && site.page(lang, "index").is_none() {
            match renderer.render_generated_home(lang) {
                Ok(o) => match sink.put(&o.path, &o.html) {
                    Ok(()) => files += 1,
                    Err(e) => diags.push(io_error(&o.path, e)),
                },
                Err(d) => diags.push(d),
            }
        }
    }
    for r in renderer.render_root_pages() {
        match r {
            Ok(o) => match sink.put(&o.path, &o.html) {
                Ok(()) => files += 1,
                Err(e) => diags.push(io_error(&o.path, e)),
            },
            Err(d) => diags.push(d),
        }
    }
    // Translation coverage, search index and SEO files: coverage.rs, search/, seo.rs.
    // Search first and alone: its postings are the largest thing the pages phase leaves, and are
    // freed here (running it beside the others raised the peak at 100,000 sources). Coverage and
    // the sitemaps then run side by side; the sitemaps are written on one thread.
    let search = if let Some(plan) = &plan {
        let _p = Phase::start("search");
        crate::search::write(site, &renderer, &tera, sink, plan, postings)
    } else {
        (0, Vec::new())
    };
    let (coverage, seo) = rayon::join(
        || {
            let _p = Phase::start("coverage");
            crate::coverage::write(site, &renderer, &tera, sink)
        },
        || {
            let _p = Phase::start("seo");
            crate::publish::write(site, &renderer, theme, sink)
        },
    );
    let published = [search, coverage, seo];
    for (n, d) in published {
        files += n;
        diags.extend(d);
    }
    if let Some(model) = &model {
        let (files_written, d) = render_health(site, &renderer, &tera, model, sink);
        files += files_written;
        diags.extend(d);
    }
    // Static theme files and the site's own files (images, media, downloads).
    for (name, bytes) in &theme.statics {
        // The search script has nothing to query without the index (`[output] search = false`).
        if !search_on && name == "search.js" {
            continue;
        }
        let path = static_path(name);
        match sink.put(&path, bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(io_error(&path, e)),
        }
    }
    let copied: Vec<Result<(), Diagnostic>> = site
        .assets
        .par_iter()
        .filter(|(rel, _)| selection.path(site, rel))
        .map(|(rel, abs)| {
            let bytes = std::fs::read(abs)
                .map_err(|e| Diagnostic::error("read", rel, 0, 0, format!("cannot read: {e}")))?;
            sink.put(rel, &bytes).map_err(|e| io_error(rel, e))
        })
        .collect();
    for r in copied {
        match r {
            Ok(()) => files += 1,
            Err(d) => diags.push(d),
        }
    }
    diags.retain(|d| selection.render_diagnostic(site, d));
    (per_lang, files.saturating_sub(split.dropped()), diags)
}

/// Builds the site into `opts.out` atomically.
pub fn build(opts: &BuildOptions) -> BuildReport {
    build_split(opts, &SplitOptions::default())
}

/// Builds the part of the site `split` names (`--lang`, `--no-source`) into `opts.out`
/// atomically; the whole site when `split.langs` is empty.
pub fn build_split(opts: &BuildOptions, split: &SplitOptions) -> BuildReport {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let finish = |mut report: BuildReport| {
        report
            .diagnostics
            .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        report.diagnostics.dedup();
        report.elapsed = start.elapsed();
        report
    };
    if !opts.content.is_dir() {
        report.diagnostics.push(
            Diagnostic::error(
                "content-missing",
                &opts.content,
                0,
                0,
                "the content folder does not exist",
            )
            .with_help("pass --content DIR, or run `tandem new DIR` to start a site"),
        );
        return finish(report);
    }
    if let Err(d) = check_out_dir(&opts.content, &opts.out) {
        report.diagnostics.push(d);
        return finish(report);
    }
    let config = match load_config(opts) {
        Ok(c) => c,
        Err(d) => {
            report.diagnostics = d;
            return finish(report);
        }
    };
    let theme = match Theme::load(&config) {
        Ok(t) => t,
        Err(d) => {
            report.diagnostics = d;
            return finish(report);
        }
    };
    let phase = Phase::start("load");
    let site = Site::load(config, &opts.content);
    drop(phase);
    let selection = match Selection::new(&site, split) {
        Ok(s) => s,
        Err(d) => {
            report.diagnostics = d;
            return finish(report);
        }
    };
    report.diagnostics.extend(
        site.diagnostics
            .iter()
            .filter(|d| selection.load_diagnostic(&site, d))
            .cloned(),
    );
    let staging = match Staging::new(&opts.out) {
        Ok(s) => s,
        Err(e) => {
            report.diagnostics.push(Diagnostic::error(
                "write",
                &opts.out,
                0,
                0,
                format!("cannot create the staging folder: {e}"),
            ));
            return finish(report);
        }
    };
    let sink = DirSink::new(staging.dir.clone());
    let (per_lang, files, diags) = render_selected(&site, &theme, &sink, &selection);
    report.pages_per_lang = per_lang;
    report.other_langs = site
        .languages
        .iter()
        .filter(|l| !selection.lang(l.as_str()))
        .map(|l| l.to_string())
        .collect();
    report.files = files;
    report.diagnostics.extend(diags);
    if opts.strict || site.config.build.strict {
        // Made errors before the output is swapped in, so a strict build that warns leaves the
        // previous output as a failed build does.
        for d in &mut report.diagnostics {
            d.severity = Severity::Error;
        }
    }
    if report.errors() > 0 {
        staging.discard();
    } else if let Err(e) = {
        let _p = Phase::start("commit");
        staging.commit()
    } {
        report.diagnostics.push(Diagnostic::error(
            "write",
            &opts.out,
            0,
            0,
            format!("cannot replace the output folder: {e}"),
        ));
    }
    finish(report)
}
