//! The status site as files: HTML pages through the theme's templates, an Atom feed per language,
//! `status.json` shaped like Statuspage's `summary.json`, and an SVG badge per service.
//!
//! This file renders the pages and puts the files together; `feed`, `status_json`, `badge` and
//! `notices` (status notices for help pages) each make one kind of output.

mod badge;
mod feed;
mod notices;
mod status_json;

pub use badge::badge;
pub use feed::atom_feed;
pub use notices::{Notice, incident_url, service_notices, service_url};
pub use status_json::status_json;

use super::history;
use super::i18n::tr;
use super::localize::{DATA_LANG, differs};
use super::model::*;
use super::pages::{self, CommonLinks, Urls};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

pub use super::pages::HelpLink;

/// Files to write, paths relative to the output folder (`fr-fr/status/index.html`), sorted.
#[derive(Debug, Default)]
pub struct StatusOutput {
    /// (path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// What the status site needs to know about the site around it.
pub struct StatusSiteInfo<'a> {
    /// Languages of the site; status pages are made in each.
    pub languages: &'a [Lang],
    /// The source language, whose `status.json` is also published at `/status/status.json`.
    pub source_lang: &'a Lang,
    /// Site base URL (`https://example.com/` or `/`); its path part prefixes every link.
    pub base_url: &'a str,
    /// The build clock. The pages are computed as of the newest time the data speaks for, not at
    /// this time (see [`HealthModel::reference_time`]); it only stands in when the model was not
    /// merged with one.
    pub now: DateTime<Utc>,
    /// Whether to publish `/<lang>/status/customers/<id>/`.
    pub include_customers: bool,
    /// Help pages per service id (all languages; filtered per page language).
    pub help_pages_by_service: &'a HashMap<String, Vec<HelpLink>>,
    /// URL of the "check service health" procedure per language tag.
    pub check_health_url_by_lang: &'a HashMap<String, String>,
}

fn out_path(url: &str, prefix: &str) -> String {
    let rel = url
        .strip_prefix(prefix)
        .unwrap_or(url)
        .trim_start_matches('/');
    if rel.ends_with('/') || rel.is_empty() {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

fn absolute(base_url: &str, prefix: &str, url: &str) -> String {
    if base_url.contains("://") {
        let origin = base_url.trim_end_matches('/');
        let origin = origin.strip_suffix(prefix).unwrap_or(origin);
        format!("{origin}{url}")
    } else {
        url.to_string()
    }
}

/// Builds the shared template context (site, language, UI strings, page basics) for a status page.
/// `Sync`, because status pages are rendered in parallel.
pub type BaseCtx<'a> = dyn Fn(&Lang, &str, &str) -> tera::Context + Sync + 'a;

struct Renderer<'a> {
    tera: &'a tera::Tera,
    base_ctx: &'a BaseCtx<'a>,
    out: StatusOutput,
    diags: Vec<Diagnostic>,
}

/// What distinguishes one HTML page from another, besides its view data.
struct PageSpec<'s> {
    lang: &'s Lang,
    template: &'s str,
    url: &'s str,
    prefix: &'s str,
    title: &'s str,
    description: &'s str,
    noindex: bool,
}

impl Renderer<'_> {
    fn page<T: Serialize>(&mut self, spec: PageSpec<'_>, view: &T) {
        let rendered = render_page(self.tera, self.base_ctx, spec, view);
        self.push(rendered);
    }

    fn push(&mut self, rendered: Result<(String, Vec<u8>), Diagnostic>) {
        match rendered {
            Ok(file) => self.out.files.push(file),
            Err(d) => self.diags.push(d),
        }
    }
}

