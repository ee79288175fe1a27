//! Rendering the site in parts — pages, the site-wide files, each language's search index, the
//! status section — and recording what each part wrote, so that a warm build (`warm.rs`) can
//! render only some of them and keep the rest from its cache.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::cache::Dep;
use crate::diagnostics::Diagnostic;
use crate::health::{self, HealthModel};
use crate::output::{Sink, write_error};
use crate::render::pages::{Renderer, StatusNotice, static_path};
use crate::render::theme::Theme;
use crate::site::Site;
use crate::split::{Selection, SplitSink};
use crate::timings::Phase;

use super::status::{render_health, status_notices};

/// A sink that remembers the paths it stored.
pub(crate) struct Recording<'s> {
    inner: &'s dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl<'s> Recording<'s> {
    pub(crate) fn new(inner: &'s dyn Sink) -> Self {
        Recording {
            inner,
            paths: Mutex::default(),
        }
    }

    pub(crate) fn take(self) -> Vec<String> {
        self.paths.into_inner().unwrap_or_default()
    }
}

impl Sink for Recording<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(rel, bytes)?;
        self.paths
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .push(rel.to_string());
        Ok(())
    }
}

/// One rendered page: the files it wrote, what rendering found, the files it read.
pub(crate) struct PageDone {
    pub idx: usize,
    pub outputs: Vec<String>,
    pub diags: Vec<Diagnostic>,
    pub deps: Vec<Dep>,
    /// It wrote a file (a page of the build's count).
    pub counted: bool,
}

