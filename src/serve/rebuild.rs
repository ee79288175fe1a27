//! The in-memory project `serve` keeps between edits, and the incremental rebuild: a change is
//! mapped to the outputs it can affect, and only those are rendered again.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::{BuildOptions, load_config, render_health, render_site, status_notices};
use crate::diagnostics::{Diagnostic, Severity};
use crate::health::model::HealthModel;
use crate::lang::Lang;
use crate::output::MemSink;
use crate::render::pages::Renderer;
use crate::render::theme::Theme;
use crate::site::Site;

pub use super::changes::Changes;

/// How much of the site a change set needs re-rendered.
#[derive(Debug, PartialEq, Eq)]
pub enum Affected {
    /// These pages (indices into `site.pages`), plus language homes and root pages when `homes`.
    Pages { pages: BTreeSet<usize>, homes: bool },
    /// Reload the site from disk and render everything.
    All,
}

/// The result of applying a change set.
pub enum Outcome {
    /// Files to put into the served map (`replace` drops every other file first).
    Updated {
        files: Vec<(String, Vec<u8>)>,
        replace: bool,
        pages: usize,
        css_only: bool,
    },
    /// The change introduced errors; the last good build stays served.
    Failed(Vec<Diagnostic>),
    /// The change does not affect the output.
    Unchanged,
}

/// Config, theme, compiled templates and the loaded site, kept between rebuilds.
pub struct Project {
    opts: BuildOptions,
    theme: Theme,
    tera: tera::Tera,
    /// The loaded site.
    pub site: Site,
    /// Errors present in the last good build (existing problems don't block later edits).
    baseline: HashSet<String>,
    /// The service-health model of `content/health/`, kept so pages rendered one by one get the
    /// same status link and notices as in a full build.
    health: Option<HealthModel>,
}

/// Loads `content/health/` the way [`render_site`] does (its diagnostics come from the full build).
fn load_health(site: &Site) -> Option<HealthModel> {
    crate::build::load_health(site).0
}

fn error_key(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}:{}:{}",
        d.file.display(),
        d.line,
        d.col,
        d.code,
        d.message
    )
}

fn errors(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect()
}

/// A full load and render: the initial build, and the fallback for structural changes.
pub struct FullBuild {
    /// Loaded project.
    pub project: Project,
    /// Every output file.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every diagnostic.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered.
    pub pages: usize,
}

impl Project {
    /// Loads config, theme and content and renders everything; `Err` when nothing can be served
    /// (bad config, missing theme, template syntax errors).
    pub fn load(opts: &BuildOptions) -> Result<FullBuild, Vec<Diagnostic>> {
        let config = load_config(opts)?;
        let theme = Theme::load(&config)?;
        let tera = theme.tera()?;
        let site = Site::load(config, &opts.content);
        let health = load_health(&site);
        let mut project = Project {
            opts: opts.clone(),
            theme,
            tera,
            site,
            baseline: HashSet::new(),
            health,
        };
        let (files, diagnostics, pages) = project.render_all();
        project.baseline = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(error_key)
            .collect();
        Ok(FullBuild {
            project,
            files,
            diagnostics,
            pages,
        })
    }