/// Renders one status page: its output path and bytes, or a diagnostic naming the template.
fn render_page<T: Serialize>(
    tera: &tera::Tera,
    base_ctx: &BaseCtx<'_>,
    spec: PageSpec<'_>,
    view: &T,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let PageSpec {
        lang,
        template,
        url,
        prefix,
        title,
        description,
        noindex,
    } = spec;
    // Root-relative, base path included, like every URL in the template context.
    let page_url = url;
    let mut ctx = base_ctx(lang, page_url, title);
    // The page map comes from the caller; only robots and an empty description are adjusted.
    let mut page = ctx
        .remove("page")
        .and_then(|p| serde_json::to_value(&p).ok())
        .unwrap_or_else(|| json!({}));
    if let Some(obj) = page.as_object_mut() {
        obj.insert("kind".into(), json!("status"));
        obj.entry("title").or_insert_with(|| json!(title));
        obj.entry("url").or_insert_with(|| json!(page_url));
        if obj
            .get("description")
            .and_then(|d| d.as_str())
            .is_none_or(str::is_empty)
        {
            obj.insert("description".into(), json!(description));
        }
        if noindex {
            obj.insert("robots".into(), json!("noindex, nofollow"));
        } else {
            obj.entry("robots")
                .or_insert_with(|| json!("index, follow"));
        }
    }
    ctx.insert("page", &page);
    ctx.insert("status", view);
    // The language of the data's own names (services, groups) when it is not the page's: the
    // templates mark them with it.
    let data_lang = differs(DATA_LANG, lang).then_some(DATA_LANG);
    ctx.insert("data_lang", &data_lang);
    match tera.render(template, &ctx) {
        Ok(html) => Ok((out_path(url, prefix), html.into_bytes())),
        Err(e) => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Err(Diagnostic::error(
                "status-render",
                format!("templates/{template}"),
                0,
                0,
                format!("rendering {} failed: {msg}", out_path(url, prefix)),
            )
            .with_help("fix the template; the status page was not written"))
        }
    }
}