/// Files and diagnostics of a part of the site that is not a page.
#[derive(Default)]
pub(crate) struct PartDone {
    pub outputs: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

/// What [`render_parts`] rendered.
#[derive(Default)]
pub(crate) struct Rendered {
    /// The pages rendered, in site order.
    pub pages: Vec<PageDone>,
    /// Language homes, root pages, coverage, SEO files, theme files, assets (when rendered).
    pub globals: Option<PartDone>,
    /// Per language of `site.languages`: its search index, when written.
    pub search: Vec<Option<PartDone>>,
    /// The status section, when there is health data.
    pub status: Option<PartDone>,
    /// Problems of no part: templates, theme strings, health data, the search index's size.
    pub general: Vec<Diagnostic>,
    /// The templates did not compile: nothing was rendered.
    pub failed: bool,
}

/// Which parts to render.
pub(crate) struct Plan {
    /// Pages (indices into `site.pages`, ascending) to render, among those the selection keeps.
    pub pages: Vec<usize>,
    /// Homes, root pages, coverage, SEO files, theme files and every asset.
    pub globals: bool,
    /// Assets to copy when `globals` is false (their bytes changed).
    pub assets: Vec<String>,
    /// For a search index updated rather than rebuilt: per language, the postings of the pages
    /// not rendered again (`None`: the language's index is left as it is). Empty: every
    /// language's index is built from the rendered pages.
    pub search_base: Vec<Option<crate::search::Base>>,
}

impl Plan {
    /// Everything.
    pub(crate) fn all(site: &Site) -> Plan {
        Plan {
            pages: (0..site.pages.len()).collect(),
            globals: true,
            assets: Vec::new(),
            search_base: Vec::new(),
        }
    }
}

/// Loads `content/health/` with the diagnostics of the data and of its age.
pub(crate) fn load_health(site: &Site) -> (Option<HealthModel>, Vec<Diagnostic>) {
    let health_dir = site.content_dir.join("health");
    if !health_dir.is_dir() {
        return (None, Vec::new());
    }
    let now = chrono::Utc::now();
    let (model, mut diags) = health::load_dir_as(
        &health_dir,
        &site.content_dir,
        now,
        site.config.health.format.as_deref(),
    );
    let max_age = chrono::Duration::hours(site.config.health.max_age_hours as i64);
    diags.extend(health::stale_warning(&model, now, max_age));
    (Some(model), diags)
}

/// The status notices a page shows, hashed (0 without health data): part of its fingerprint.
pub(crate) fn notices_hash(renderer: &Renderer, idx: usize) -> crate::cache::Hash {
    let Some(status) = renderer.status else {
        return 0;
    };
    let page = &renderer.site.pages[idx];
    let notices = status(&page.front.all_services(), &page.lang);
    if notices.is_empty() {
        return 0;
    }
    crate::cache::hash(&serde_json::to_vec(&notices).unwrap_or_default())
}

/// Renders the parts of the site `decide` names into `out` (pages) and `sink` (everything,
/// through `selection`'s split sink). `decide` sees the renderer first (to hash status notices).
pub(crate) fn render_parts(
    site: &Site,
    theme: &Theme,
    model: Option<&HealthModel>,
    out: &dyn Sink,
    selection: &Selection,
    decide: &mut dyn FnMut(&Renderer) -> Plan,
) -> (Rendered, usize) {
    let split = SplitSink::new(out, site, selection);
    let sink: &dyn Sink = &split;
    let mut done = Rendered::default();
    let phase = Phase::start("templates");
    let tera = theme.tera();
    drop(phase);
    let tera = match tera {
        Ok(t) => t,
        Err(d) => {
            done.general = d;
            done.failed = true;
            return (done, 0);
        }
    };
    let phase = Phase::start("renderer");
    let (mut renderer, warnings) = Renderer::new(site, theme, &tera, model.is_some());
    drop(phase);
    done.general.extend(warnings);
    // The renderer's UI strings (Arc-shared), so the notices need no second parse of the theme.
    let status_ui = renderer.ui.clone();
    let notices = |services: &[String], lang: &crate::lang::Lang| -> Vec<StatusNotice> {
        match model {
            Some(model) => status_notices(site, &status_ui, model, services, lang),
            None => Vec::new(),
        }
    };
    renderer.status = Some(&notices);
    let plan = decide(&renderer);
    // Pages: render in parallel, write each as soon as it is rendered; each page's search
    // document is written and its terms folded into per-thread postings at the same time.
    let phase = Phase::start("pages");
    let search_on = site.config.output.search;
    // Document ids for the search index; no pass over the pages when there is no index to build.
    let search_plan = search_on.then(|| crate::search::Plan::new(site));
    #[derive(Default)]
    struct Acc {
        pages: Vec<PageDone>,
        postings: crate::search::Postings,
    }
    let selected: Vec<usize> = plan
        .pages
        .iter()
        .copied()
        .filter(|&i| selection.page(site, i))
        .collect();
    crate::progress::pages(selected.len());
    let acc = selected
        .into_par_iter()
        .fold(Acc::default, |mut acc, i| {
            crate::progress::page_done();
            let (outputs, text, deps) = renderer.render_page_with_text(i);
            let mut page = PageDone {
                idx: i,
                // A page, its compare view, its search document.
                outputs: Vec::with_capacity(3),
                diags: Vec::new(),
                deps,
                counted: false,
            };
            for o in outputs {
                page.diags.extend(o.diagnostics);
                if o.path.is_empty() {
                    continue;
                }
                match out.put(&o.path, &o.html) {
                    Ok(()) => page.outputs.push(o.path),
                    Err(e) => page.diags.push(write_error(&o.path, e)),
                }
            }
            if !page.outputs.is_empty() {
                page.counted = true;
                if let Some(plan) = &search_plan {
                    let rec = Recording::new(sink);
                    let (_, d) = acc.postings.add(site, plan, i, &text, &rec);
                    page.outputs.extend(rec.take());
                    page.diags.extend(d);
                }
            }
            acc.pages.push(page);
            acc
        })
        .reduce(Acc::default, |mut a, b| {
            a.pages.extend(b.pages);
            a.postings = a.postings.merge(b.postings);
            a
        });
    drop(phase);
    done.pages = acc.pages;
    done.pages.sort_unstable_by_key(|p| p.idx);
    let mut postings = acc.postings;
    // Search first and alone: its postings are the largest thing the pages phase leaves, and are
    // freed here (running it beside the others raised the peak at 100,000 sources).
    if let Some(search_plan) = &search_plan {
        let _p = Phase::start("search");
        let only: Option<Vec<bool>> = (!plan.search_base.is_empty())
            .then(|| plan.search_base.iter().map(Option::is_some).collect());
        let mut kept = Vec::new();
        if !plan.search_base.is_empty() {
            let base;
            (base, kept) = plan
                .search_base
                .into_iter()
                .map(|b| {
                    let b = b.unwrap_or_default();
                    (b.postings, b.kept)
                })
                .unzip();
            postings = crate::search::Postings::seeded(base).merge(postings);
        }
        let rec = Recording::new(sink);
        let w = crate::search::write(
            site,
            &renderer,
            &tera,
            &rec,
            search_plan,
            postings,
            only.as_deref(),
            kept,
        );
        done.general.extend(w.diagnostics);
        // Shards kept as they were belong to the index as much as those written.
        let mut written = rec.take();
        written.extend(w.kept);
        done.search = site
            .languages
            .iter()
            .enumerate()
            .map(|(li, lang)| {
                only.as_ref()
                    .is_none_or(|o| o.get(li).copied().unwrap_or(true))
                    .then(|| {
                        let page = format!("{lang}/search/index.html");
                        let dir = format!("search/{lang}/");
                        PartDone {
                            outputs: written
                                .iter()
                                .filter(|p| **p == page || p.starts_with(&dir))
                                .cloned()
                                .collect(),
                            diags: Vec::new(),
                        }
                    })
            })
            .collect();
    }
    if plan.globals {
        done.globals = Some(render_globals(
            site, &renderer, theme, &tera, selection, sink,
        ));
    } else {
        done.general
            .extend(copy_assets(site, plan.assets.iter(), sink));
    }
    if let Some(model) = model {
        let rec = Recording::new(sink);
        let (_, diags) = render_health(site, &renderer, &tera, model, &rec);
        done.status = Some(PartDone {
            outputs: rec.take(),
            diags,
        });
    }
    (done, split.dropped())
}

/// Copies assets (their bytes as they are); returns what could not be read or written.
fn copy_assets<'a>(
    site: &Site,
    rels: impl Iterator<Item = &'a String> + Send,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let rels: Vec<&String> = rels.collect();
    rels.into_par_iter()
        .filter_map(|rel| {
            let abs = site.assets.get(rel)?;
            let r = std::fs::read(abs)
                .map_err(|e| Diagnostic::error("read", rel, 0, 0, format!("cannot read: {e}")))
                .and_then(|bytes| sink.put(rel, &bytes).map_err(|e| write_error(rel, e)));
            r.err()
        })
        .collect()
}

