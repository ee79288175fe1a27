//! The pipeline: config → load (parse once, in parallel) → render every page (in parallel, streamed
//! to the sink) → swap the staging folder in. A failed build reports every problem and leaves the
//! previous output untouched. `split.rs` decides what one job of a split build writes,
//! `status.rs` renders the status section, `report.rs` says what the build did.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::{DirSink, Sink, Staging};
use crate::render::theme::Theme;
use crate::site::Site;
use crate::split::{Selection, SplitOptions};
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

mod render;
mod report;
mod status;
mod warm;

pub(crate) use render::load_health;
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
    render::render_all(site, theme, out, selection)
}

/// Sorts diagnostics by file, line and column (then by the rest, so that the order never depends
/// on the order they were found in) and drops duplicates.
pub(crate) fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (
            &a.file, a.line, a.col, a.severity, a.code, &a.message, &a.help,
        )
            .cmp(&(
                &b.file, b.line, b.col, b.severity, b.code, &b.message, &b.help,
            ))
    });
    diags.dedup();
}

/// The diagnostic for an output folder that cannot be prepared.
pub(crate) fn write_diagnostic(out: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "write",
        out,
        0,
        0,
        format!("cannot create the staging folder: {e}"),
    )
}

/// Builds the site into `opts.out` atomically.
pub fn build(opts: &BuildOptions) -> BuildReport {
    build_with(opts, &SplitOptions::default(), true)
}

/// Builds the part of the site `split` names (`--lang`, `--no-source`) into `opts.out`
/// atomically; the whole site when `split.langs` is empty.
pub fn build_split(opts: &BuildOptions, split: &SplitOptions) -> BuildReport {
    build_with(opts, split, true)
}

/// [`build_split`], with the build cache (`output/.tandem/`, see `warm.rs`) when `cache` is set
/// and the whole site is built. A split build (`--lang`) and `--no-cache` build cold, and leave
/// no cache in the output.
pub fn build_with(opts: &BuildOptions, split: &SplitOptions, cache: bool) -> BuildReport {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let finish = |mut report: BuildReport| {
        sort_diagnostics(&mut report.diagnostics);
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
    let phase = Phase::start("config+theme");
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
    drop(phase);
    let _lock = crate::output::OutputLock::acquire(&opts.out);
    if cache && split.langs.is_empty() {
        warm::build(opts, config, &theme, &mut report);
        return finish(report);
    }
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
            report.diagnostics.push(write_diagnostic(&opts.out, e));
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
    report.warnings_as_errors(opts.strict || site.config.build.strict);
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
