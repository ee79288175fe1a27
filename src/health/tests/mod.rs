//! Tests over the real payloads in `../shared/health-samples/`, the bundled `content/health/`, bad
//! data in our format, and the rendered status pages. The shared helpers are here; the tests are in
//! the topic modules below.

use super::load::{load_dir_at, load_text};
use super::*;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod importers;
mod own_format;
mod reference_time;
mod status_pages;
mod translations;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const NOW: &str = "2026-11-24T14:00:00Z";

fn shared() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for cand in [root.join("../shared"), root.join("../../shared")] {
        if cand.join("health-samples").is_dir() {
            return cand;
        }
    }
    panic!(
        "health samples not found: expected ../shared/health-samples or ../../shared/health-samples next to {}",
        root.display()
    );
}

fn samples() -> PathBuf {
    shared().join("health-samples")
}

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/health")
}

fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
    d.iter().filter(|d| d.is_error()).collect()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bundled_model() -> (HealthModel, Vec<Diagnostic>) {
    load_dir_at(&bundled(), Path::new(env!("CARGO_MANIFEST_DIR")), t(NOW))
}

const BASE: &str = r#"<!DOCTYPE html><html lang="{{ lang }}"><head><title>{% block title %}{{ site.title }}{% endblock %}</title>
<meta name="robots" content="{{ page.robots }}"><meta name="kind" content="{{ page.kind }}"><meta name="description" content="{{ page.description }}"></head>
<body><header>{{ site.title }}</header><main>{% block content %}{% endblock %}</main></body></html>"#;

fn tera() -> tera::Tera {
    let mut t = tera::Tera::new();
    t.add_raw_template("base.html", BASE).unwrap();
    for name in ["overview", "service", "incident", "history", "customer"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("themes/default/templates/status/{name}.html"));
        t.add_raw_template(
            &format!("status/{name}.html"),
            &std::fs::read_to_string(path).unwrap(),
        )
        .unwrap();
    }
    t
}

fn base_ctx(lang: &Lang, url: &str, title: &str) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("lang", lang.as_str());
    c.insert("site", &serde_json::json!({"title": "Tandem Docs", "base_url": "https://docs.example.com/", "languages": []}));
    c.insert("ui", &i18n::ui_strings(lang));
    c.insert("page", &serde_json::json!({"title": title, "description": "", "url": url, "translations": [], "robots": "index, follow"}));
    c
}

fn render(model: &HealthModel, customers: bool) -> HashMap<String, String> {
    render_at(model, customers, t(NOW))
}

/// [`render`] with `now` as the build clock.
fn render_at(model: &HealthModel, customers: bool, now: DateTime<Utc>) -> HashMap<String, String> {
    let langs = [
        Lang::parse("en-us").unwrap(),
        Lang::parse("fr-fr").unwrap(),
        Lang::parse("de-de").unwrap(),
    ];
    let help = HashMap::from([(
        "microsoft-365".to_string(),
        vec![
            HelpLink {
                lang: "fr-fr".into(),
                title: "Vérifier l'état des services".into(),
                url: "/fr-fr/partner-center/check-service-health/".into(),
            },
            HelpLink {
                lang: "en-us".into(),
                title: "Check service health".into(),
                url: "/en-us/partner-center/check-service-health/".into(),
            },
        ],
    )]);
    let check = HashMap::from([(
        "fr-fr".to_string(),
        "/fr-fr/partner-center/check-service-health/".to_string(),
    )]);
    let source = Lang::parse("en-us").unwrap();
    let info = StatusSiteInfo {
        languages: &langs,
        source_lang: &source,
        base_url: "https://docs.example.com/",
        now,
        include_customers: customers,
        help_pages_by_service: &help,
        check_health_url_by_lang: &check,
    };
    let (out, diags) = render_status(model, &info, &tera(), &base_ctx);
    assert!(diags.is_empty(), "{diags:#?}");
    out.files
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}
