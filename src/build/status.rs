//! The service-health side of a build: the status notices help pages show about the services
//! they name, and the status section (overview, services, incidents, customers, history) written
//! from the loaded health model. Shared by `tandem build` and the preview server.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::health;
use crate::output::Sink;
use crate::render::pages::{PageCtx, Renderer, StatusNotice};
use crate::site::Site;

/// The status notices of a help page in `lang` about `services` (the build's and the preview
/// server's): state label in the page's words, incident link and title, the title marked with its
/// language when no translation for `lang` exists.
pub(crate) fn status_notices(
    site: &Site,
    ui: &HashMap<crate::lang::Lang, std::sync::Arc<BTreeMap<String, String>>>,
    model: &health::HealthModel,
    services: &[String],
    lang: &crate::lang::Lang,
) -> Vec<StatusNotice> {
    let Some(ui) = ui.get(lang) else {
        return Vec::new();
    };
    health::service_notices(model, services, lang)
        .into_iter()
        .map(|n| StatusNotice {
            status_label: ui
                .get(&format!("status_state_{}", n.status.as_str()))
                .cloned()
                .unwrap_or_else(|| n.status.as_str().to_string()),
            status: n.status.as_str().to_string(),
            incident_url: n
                .incident_id
                .as_ref()
                .map(|id| health::incident_url(&site.config.base_url, lang, id)),
            incident_title: n.incident_title,
            incident_title_lang: n.incident_title_lang,
            service_name: n.service_name,
            service_id: n.service_id,
        })
        .collect()
}

/// Renders the status section and returns files written and diagnostics.
pub fn render_health(
    site: &Site,
    renderer: &Renderer,
    tera: &tera::Tera,
    model: &health::HealthModel,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let mut help: HashMap<String, Vec<health::HelpLink>> = HashMap::new();
    let mut check_health: HashMap<String, String> = HashMap::new();
    for p in &site.pages {
        for s in p.front.all_services() {
            help.entry(s).or_default().push(health::HelpLink {
                lang: p.lang.to_string(),
                title: p.title.clone(),
                url: p.url.clone(),
            });
        }
        if p.key
            .rsplit('/')
            .next()
            .is_some_and(|n| n.to_ascii_lowercase().ends_with("check-service-health"))
        {
            let e = check_health
                .entry(p.lang.to_string())
                .or_insert_with(|| p.url.clone());
            // Prefer the current procedure over archived copies.
            if e.contains("/Archive/") || e.contains("/archive/") {
                *e = p.url.clone();
            }
        }
    }
    let root = site.config.root_path();
    let base_ctx = |lang: &crate::lang::Lang, url: &str, title: &str| -> tera::Context {
        let rest = url.strip_prefix(&format!("{root}{lang}/")).unwrap_or("");
        let (translations, alternates) = renderer.every_language(
            Some(lang),
            rest,
            &format!("{root}{}/{rest}", site.config.source_lang),
        );
        let page = PageCtx {
            kind: "status".into(),
            title: title.to_string(),
            url: url.to_string(),
            permalink: renderer.permalink(url),
            translations,
            alternates,
            nav_html: String::new(),
            ..PageCtx::default()
        };
        renderer.context(lang, &page)
    };
    let info = health::StatusSiteInfo {
        languages: &site.languages,
        source_lang: &site.config.source_lang,
        base_url: &site.config.base_url,
        now: chrono::Utc::now(),
        include_customers: site.config.health.customers,
        help_pages_by_service: &help,
        check_health_url_by_lang: &check_health,
    };
    let (out, mut diags) = health::render_status(model, &info, tera, &base_ctx);
    let written: Vec<Result<(), Diagnostic>> = out
        .files
        .par_iter()
        .map(|(path, bytes)| {
            sink.put(path, bytes).map_err(|e| {
                Diagnostic::error("write", path, 0, 0, format!("cannot write output: {e}"))
            })
        })
        .collect();
    let mut files = 0;
    for w in written {
        match w {
            Ok(()) => files += 1,
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}