/// Renders the whole status site in every language. Template failures become diagnostics; the
/// other files are still produced.
pub fn render_status(
    model: &HealthModel,
    info: &StatusSiteInfo,
    tera: &tera::Tera,
    base_ctx: &BaseCtx<'_>,
) -> (StatusOutput, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let now = model.reference_time(info.now);
    let hist = history::all_histories(model, now);
    let site_title = info
        .languages
        .first()
        .map(|l| base_ctx(l, "/", ""))
        .and_then(|c| c.get("site").and_then(|s| serde_json::to_value(s).ok()))
        .and_then(|s| s.get("title").and_then(|t| t.as_str()).map(str::to_string))
        .unwrap_or_else(|| "Status".to_string());
    let english_note = tr(&Lang::parse(DATA_LANG).expect("a valid tag"), NOTE_KEY);
    // Languages, and the service and incident pages inside each, render in parallel; the files are
    // sorted at the end so the output does not depend on scheduling.
    let per_language: Vec<Renderer> = info
        .languages
        .par_iter()
        .enumerate()
        .map(|(li, lang)| {
            let mut r = Renderer {
                tera,
                base_ctx,
                out: StatusOutput::default(),
                diags: Vec::new(),
            };
            let urls = Urls::new(info.base_url, lang);
            let prefix = urls.prefix.clone();
            let links = CommonLinks {
                overview: urls.overview(),
                history: urls.history(1),
                feed: format!("{}feed.xml", urls.overview()),
                json: format!("{}status.json", urls.overview()),
                check_health: info
                    .check_health_url_by_lang
                    .get(lang.as_str())
                    .or_else(|| info.check_health_url_by_lang.get(lang.primary()))
                    .cloned(),
            };
            let title = tr(lang, "status_title");
            let desc = tr(lang, "status_description");
            // A language the theme has no status strings for gets the English ones: the note is
            // then the built-in English text (a translation in tandem.toml's [ui.<lang>] is not).
            let note_lang = (ui_string(base_ctx, lang, &urls.overview(), NOTE_KEY).as_ref()
                == Some(&english_note)
                && differs(DATA_LANG, lang))
            .then(|| DATA_LANG.to_string());
            let ov = pages::overview(model, &urls, now, links.clone(), &hist);
            r.page(
                PageSpec {
                    lang,
                    template: "status/overview.html",
                    url: &urls.overview(),
                    prefix: &prefix,
                    title: &title,
                    description: &desc,
                    noindex: false,
                },
                &ov,
            );
            let services: Vec<_> = model
                .services
                .par_iter()
                .map(|s| {
                    let help: Vec<HelpLink> = info
                        .help_pages_by_service
                        .get(&s.id)
                        .map(|v| {
                            v.iter()
                                .filter(|h| Lang::parse(&h.lang).is_some_and(|l| l == *lang))
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default();
                    let v = pages::service_view(model, s, &urls, now, help, links.clone(), &hist);
                    let t = format!("{} — {}", s.name, title);
                    let page = render_page(
                        tera,
                        base_ctx,
                        PageSpec {
                            lang,
                            template: "status/service.html",
                            url: &urls.service(&s.id),
                            prefix: &prefix,
                            title: &t,
                            description: &desc,
                            noindex: false,
                        },
                        &v,
                    );
                    let badge_file = (
                        format!(
                            "{}badge.svg",
                            out_path(&urls.service(&s.id), &prefix).trim_end_matches("index.html")
                        ),
                        badge(lang, &s.name, s.status).into_bytes(),
                    );
                    (page, badge_file)
                })
                .collect();
            for (page, badge_file) in services {
                r.push(page);
                r.out.files.push(badge_file);
            }
            let incidents: Vec<_> = model
                .incidents
                .par_iter()
                .filter(|i| i.start <= now || i.kind == IncidentKind::Maintenance)
                .map(|i| {
                    let mut v = pages::incident_view(model, i, &urls, now, links.clone());
                    v.note_lang = note_lang.clone();
                    let t = format!("{} — {}", v.incident.title, title);
                    let d = v.incident.excerpt.clone();
                    render_page(
                        tera,
                        base_ctx,
                        PageSpec {
                            lang,
                            template: "status/incident.html",
                            url: &urls.incident(&i.id),
                            prefix: &prefix,
                            title: &t,
                            description: if d.is_empty() { &desc } else { &d },
                            noindex: false,
                        },
                        &v,
                    )
                })
                .collect();
            for page in incidents {
                r.push(page);
            }
            for h in pages::history_pages(model, &urls, now, &links) {
                let t = if h.page > 1 {
                    format!(
                        "{} ({} {}) — {}",
                        tr(lang, "status_history"),
                        tr(lang, "status_page_of"),
                        h.page,
                        title
                    )
                } else {
                    format!("{} — {}", tr(lang, "status_history"), title)
                };
                r.page(
                    PageSpec {
                        lang,
                        template: "status/history.html",
                        url: &urls.history(h.page),
                        prefix: &prefix,
                        title: &t,
                        description: &desc,
                        noindex: false,
                    },
                    &h,
                );
            }
            if info.include_customers {
                for c in &model.customers {
                    let v = pages::customer_view(model, c, &urls, now, links.clone(), &hist);
                    let t = format!("{} — {}", c.name, title);
                    r.page(
                        PageSpec {
                            lang,
                            template: "status/customer.html",
                            url: &urls.customer(&c.id),
                            prefix: &prefix,
                            title: &t,
                            description: &desc,
                            noindex: true,
                        },
                        &v,
                    );
                }
            }
            let feed = atom_feed(model, &urls, info.base_url, now, &site_title);
            r.out
                .files
                .push((out_path(&links.feed, &prefix), feed.into_bytes()));
            let js = status_json(model, &urls, info.base_url, now, &site_title);
            r.out
                .files
                .push((out_path(&links.json, &prefix), js.clone().into_bytes()));
            if lang == info.source_lang || (li == 0 && !info.languages.contains(info.source_lang)) {
                // A language-neutral copy at a stable address for widgets: the source language's.
                r.out
                    .files
                    .push(("status/status.json".to_string(), js.into_bytes()));
            }
            r
        })
        .collect();
    let mut out = StatusOutput::default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    for r in per_language {
        out.files.extend(r.out.files);
        diags.extend(r.diags);
    }
    out.files.sort_by(|a, b| a.0.cmp(&b.0));
    out.files.dedup_by(|a, b| a.0 == b.0);
    (out, diags)
}

const NOTE_KEY: &str = "status_not_translated";

/// The UI string `key` as the theme and tandem.toml give it for `lang`.
fn ui_string(base_ctx: &BaseCtx<'_>, lang: &Lang, url: &str, key: &str) -> Option<String> {
    let ctx = base_ctx(lang, url, "");
    let ui = serde_json::to_value(ctx.get("ui")?).ok()?;
    ui.get(key)?.as_str().map(str::to_string)
}
