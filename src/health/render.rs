//! The status site as files: HTML pages through the theme's templates, an Atom feed per language,
//! `status.json` shaped like Statuspage's `summary.json`, and an SVG badge per service.

use super::history;
use super::i18n::{format_datetime, tr};
use super::localize::{DATA_LANG, Shown, Texts, differs};
use super::model::*;
use super::pages::{self, CommonLinks, Urls};
use super::text::xml_escape;
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

/// A status notice for a help page whose service is not operational.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// Service id.
    pub service_id: String,
    /// Service name.
    pub service_name: String,
    /// Current state.
    pub status: ServiceStatus,
    /// The worst open incident on the service, if any.
    pub incident_id: Option<String>,
    /// Its title in the page's language when the data has a translation, else the original.
    pub incident_title: Option<String>,
    /// The title's language when it is not the page's.
    pub incident_title_lang: Option<String>,
}

/// Notices for the services a help page concerns (ids as in `ms.service` or `services:`, matched by
/// id or name in any case); operational and unknown services give none. Incidents are open as of
/// the time the status pages describe ([`HealthModel::reference_time`]).
pub fn service_notices(model: &HealthModel, service_ids: &[String], lang: &Lang) -> Vec<Notice> {
    let as_of = model.reference;
    let mut out = Vec::new();
    for want in service_ids {
        let key = norm_key(want);
        let Some(s) = model
            .services
            .iter()
            .find(|s| s.id == *want || norm_key(&s.id) == key || norm_key(&s.name) == key)
        else {
            continue;
        };
        if !s.status.is_unhealthy() || out.iter().any(|n: &Notice| n.service_id == s.id) {
            continue;
        }
        let inc = model
            .incidents
            .iter()
            .filter(|i| {
                i.affected.contains(&s.id) && as_of.map_or(i.end.is_none(), |t| i.is_active(t))
            })
            .max_by_key(|i| (i.severity, i.start));
        let title = inc.map(|i| Texts::of_incident(lang, i).title);
        out.push(Notice {
            service_id: s.id.clone(),
            service_name: s.name.clone(),
            status: s.status,
            incident_id: inc.map(|i| i.id.clone()),
            incident_title: title.as_ref().map(|t| t.text.clone()),
            incident_title_lang: title.and_then(|t| t.lang),
        });
    }
    out
}

/// URL of a service's status page in `lang`, for help pages.
pub fn service_url(base_url: &str, lang: &Lang, service_id: &str) -> String {
    Urls::new(base_url, lang).service(service_id)
}

/// URL of an incident page in `lang`, for help-page notices.
pub fn incident_url(base_url: &str, lang: &Lang, incident_id: &str) -> String {
    Urls::new(base_url, lang).incident(incident_id)
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

/// An Atom feed of the incidents (newest 50) in one language. Titles and bodies are chosen as on the
/// incident pages ([`Texts`]); the content is XHTML so that text shown in another language than the
/// feed's (an untranslated body, the timeline update) carries `xml:lang` on its own paragraph, while
/// the localized facts around it do not.
pub fn atom_feed(
    model: &HealthModel,
    urls: &Urls,
    base_url: &str,
    now: DateTime<Utc>,
    site_title: &str,
) -> String {
    let lang = &urls.lang;
    let abs = |u: &str| absolute(base_url, &urls.prefix, u);
    let items: Vec<&Incident> = model
        .incidents
        .iter()
        .filter(|i| i.start <= now)
        .take(50)
        .collect();
    let updated_of = |i: &Incident| {
        i.updates
            .iter()
            .map(|u| u.at)
            .chain(i.end)
            .chain([i.start])
            .max()
            .unwrap_or(i.start)
    };
    let feed_updated = items
        .iter()
        .map(|i| updated_of(i))
        .chain(model.stated_as_of(now))
        .max()
        .unwrap_or(now);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(lang.as_str())
    ));
    s.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&format!("{} — {}", tr(lang, "status_title"), site_title))
    ));
    s.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&abs(&format!("{}feed.xml", urls.overview())))
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        xml_escape(&abs(&format!("{}feed.xml", urls.overview())))
    ));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&abs(&urls.overview()))
    ));
    s.push_str(&format!(
        "  <updated>{}</updated>\n",
        feed_updated.to_rfc3339()
    ));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(site_title)
    ));
    for i in items {
        let v = pages::incident_summary(model, i, urls, now);
        // Title and body exactly as the incident page shows them; the timeline is not translated.
        let Texts { title, body } = Texts::of_incident(lang, i);
        let mut facts = format!(
            "{} · {} · {}: {}",
            v.kind,
            v.severity.label,
            tr(lang, "status_started"),
            v.start
        );
        if let Some(e) = &v.end {
            facts.push_str(&format!(" · {}: {e}", tr(lang, "status_ended")));
        }
        let mut content = format!("<p>{}</p>", xml_escape(&facts));
        push_paragraphs(&mut content, &body);
        if let Some(u) = i.updates.last() {
            content.push_str(&format!(
                "<p><strong>{}</strong> · {}</p>",
                xml_escape(&tr(lang, &format!("status_phase_{}", u.phase.as_str()))),
                xml_escape(&format_datetime(lang, u.at)),
            ));
            push_paragraphs(&mut content, &Shown::original(&u.text, lang));
        }
        s.push_str("  <entry>\n");
        s.push_str(&format!(
            "    <title{}>{}</title>\n",
            xml_lang(&title),
            xml_escape(&title.text)
        ));
        s.push_str(&format!("    <id>{}</id>\n", xml_escape(&abs(&v.url))));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&abs(&v.url))
        ));
        s.push_str(&format!(
            "    <published>{}</published>\n",
            i.start.to_rfc3339()
        ));
        s.push_str(&format!(
            "    <updated>{}</updated>\n",
            updated_of(i).to_rfc3339()
        ));
        s.push_str(&format!(
            "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{content}</div></content>\n"
        ));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// ` xml:lang="…"` for a text in another language than the feed's, else nothing.