/// Pages above which a site is rendered with less at once (see `render_globals`).
pub(crate) const LARGE_SITE_PAGES: usize = 60_000;

/// Language homes without an `index.md`, the root pages, translation coverage, the SEO files,
/// the theme's static files and the site's assets.
fn render_globals(
    site: &Site,
    renderer: &Renderer,
    theme: &Theme,
    tera: &tera::Tera,
    selection: &Selection,
    sink: &dyn Sink,
) -> PartDone {
    let rec = Recording::new(sink);
    let sink: &dyn Sink = &rec;
    let mut diags = Vec::new();
    for lang in &site.languages {
        if selection.lang(lang.as_str()) && site.page(lang, "index").is_none() {
            match renderer.render_generated_home(lang) {
                Ok(o) => {
                    if let Err(e) = sink.put(&o.path, &o.html) {
                        diags.push(write_error(&o.path, e));
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
    for r in renderer.render_root_pages() {
        match r {
            Ok(o) => {
                if let Err(e) = sink.put(&o.path, &o.html) {
                    diags.push(write_error(&o.path, e));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    // Coverage and the sitemaps run side by side (the sitemaps are written on one thread), except
    // on very large sites, where what both hold at once made the build's peak memory (100,000
    // sources: 1.5 GiB); one after the other costs about a second there.
    let coverage = || {
        let _p = Phase::start("coverage");
        crate::coverage::write(site, renderer, tera, sink)
    };
    let seo = || {
        let _p = Phase::start("seo");
        crate::publish::write(site, renderer, theme, sink)
    };
    let (coverage, seo) = if site.pages.len() > LARGE_SITE_PAGES {
        (coverage(), seo())
    } else {
        rayon::join(coverage, seo)
    };
    diags.extend(coverage.1);
    diags.extend(seo.1);
    let search_on = site.config.output.search;
    for (name, bytes) in &theme.statics {
        // The search script has nothing to query without the index (`[output] search = false`).
        if !search_on && name == "search.js" {
            continue;
        }
        let path = static_path(name);
        if let Err(e) = sink.put(&path, bytes) {
            diags.push(write_error(&path, e));
        }
    }
    diags.extend(copy_assets(
        site,
        site.assets.keys().filter(|rel| selection.path(site, rel)),
        sink,
    ));
    PartDone {
        outputs: rec.take(),
        diags,
    }
}

/// Renders everything `selection` keeps (see [`super::render_selected`]).
pub(crate) fn render_all(
    site: &Site,
    theme: &Theme,
    out: &dyn Sink,
    selection: &Selection,
) -> (BTreeMap<String, usize>, usize, Vec<Diagnostic>) {
    let (model, mut diags) = load_health(site);
    let (done, dropped) = render_parts(site, theme, model.as_ref(), out, selection, &mut |_| {
        Plan::all(site)
    });
    let (per_lang, files, d) = flatten(site, done);
    diags.extend(d);
    diags.retain(|d| selection.render_diagnostic(site, d));
    (per_lang, files.saturating_sub(dropped), diags)
}

/// Pages per language, files written and every diagnostic of a render.
pub(crate) fn flatten(
    site: &Site,
    done: Rendered,
) -> (BTreeMap<String, usize>, usize, Vec<Diagnostic>) {
    let mut per_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    let mut diags = done.general;
    for p in done.pages {
        if p.counted {
            *per_lang
                .entry(site.pages[p.idx].lang.to_string())
                .or_default() += 1;
        }
        files += p.outputs.len();
        diags.extend(p.diags);
    }
    for part in done
        .globals
        .into_iter()
        .chain(done.search.into_iter().flatten())
        .chain(done.status)
    {
        files += part.outputs.len();
        diags.extend(part.diags);
    }
    (per_lang, files, diags)
}

/// Document ids of the given pages, per language index (for [`crate::search::read_shards`]).
pub(crate) fn doc_ids(site: &Site, pages: &[usize]) -> BTreeMap<usize, HashSet<u32>> {
    let plan = crate::search::Plan::new(site);
    let mut out: BTreeMap<usize, HashSet<u32>> = BTreeMap::new();
    for &i in pages {
        if let Some((li, id)) = crate::search::doc_id(&plan, i) {
            out.entry(li).or_default().insert(id);
        }
    }
    out
}