    fn render_all(&self) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>, usize) {
        let sink = MemSink::default();
        let (per_lang, _, diags) = render_site(&self.site, &self.theme, &sink);
        let mut all = self.site.diagnostics.clone();
        all.extend(diags);
        all.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        all.dedup();
        let files = sink.files.into_inner().unwrap_or_default();
        (files, all, per_lang.values().sum())
    }

    /// The content folder.
    pub fn content_dir(&self) -> &Path {
        &self.opts.content
    }

    /// The config file.
    pub fn config_path(&self) -> &Path {
        &self.opts.config
    }

    /// The folder holding `tandem.toml` (and `themes/`, `templates/`, `static/`, `i18n/`).
    pub fn root(&self) -> PathBuf {
        self.site.config.root.clone()
    }

    /// Errors not present in the last good build.
    fn new_errors(&self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        let mut seen = HashSet::new();
        errors(diags)
            .into_iter()
            .filter(|d| !self.baseline.contains(&error_key(d)) && seen.insert(error_key(d)))
            .collect()
    }

    /// Applies a batch of changes and renders what they affect.
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        // A stylesheet edited together with content: not worth a special case, render everything.
        let css_and_content =
            !changes.css.is_empty() && (!changes.content.is_empty() || !changes.health.is_empty());
        let content_too = !changes.content.is_empty() || !changes.health.is_empty();
        if changes.config || css_and_content || (changes.theme && content_too) {
            return self.reload_everything();
        }
        if changes.theme {
            return self.reload_theme();
        }
        let affected = match self.affected(changes) {
            Some(a) => a,
            None => return self.theme_css_only(changes),
        };
        match affected {
            Affected::All => self.reload_site(),
            Affected::Pages { pages, homes } => self.render_some(&pages, homes, changes),
        }
    }

    /// Stylesheets and other theme static files changed, and nothing else.
    fn theme_css_only(&mut self, changes: &Changes) -> Outcome {
        if changes.css.is_empty() {
            return Outcome::Unchanged;
        }
        let theme = match Theme::load(&self.site.config) {
            Ok(t) => t,
            Err(d) => return Outcome::Failed(d),
        };
        self.theme = theme;
        let files = self
            .theme
            .statics
            .iter()
            .map(|(n, b)| (crate::render::pages::static_path(n), b.clone()))
            .collect();
        Outcome::Updated {
            files,
            replace: false,
            pages: 0,
            css_only: true,
        }
    }

    fn reload_everything(&mut self) -> Outcome {
        match Project::load(&self.opts) {
            Err(d) => Outcome::Failed(d),
            Ok(full) => {
                let new = self.new_errors(&full.diagnostics);
                if !new.is_empty() {
                    return Outcome::Failed(new);
                }
                let baseline = std::mem::take(&mut self.baseline);
                *self = full.project;
                self.baseline.extend(baseline);
                Outcome::Updated {
                    files: full.files.into_iter().collect(),
                    replace: true,
                    pages: full.pages,
                    css_only: false,
                }
            }
        }
    }

    /// Templates, UI strings or theme files changed and nothing else: the loaded site (content
    /// and config) stays, the theme is reloaded and every page rendered again.
    fn reload_theme(&mut self) -> Outcome {
        let theme = match Theme::load(&self.site.config) {
            Ok(t) => t,
            Err(d) => return Outcome::Failed(d),
        };
        let tera = match theme.tera() {
            Ok(t) => t,
            Err(d) => return Outcome::Failed(d),
        };
        let old = (
            std::mem::replace(&mut self.theme, theme),
            std::mem::replace(&mut self.tera, tera),
        );
        let (files, diags, pages) = self.render_all();
        let new = self.new_errors(&diags);
        if !new.is_empty() {
            (self.theme, self.tera) = old;
            return Outcome::Failed(new);
        }
        self.baseline = diags
            .iter()
            .filter(|d| d.is_error())
            .map(error_key)
            .collect();
        Outcome::Updated {
            files: files.into_iter().collect(),
            replace: true,
            pages,
            css_only: false,
        }
    }

    fn reload_site(&mut self) -> Outcome {
        self.site = Site::load(self.site.config.clone(), &self.opts.content);
        self.health = load_health(&self.site);
        let (files, diags, pages) = self.render_all();
        let new = self.new_errors(&diags);
        if !new.is_empty() {
            return Outcome::Failed(new);
        }
        self.baseline = diags
            .iter()
            .filter(|d| d.is_error())
            .map(error_key)
            .collect();
        Outcome::Updated {
            files: files.into_iter().collect(),
            replace: true,
            pages,
            css_only: false,
        }
    }

    /// Maps content changes to pages, updating the loaded site in place. `None`: no content change.
    fn affected(&mut self, changes: &Changes) -> Option<Affected> {
        if changes.content.is_empty() && changes.health.is_empty() {
            return None;
        }
        let mut pages = BTreeSet::new();
        let mut homes = false;
        if !changes.health.is_empty() {
            let had = self.health.is_some();
            self.health = load_health(&self.site);
            // The status section appearing or going away changes every page's navigation.
            if had != self.health.is_some() {
                return Some(Affected::All);
            }
            match affected_by_health(&self.site) {
                Affected::All => return Some(Affected::All),
                Affected::Pages { pages: p, .. } => pages.extend(p),
            }
        }
        for rel in &changes.content {
            let abs = self.opts.content.join(rel);
            let is_md = rel.to_ascii_lowercase().ends_with(".md")
                || rel.to_ascii_lowercase().ends_with(".markdown");
            let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
            if name == "toc.yml" || name == "toc.md" {
                return Some(Affected::All);
            }
            if abs.is_dir() {
                if self.dir_is_known(rel, &abs) {
                    continue;
                }
                return Some(Affected::All);
            }
            if !abs.exists() {
                let prefix = format!("{rel}/");
                let known = self.site.files.contains_key(rel)
                    || self.site.assets.contains_key(rel)
                    || self.site.metadata.contains_key(rel)
                    || self
                        .site
                        .files
                        .keys()
                        .chain(self.site.assets.keys())
                        .any(|k| k.starts_with(&prefix));
                if known {
                    return Some(Affected::All);
                }
                continue;
            }
            if is_md && self.site.files.contains_key(rel) {
                let Some((idx, title_changed)) = self.site.update_file(rel) else {
                    return Some(Affected::All);
                };
                if self.site.files.get(rel).is_some_and(|f| f.is_include) {
                    pages.extend(self.pages_including(rel));
                }
                if title_changed {
                    let langs: HashSet<_> = idx
                        .iter()
                        .map(|&i| self.site.pages[i].lang.clone())
                        .collect();
                    pages.extend(
                        (0..self.site.pages.len())
                            .filter(|&i| langs.contains(&self.site.pages[i].lang)),
                    );
                    homes = true;
                }
                pages.extend(idx);
            } else if self.site.assets.contains_key(rel) {
                // Assets are copied by `render_some` from disk; no page changes.
            } else {
                return Some(Affected::All);
            }
        }
        Some(Affected::Pages { pages, homes })
    }

    /// Whether every file under an existing folder is already part of the site (a metadata-only
    /// event on a folder); a folder moved in or restored by `git checkout` is not.
    fn dir_is_known(&self, rel: &str, abs: &Path) -> bool {
        walkdir::WalkDir::new(abs)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .all(|e| {
                let Ok(sub) = e.path().strip_prefix(abs) else {
                    return false;
                };
                let r = format!("{rel}/{}", sub.to_string_lossy().replace('\\', "/"));
                let name = r
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                super::changes::is_editor_temp(&name)
                    || name == "toc.yml"
                    || name == "toc.md"
                    || self.site.files.contains_key(&r)
                    || self.site.assets.contains_key(&r)
                    || self.site.metadata.contains_key(&r)
            })
    }

    /// Pages whose Markdown names the include file (a cheap, conservative dependency check).
    fn pages_including(&self, rel: &str) -> Vec<usize> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.markdown().contains(name))
            .map(|(i, _)| i)
            .collect()
    }

    fn render_some(&mut self, pages: &BTreeSet<usize>, homes: bool, changes: &Changes) -> Outcome {
        let (mut renderer, _) =
            Renderer::new(&self.site, &self.theme, &self.tera, self.health.is_some());
        let ui = renderer.ui.clone();
        let lookup = |services: &[String], lang: &Lang| match &self.health {
            Some(model) => status_notices(&self.site, &ui, model, services, lang),
            None => Vec::new(),
        };
        if self.health.is_some() {
            renderer.status = Some(&lookup);
        }
        let idx: Vec<usize> = pages.iter().copied().collect();
        let rendered: Vec<_> = idx
            .par_iter()
            .flat_map_iter(|&i| renderer.render_page(i))
            .collect();
        let mut files = Vec::new();
        let mut diags: Vec<Diagnostic> = self
            .site
            .diagnostics
            .iter()
            .filter(|d| changes.content.iter().any(|c| d.file == Path::new(c)))
            .cloned()
            .collect();
        for o in rendered {
            diags.extend(o.diagnostics);
            if !o.path.is_empty() {
                files.push((o.path, o.html));
            }
        }
        if homes {
            for lang in &self.site.languages {
                if self.site.page(lang, "index").is_none() {
                    match renderer.render_generated_home(lang) {
                        Ok(o) => files.push((o.path, o.html)),
                        Err(d) => diags.push(d),
                    }
                }
            }
            for r in renderer.render_root_pages() {
                match r {
                    Ok(o) => files.push((o.path, o.html)),
                    Err(d) => diags.push(d),
                }
            }
        }
        if let Some(model) = self.health.as_ref().filter(|_| !changes.health.is_empty()) {
            let sink = MemSink::default();
            let (_, d) = render_health(&self.site, &renderer, &self.tera, model, &sink);
            diags.extend(d);
            files.extend(sink.files.into_inner().unwrap_or_default());
        }
        for rel in &changes.content {
            if self.site.assets.contains_key(rel) {
                match std::fs::read(self.opts.content.join(rel)) {
                    Ok(b) => files.push((rel.clone(), b)),
                    Err(e) => diags.push(Diagnostic::error(
                        "read",
                        rel,
                        0,
                        0,
                        format!("cannot read: {e}"),
                    )),
                }
            }
        }
        let new = self.new_errors(&diags);
        if !new.is_empty() {
            return Outcome::Failed(new);
        }
        if files.is_empty() {
            return Outcome::Unchanged;
        }
        Outcome::Updated {
            files,
            replace: false,
            pages: idx.len(),
            css_only: false,
        }
    }
}

/// Which outputs a change to `content/health/**` affects: the status section (rendered by the
/// caller from the reloaded model) and the help pages whose front matter names a service (their
/// notices). Language homes and the root pages show no health data.
pub fn affected_by_health(site: &Site) -> Affected {
    Affected::Pages {
        pages: (0..site.pages.len())
            .filter(|&i| !site.pages[i].front.all_services().is_empty())
            .collect(),
        homes: false,
    }
}