fn xml_lang(t: &Shown) -> String {
    t.lang
        .as_ref()
        .map_or_else(String::new, |l| format!(" xml:lang=\"{}\"", xml_escape(l)))
}

/// Appends the paragraphs of `t` to an Atom XHTML content, each marked with the text's language
/// when it is not the feed's (the localized facts around them are not marked).
fn push_paragraphs(out: &mut String, t: &Shown) {
    for p in pages::paragraphs(&t.text) {
        out.push_str(&format!("<p{}>{}</p>", xml_lang(t), xml_escape(&p)));
    }
}

fn sp_component_status(s: ServiceStatus) -> &'static str {
    match s {
        ServiceStatus::Operational => "operational",
        ServiceStatus::Degraded => "degraded_performance",
        ServiceStatus::PartialOutage => "partial_outage",
        ServiceStatus::MajorOutage => "major_outage",
        ServiceStatus::Maintenance => "under_maintenance",
        // Statuspage has no "unknown"; say so rather than claim "operational".
        ServiceStatus::Unknown => "unknown",
    }
}

fn sp_impact(s: ServiceStatus) -> &'static str {
    match s {
        ServiceStatus::MajorOutage => "critical",
        ServiceStatus::PartialOutage => "major",
        ServiceStatus::Degraded => "minor",
        ServiceStatus::Maintenance => "maintenance",
        _ => "none",
    }
}

fn sp_phase(p: IncidentPhase) -> &'static str {
    match p {
        IncidentPhase::Unknown => "investigating",
        IncidentPhase::Postmortem => "postmortem",
        other => other.as_str(),
    }
}

/// `status.json`, shaped like Statuspage's `/api/v2/summary.json` so existing widgets can read it.
pub fn status_json(
    model: &HealthModel,
    urls: &Urls,
    base_url: &str,
    now: DateTime<Utc>,
    site_title: &str,
) -> String {
    let abs = |u: &str| absolute(base_url, &urls.prefix, u);
    let worst = history::overall(model);
    let description = match worst {
        ServiceStatus::Operational => "All Systems Operational",
        ServiceStatus::Degraded => "Minor Service Outage",
        ServiceStatus::PartialOutage => "Partial System Outage",
        ServiceStatus::MajorOutage => "Major Service Outage",
        ServiceStatus::Maintenance => "Service Under Maintenance",
        ServiceStatus::Unknown => "Status Unknown",
    };
    let page_id = "tandem";
    let as_of = now.to_rfc3339();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut components = Vec::new();
    for (pos, s) in model.services.iter().enumerate() {
        let group_id = s
            .group
            .as_ref()
            .map(|g| format!("group-{}", super::text::slugify(g)));
        if let (Some(g), Some(gid)) = (&s.group, &group_id) {
            match groups.iter_mut().find(|(n, _)| n == g) {
                Some((_, v)) => v.push(s.id.clone()),
                None => groups.push((g.clone(), vec![s.id.clone()])),
            }
            let _ = gid;
        }
        components.push(json!({
            "id": s.id, "name": s.name, "status": sp_component_status(s.status),
            "created_at": s.first_seen.map(|t| t.to_rfc3339()), "updated_at": s.status_at.map(|t| t.to_rfc3339()).unwrap_or_else(|| as_of.clone()),
            "position": pos + 1, "description": s.description, "showcase": true, "group_id": group_id,
            "page_id": page_id, "group": false, "only_show_if_degraded": false,
        }));
    }
    for (pos, (g, ids)) in groups.iter().enumerate() {
        let worst_in = model
            .services
            .iter()
            .filter(|s| ids.contains(&s.id))
            .map(|s| s.status)
            .max()
            .unwrap_or_default();
        components.push(json!({
            "id": format!("group-{}", super::text::slugify(g)), "name": g, "status": sp_component_status(worst_in),
            "created_at": null, "updated_at": as_of, "position": pos + 1, "description": null, "showcase": false,
            "group_id": null, "page_id": page_id, "group": true, "only_show_if_degraded": false, "components": ids,
        }));
    }
    let inc_json = |i: &Incident| {
        let comps: Vec<serde_json::Value> = i
            .affected
            .iter()
            .filter_map(|id| model.service(id))
            .map(|s| json!({"id": s.id, "name": s.name, "status": sp_component_status(s.status)}))
            .collect();
        let updates: Vec<serde_json::Value> = i
            .updates
            .iter()
            .enumerate()
            .rev()
            .map(|(n, u)| json!({
                "id": format!("{}-{}", i.id, n + 1), "status": sp_phase(u.phase), "body": u.text, "incident_id": i.id,
                "created_at": u.at.to_rfc3339(), "updated_at": u.at.to_rfc3339(), "display_at": u.at.to_rfc3339(),
            }))
            .collect();
        let updated = i
            .updates
            .iter()
            .map(|u| u.at)
            .chain(i.end)
            .chain([i.start])
            .max()
            .unwrap_or(i.start);
        json!({
            "id": i.id, "name": i.title, "status": sp_phase(i.phase), "created_at": i.start.to_rfc3339(),
            "updated_at": updated.to_rfc3339(), "monitoring_at": null, "resolved_at": i.end.map(|e| e.to_rfc3339()),
            "impact": sp_impact(i.severity), "shortlink": abs(&urls.incident(&i.id)), "started_at": i.start.to_rfc3339(),
            "page_id": page_id, "incident_updates": updates, "components": comps,
        })
    };
    let incidents: Vec<serde_json::Value> = model
        .incidents
        .iter()
        .filter(|i| i.is_active(now) && i.kind != IncidentKind::Maintenance)
        .map(inc_json)
        .collect();
    let maint: Vec<serde_json::Value> = pages::current_announcements(model, now)
        .filter(|a| a.kind == AnnouncementKind::Maintenance)
        .map(|a| {
            json!({
                "id": a.id, "name": a.title, "status": if a.start <= now { "in_progress" } else { "scheduled" },
                "created_at": a.start.to_rfc3339(), "updated_at": as_of, "monitoring_at": null, "resolved_at": null,
                "impact": "maintenance", "shortlink": abs(&urls.overview()), "started_at": a.start.to_rfc3339(),
                "page_id": page_id, "scheduled_for": a.start.to_rfc3339(), "scheduled_until": a.end.map(|e| e.to_rfc3339()),
                "incident_updates": [{"id": format!("{}-1", a.id), "status": "scheduled", "body": a.body, "incident_id": a.id,
                    "created_at": a.start.to_rfc3339(), "updated_at": a.start.to_rfc3339(), "display_at": a.start.to_rfc3339()}],
                "components": a.services.iter().filter_map(|id| model.service(id)).map(|s| json!({"id": s.id, "name": s.name, "status": sp_component_status(s.status)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "page": {"id": page_id, "name": site_title, "url": abs(&urls.overview()), "time_zone": "Etc/UTC", "updated_at": as_of},
        "status": {"indicator": match worst { ServiceStatus::Unknown | ServiceStatus::Operational => "none", s => sp_impact(s) }, "description": description},
        "components": components,
        "incidents": incidents,
        "scheduled_maintenances": maint,
    });
    // `<`, `>` and `&` only occur inside strings; escaping them keeps the file inert even if someone
    // inlines it in an HTML page.
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        + "\n"
}

/// A shields-style SVG badge "<service> | <state>", with a `<title>` for screen readers and the
/// state in words (colour is not the only cue).
pub fn badge(lang: &Lang, name: &str, status: ServiceStatus) -> String {
    let label = name;
    let value = format!(
        "{} {}",
        pages::icon(status),
        tr(lang, &format!("status_state_{}", status.as_str()))
    );
    // Rough text width: 6.5 px per character at 11 px Verdana-like fonts.
    let w = |s: &str| (s.chars().count() as f64 * 6.5 + 12.0).round();
    let (lw, vw) = (w(label), w(&value));
    let color = match status {
        ServiceStatus::Operational => "#2e7d32",
        ServiceStatus::Degraded => "#8a6d00",
        ServiceStatus::PartialOutage => "#b45309",
        ServiceStatus::MajorOutage => "#b91c1c",
        ServiceStatus::Maintenance => "#1d4ed8",
        ServiceStatus::Unknown => "#555555",
    };
    let text = xml_escape(&format!("{label}: {value}"));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{t}\" height=\"20\" role=\"img\" aria-label=\"{text}\">\
<title>{text}</title><rect width=\"{lw}\" height=\"20\" fill=\"#444\"/><rect x=\"{lw}\" width=\"{vw}\" height=\"20\" fill=\"{color}\"/>\
<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">\
<text x=\"{lx}\" y=\"14\">{l}</text><text x=\"{vx}\" y=\"14\">{v}</text></g></svg>\n",
        t = lw + vw,
        lx = lw / 2.0,
        vx = lw + vw / 2.0,
        l = xml_escape(label),
        v = xml_escape(&value),
    )
}
