//! Tests over the real payloads in `../shared/health-samples/`, the bundled `content/health/`, bad
//! data in our format, and the rendered status pages.

use super::load::{load_dir_at, load_text};
use super::*;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

fn load_one(path: &Path) -> (super::load::Partial, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let ext = path
        .extension()
        .unwrap()
        .to_string_lossy()
        .to_ascii_lowercase();
    let display = path
        .strip_prefix(samples())
        .unwrap()
        .to_string_lossy()
        .to_string();
    load_text(
        &display,
        &ext,
        &text,
        Some(t("2026-11-01T00:00:00Z")),
        t(NOW),
    )
}

fn sample_files() -> Vec<PathBuf> {
    walkdir::WalkDir::new(samples())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            !p.components().any(|c| c.as_os_str() == "LICENSES") && !p.ends_with("README.md")
        })
        .collect()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn count_kind(p: &super::load::Partial, k: IncidentKind) -> usize {
    p.incidents.iter().filter(|(i, _)| i.kind == k).count()
}

#[test]
fn every_sample_file_imports_with_the_expected_counts() {
    let files = sample_files();
    assert!(files.len() >= 35, "only {} sample files", files.len());
    for path in files {
        let rel = path
            .strip_prefix(samples())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (p, diags) = load_one(&path);
        if rel.starts_with("other/") {
            let errs = errors(&diags);
            assert_eq!(errs.len(), 1, "{rel}: {diags:#?}");
            assert_eq!(errs[0].code, "health-unsupported-format");
            assert!(errs[0].message.contains(&rel), "{}", errs[0].message);
            assert!(errs[0].help.as_deref().unwrap_or("").contains("Statuspage"));
            continue;
        }
        assert!(errors(&diags).is_empty(), "{rel}: {diags:#?}");
        if rel.starts_with("statuspage/") {
            let v = json(&path);
            let comps = v
                .get("components")
                .and_then(Value::as_array)
                .map_or(0, |c| c.iter().filter(|c| c["group"] != true).count());
            let expect_services = if comps == 0 && v.get("status").is_some() {
                1
            } else {
                comps
            };
            assert_eq!(p.services.len(), expect_services, "{rel}");
            let n_inc = v
                .get("incidents")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let n_maint = v
                .get("scheduled_maintenances")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            assert_eq!(count_kind(&p, IncidentKind::Incident), n_inc, "{rel}");
            assert_eq!(count_kind(&p, IncidentKind::Maintenance), n_maint, "{rel}");
            assert!(p.taken_at.is_some(), "{rel}");
            for (i, _) in &p.incidents {
                let src = v["incidents"]
                    .as_array()
                    .into_iter()
                    .chain(v["scheduled_maintenances"].as_array())
                    .flatten()
                    .find(|x| x["id"] == i.id.as_str())
                    .unwrap();
                assert_eq!(
                    i.updates.len(),
                    src["incident_updates"].as_array().unwrap().len(),
                    "{rel} {}",
                    i.id
                );
            }
        } else if rel.starts_with("msgraph/") {
            let v = json(&path);
            let items: Vec<&Value> = match &v {
                Value::Array(a) => a.iter().collect(),
                o => o
                    .get("value")
                    .and_then(Value::as_array)
                    .map_or(vec![o], |a| a.iter().collect()),
            };
            let health = items
                .iter()
                .filter(|i| i.get("status").is_some() && i.get("title").is_none())
                .count();
            let nested: usize = items
                .iter()
                .filter_map(|i| i.get("issues").and_then(Value::as_array))
                .map(Vec::len)
                .sum();
            let issues = items.iter().filter(|i| i.get("posts").is_some()).count() + nested;
            let messages = items.iter().filter(|i| i.get("category").is_some()).count();
            assert_eq!(p.services.len(), health, "{rel}");
            assert_eq!(p.incidents.len(), issues, "{rel}");
            assert_eq!(p.announcements.len(), messages, "{rel}");
            assert!(health + issues + messages > 0, "{rel}");
        } else if rel.starts_with("upptime/history/") && rel.ends_with(".yml") {
            assert_eq!(p.services.len(), 1, "{rel}");
            assert_eq!(p.services[0].0.status, ServiceStatus::Operational);
            assert_eq!(p.metrics.len(), 1, "{rel}");
            assert!(p.taken_at.is_some());
        } else if rel == "upptime/history/summary.json" {
            let v = json(&path);
            let arr = v.as_array().unwrap();
            assert_eq!(p.services.len(), arr.len());
            let days: usize = arr
                .iter()
                .map(|s| s["dailyMinutesDown"].as_object().unwrap().len())
                .sum();
            assert_eq!(p.downtime.len(), days);
        } else if rel.starts_with("upptime/api/") {
            assert!(
                diags.is_empty() && p.services.is_empty(),
                "{rel}: badges are recognized and skipped"
            );
        } else if rel == "upptime/upptimerc.yml" {
            let n = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| l.starts_with("  - name:"))
                .count();
            assert_eq!(p.services.len(), n);
            assert!(
                p.services.iter().any(|(s, _)| s.id == "git-hub"),
                "Upptime slugs split camel case"
            );
        } else if rel == "cstate/config.yml" {
            assert_eq!(p.services.len(), 5);
        } else if rel.starts_with("cstate/issues/") {
            assert_eq!(p.incidents.len(), 1, "{rel}");
        } else {
            panic!("no expectation for {rel}");
        }
    }
}

#[test]
fn statuspage_details_survive_import() {
    let (p, _) = load_one(&samples().join("statuspage/twilio-summary.json"));
    let sms = p
        .incidents
        .iter()
        .find(|(i, _)| i.id == "4dtnnnnxnhn9")
        .unwrap();
    assert_eq!(sms.0.severity, ServiceStatus::Degraded);
    assert_eq!(sms.0.affected, vec!["sms-middle-east-africa".to_string()]);
    assert!(sms.0.end.is_none());
    let grouped = p
        .services
        .iter()
        .find(|(s, _)| s.id == "sms-middle-east-africa")
        .unwrap();
    assert_eq!(grouped.0.group.as_deref(), Some("CARRIER NETWORK"));
    let (d, _) = load_one(&samples().join("statuspage/discord-scheduled-maintenances.json"));
    let m = &d.incidents[0].0;
    assert_eq!(m.kind, IncidentKind::Maintenance);
    assert!(m.updates.iter().all(|u| !u.text.contains('\r')));
    assert!(m.title.contains('✧'));
    let (g, _) = load_one(&samples().join("statuspage/github-summary-incident.json"));
    assert_eq!(
        g.services
            .iter()
            .find(|(s, _)| s.name == "Management Portal")
            .unwrap()
            .0
            .status,
        ServiceStatus::MajorOutage
    );
    assert_eq!(
        g.incidents
            .iter()
            .find(|(i, _)| i.id == "cp306tmzcl0y")
            .unwrap()
            .0
            .severity,
        ServiceStatus::MajorOutage
    );
}

#[test]
fn graph_enums_in_any_case_and_html_bodies_become_text() {
    let (p, d) = load_one(&samples().join("msgraph/v1.0-servicehealth-get.json"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(
        p.services[0].0.status,
        ServiceStatus::Degraded,
        "RestoringService"
    );
    assert_eq!(p.services[0].0.id, "osdpplatform");
    let (p, _) = load_one(&samples().join("msgraph/cli-m365-healthoverviews-value.json"));
    assert!(
        p.services
            .iter()
            .all(|(s, _)| s.status == ServiceStatus::Operational)
    );
    let (p, _) = load_one(&samples().join("msgraph/cli-m365-issues-list.json"));
    let fm = p
        .incidents
        .iter()
        .find(|(i, _)| i.id == "FM298724")
        .unwrap();
    assert_eq!(fm.0.phase, IncidentPhase::Postmortem);
    let (p, _) = load_one(&samples().join("msgraph/cli-m365-messages-list.json"));
    for (a, _) in &p.announcements {
        assert!(
            !a.body.contains("<p>") && !a.body.contains("<a "),
            "{}",
            a.body
        );
    }
    let sk = p
        .announcements
        .iter()
        .find(|(a, _)| a.id == "MC237349")
        .unwrap();
    assert!(
        sk.0.body
            .contains("comprehensive transition resources (https://aka.ms/SkypeToTeams)"),
        "{}",
        sk.0.body
    );
    assert!(sk.0.action_by.is_some());
    for raw in [
        "ServiceOperational",
        "serviceOperational",
        "SERVICEOPERATIONAL",
        "service_operational",
    ] {
        let json = format!(r#"{{"id":"X","service":"Exchange Online","status":"{raw}"}}"#);
        let (p, d) = load_text("x.json", "json", &json, None, t(NOW));
        assert!(d.is_empty(), "{raw}: {d:?}");
        assert_eq!(p.services[0].0.status, ServiceStatus::Operational, "{raw}");
    }
    for (raw, want) in [
        ("extendedRecovery", ServiceStatus::Degraded),
        ("serviceInterruption", ServiceStatus::MajorOutage),
        ("falsePositive", ServiceStatus::Operational),
    ] {
        let json = format!(r#"{{"value":[{{"id":"X","service":"S","status":"{raw}"}}]}}"#);
        let (p, _) = load_text("x.json", "json", &json, None, t(NOW));
        assert_eq!(p.services[0].0.status, want, "{raw}");
    }
    let (p, d) = load_text(
        "x.json",
        "json",
        r#"[{"id":"X","service":"S","status":"somethingNew"}]"#,
        None,
        t(NOW),
    );
    assert_eq!(p.services[0].0.status, ServiceStatus::Unknown);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].code, d[0].severity, d[0].line),
        ("health-unknown-value", Severity::Warning, 1)
    );
}

#[test]
fn cstate_issue_keeps_timeline_and_body() {
    let (p, _) = load_one(
        &samples().join("cstate/issues/2018-04-13-unavailable-guilds-connection-issues.md"),
    );
    let i = &p.incidents[0].0;
    assert_eq!(i.severity, ServiceStatus::MajorOutage);
    assert_eq!(
        i.affected,
        vec!["API".to_string(), "Media Proxy".to_string()]
    );
    assert_eq!(i.updates.len(), 3);
    assert_eq!(i.updates[0].phase, IncidentPhase::Investigating);
    assert!(i.impact.contains("Redis instance") && !i.impact.contains("{{<"));
    assert_eq!(i.end, Some(t("2018-04-13T17:30:00Z")));
}

#[test]
fn loading_the_samples_folder_skips_licenses_and_readme() {
    let (model, diags) = load_dir_at(&samples(), &shared(), t(NOW));
    for d in &diags {
        let f = d.file.to_string_lossy();
        assert!(!f.contains("LICENSE") && !f.contains("README"), "{d}");
    }
    let errs = errors(&diags);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().all(
        |d| d.code == "health-unsupported-format" && d.file.starts_with("health-samples/other")
    ));
    // Upptime history names resolve to the sites named in the summary.
    assert_eq!(
        model.service("git-hub").map(|s| s.name.as_str()),
        Some("GitHub")
    );
    assert!(model.downtime.iter().any(|d| d.service == "manual"));
    // cState `affected: [API]` resolves to the system declared in config.yml.
    let api = model
        .incidents
        .iter()
        .find(|i| i.id == "2018-01-17-sending-dms-impacted")
        .unwrap();
    assert_eq!(api.affected, vec!["api".to_string()]);
}

#[test]
fn a_format_named_in_the_config_keeps_only_files_of_that_format() {
    let dir = samples().join("statuspage");
    let (model, diags) = super::load_dir_as(&dir, &shared(), t(NOW), Some("statuspage"));
    assert!(errors(&diags).is_empty(), "{diags:#?}");
    assert!(!model.services.is_empty());
    // The whole samples folder under `format = "statuspage"`: every Graph, Upptime and cState file
    // is refused by name, the unsupported ones keep one error each, and Statuspage data is kept.
    let (model, diags) = super::load_dir_as(&samples(), &shared(), t(NOW), Some("statuspage"));
    let mismatch: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "health-format-mismatch")
        .collect();
    assert!(
        mismatch
            .iter()
            .any(|d| d.file.starts_with("health-samples/msgraph")),
        "{mismatch:#?}"
    );
    assert!(
        mismatch
            .iter()
            .all(|d| !d.file.starts_with("health-samples/statuspage"))
    );
    assert!(mismatch.iter().all(|d| d.message.contains("`statuspage`")));
    assert!(diags.iter().all(|d| d.code != "health-unsupported-format"));
    assert!(
        model.service("git-hub").is_none(),
        "Upptime data is not loaded"
    );
    assert!(!model.services.is_empty());
}

fn write_tmp(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-health-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (p, text) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const GOOD: &str = "taken_at: 2026-11-20T10:00:00Z
services:
  - id: api
    name: API
    status: operational
  - id: web
    name: Web
    status: sideways
incidents:
  - id: i1
    title: Slow
    severity: degraded
    services: [api]
    start: 2026-11-19T10:00:00Z
    end: 2026-11-19T09:00:00Z
  - id: i1
    title: Again
    severity: degraded
    services: [api]
    start: 2026-11-19 10:00
  - id: i3
    title: Future
    severity: degraded
    services: [web, ghost]
    start: 2027-01-01T00:00:00Z
customers:
  - id: c1
    name: C
    services: [api]
";

#[test]
fn bad_data_is_reported_with_lines_and_valid_data_is_kept() {
    let dir = write_tmp(
        "bad",
        &[
            ("snap.yml", GOOD),
            ("notes.txt", "hello"),
            ("README.md", "# not data"),
            ("LICENSES/x.json", "{"),
        ],
    );
    let (model, diags) = load_dir_at(&dir, &dir, t(NOW));
    let find = |code: &str| {
        diags
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
    };
    assert_eq!(find("health-unknown-value").line, 8);
    assert_eq!(find("health-unknown-value").severity, Severity::Warning);
    let unknown = find("health-unknown-service");
    assert!(
        unknown.message.contains("ghost") && unknown.line == 21,
        "{unknown:?}"
    );
    assert_eq!(find("health-end-before-start").line, 15);
    assert_eq!(find("health-duplicate-id").line, 16);
    assert_eq!(find("health-time-no-zone").line, 20);
    assert_eq!(find("health-future-time").line, 25);
    assert_eq!(find("health-ignored-file").file, PathBuf::from("notes.txt"));
    assert!(
        diags
            .iter()
            .all(|d| !d.file.to_string_lossy().contains("README")
                && !d.file.to_string_lossy().contains("LICENSES"))
    );
    assert_eq!(model.service("web").unwrap().status, ServiceStatus::Unknown);
    assert_eq!(model.customers.len(), 1);
    assert_eq!(
        model.incidents.len(),
        2,
        "duplicate id: the later entry wins"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_field_and_wrong_type_name_the_field_and_line() {
    let text = "taken_at: 2026-11-20T10:00:00Z\nservices:\n  - id: api\n    name: API\n    status: operational\n  - id: web\n    status: degraded\ncustomers:\n  - id: c1\n    name: C\n    services: [api]\n";
    let (p, d) = load_text("s.yml", "yml", text, None, t(NOW));
    let e = d.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(e.code, "health-invalid-field");
    assert!(e.message.contains("name"), "{}", e.message);
    assert_eq!(e.line, 6, "{e:?}");
    assert_eq!(p.services.len(), 1, "the valid service is kept");
    assert_eq!(p.customers.len(), 1);
    let text = "taken_at: 2026-11-20T10:00:00Z\nservices:\n  - id: api\n    name: [1, 2]\n    status: operational\n";
    let (_, d) = load_text("s.yml", "yml", text, None, t(NOW));
    let e = d.iter().find(|d| d.is_error()).unwrap();
    assert!(e.message.contains("invalid type") && e.line == 4, "{e:?}");
    let (_, d) = load_text(
        "s.json",
        "json",
        "{\"taken_at\": \"2026-11-20T10:00:00Z\",\n \"services\": 3}",
        None,
        t(NOW),
    );
    assert_eq!(d.iter().find(|d| d.is_error()).unwrap().line, 2);
    let (_, d) = load_text("s.json", "json", "{\"taken_at\": \n", None, t(NOW));
    assert_eq!(d[0].code, "health-invalid-json");
    let (_, d) = load_text(
        "s.yml",
        "yml",
        "services:\n  - id: a\n   name: b\n",
        None,
        t(NOW),
    );
    assert_eq!((d[0].code, d[0].line), ("health-invalid-yaml", 3));
    let (_, d) = load_text("s.md", "md", "# Just notes\n", None, t(NOW));
    assert_eq!(d[0].code, "health-unsupported-format");
}

fn bundled_model() -> (HealthModel, Vec<Diagnostic>) {
    load_dir_at(&bundled(), Path::new(env!("CARGO_MANIFEST_DIR")), t(NOW))
}

#[test]
fn bundled_data_covers_every_state_and_90_days() {
    let (model, diags) = bundled_model();
    assert!(diags.is_empty(), "{diags:#?}");
    for s in ServiceStatus::ALL {
        assert!(
            model.services.iter().any(|x| x.status == s),
            "no service is {s:?}"
        );
    }
    for id in [
        "partner-center",
        "azure",
        "microsoft-365",
        "billing",
        "support",
    ] {
        assert!(model.service(id).is_some(), "{id}");
    }
    assert!(model.customers.len() >= 3);
    assert!(
        model.incidents.iter().any(|i| i.end.is_none())
            && model.incidents.iter().any(|i| i.end.is_some())
    );
    let now = t(NOW);
    assert!(
        model
            .announcements
            .iter()
            .any(|a| a.end.is_some_and(|e| e < now))
    );
    assert!(model.announcements.iter().any(|a| a.start > now));
    assert!(!model.metrics.is_empty());
    let first = model.snapshots.iter().map(|s| s.taken_at).min().unwrap();
    assert!(now - first >= Duration::days(90));
    assert_eq!(model.as_of(), Some(t("2026-11-24T12:00:00Z")));
    let h = history::service_history(&model, "azure", now);
    assert!(h.days.iter().all(|d| d.status != ServiceStatus::Unknown));
    let outage = h
        .days
        .iter()
        .find(|d| d.date.to_string() == "2026-09-15")
        .unwrap();
    assert_eq!(outage.status, ServiceStatus::MajorOutage);
    assert!(h.uptime_90.unwrap() < 100.0);
    assert!(history::stale_warning(&model, now, Duration::hours(24)).is_none());
    assert!(history::stale_warning(&model, now + Duration::days(3), Duration::hours(24)).is_some());
    let size: u64 = walkdir::WalkDir::new(bundled())
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(size < 300_000, "{size}");
}

#[test]
fn schema_describes_our_format() {
    let s = json_schema();
    let v: Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["required"], serde_json::json!(["taken_at"]));
    assert!(s.contains("partial_outage"));
}

#[test]
fn notices_for_help_pages() {
    let (model, _) = bundled_model();
    let services = [
        "microsoft-365".into(),
        "azure".into(),
        "Billing & invoices".into(),
        "nope".into(),
    ];
    let fr = Lang::parse("fr-fr").unwrap();
    let n = service_notices(&model, &services, &fr);
    assert_eq!(n.len(), 2, "{n:#?}");
    assert_eq!(n[0].service_id, "microsoft-365");
    assert_eq!(n[0].status, ServiceStatus::Degraded);
    assert_eq!(
        n[0].incident_id.as_deref(),
        Some("inc-2026-11-m365-sharepoint")
    );
    assert_eq!(n[1].service_id, "billing");
    // The incident's title in the page's language when the data has it; else the original,
    // marked with its language.
    assert_eq!(
        n[0].incident_title.as_deref(),
        Some("Résultats de recherche SharePoint incomplets")
    );
    assert_eq!(n[0].incident_title_lang, None);
    let ja = service_notices(&model, &services, &Lang::parse("ja-jp").unwrap());
    assert_eq!(
        ja[0].incident_title.as_deref(),
        Some("SharePoint search results incomplete")
    );
    assert_eq!(ja[0].incident_title_lang.as_deref(), Some("en"));
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

#[test]
fn renders_every_status_page_in_every_language() {
    let (model, _) = bundled_model();
    let files = render(&model, true);
    for lang in ["en-us", "fr-fr", "de-de"] {
        for p in [
            "status/index.html",
            "status/history/index.html",
            "status/history/2/index.html",
            "status/feed.xml",
            "status/status.json",
            "status/services/azure/index.html",
            "status/services/azure/badge.svg",
            "status/incidents/inc-2026-09-azure-outage/index.html",
            "status/customers/contoso/index.html",
        ] {
            assert!(
                files.contains_key(&format!("{lang}/{p}")),
                "{lang}/{p} missing"
            );
        }
    }
    // The neutral copy is the source language's, whatever order the languages come in.
    assert_eq!(
        files["status/status.json"],
        files["en-us/status/status.json"]
    );
    let fr = &files["fr-fr/status/index.html"];
    assert!(
        fr.contains("<title>État des services · Tandem Docs</title>"),
        "{}",
        &fr[..300]
    );
    assert!(fr.contains(
        "État au <time datetime=\"2026-11-24T12:00:00+00:00\">24 nov. 2026, 12:00 UTC</time>"
    ));
    assert!(fr.contains("Panne majeure") && fr.contains("Dynamics 365 indisponible"));
    assert!(fr.contains("Migration des données du support"));
    assert!(fr.contains("href=\"/fr-fr/partner-center/check-service-health/\""));
    assert!(
        fr.contains("<title>15 sept. 2026: Panne majeure</title>"),
        "per-day text alternative"
    );
    assert!(fr.contains("class=\"visually-hidden\">90 derniers jours — "));
    let en = &files["en-us/status/index.html"];
    assert!(en.contains(
        "As of <time datetime=\"2026-11-24T12:00:00+00:00\">Nov 24, 2026, 12:00 PM UTC</time>"
    ));
    assert!(en.contains("Billing &amp; invoices"), "names are escaped");
    assert!(!en.contains("<script"));
    // Payload text is escaped wherever it appears.
    let inc = &files["en-us/status/incidents/inc-2026-09-billing-midnight/index.html"];
    assert!(
        inc.contains("Invoices &amp; credit notes &lt;PDF&gt; download failing"),
        "{inc}"
    );
    assert!(!inc.contains("<PDF>"));
    let de = &files["de-de/status/incidents/inc-2026-09-azure-outage/index.html"];
    assert!(de.contains("<h1>Azure-Abonnements in Westeuropa nicht verfügbar</h1>"));
    assert!(
        de.contains("15. Sept. 2026, 06:00 UTC") && de.contains("Nachbetrachtung"),
        "{de}"
    );
    assert!(
        files["fr-fr/status/incidents/inc-2026-10-m365-mail/index.html"]
            .contains("Ce texte n&#39;est pas traduit")
            || files["fr-fr/status/incidents/inc-2026-10-m365-mail/index.html"]
                .contains("Ce texte n'est pas traduit")
    );
    let svc = &files["fr-fr/status/services/microsoft-365/index.html"];
    assert!(
        svc.contains("Vérifier l&#39;état des services")
            || svc.contains("Vérifier l'état des services"),
        "help link listed"
    );
    assert!(
        !svc.contains("Check service health\""),
        "only the page language's help"
    );
    assert!(svc.contains("<title id=\"chart-0-t\">Disponibilité — Microsoft 365</title>"));
    assert!(
        svc.contains("<desc id=\"chart-0-d\">") && svc.contains("<table class=\"status-table\">")
    );
    assert!(
        svc.contains(" %</td>"),
        "French numbers: {}",
        &svc[svc.find("<tbody>").unwrap()..][..200]
    );
    assert!(
        files["en-us/status/services/azure/index.html"]
            .contains("Uptime, 90 days</dt><dd>99.72%</dd>")
            || files["en-us/status/services/azure/index.html"]
                .contains("Uptime, 90 days</dt><dd>99.")
    );
    assert!(
        en.contains("<meta name=\"kind\" content=\"status\">"),
        "base.html links status.css on status pages"
    );
    let cust = &files["en-us/status/customers/contoso/index.html"];
    assert!(cust.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(!files["en-us/status/index.html"].contains("noindex"));
    let hist = &files["en-us/status/history/index.html"];
    assert!(
        hist.contains("November 2026")
            && hist.contains("rel=\"next\" href=\"/en-us/status/history/2/\"")
    );
    assert!(files["en-us/status/history/2/index.html"].contains("October 2025"));
    let js: Value = serde_json::from_str(&files["en-us/status/status.json"]).unwrap();
    assert_eq!(js["status"]["indicator"], "critical");
    assert_eq!(js["page"]["url"], "https://docs.example.com/en-us/status/");
    assert_eq!(js["incidents"].as_array().unwrap().len(), 3);
    assert!(
        js["components"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "billing" && c["status"] == "partial_outage")
    );
    assert!(
        js["scheduled_maintenances"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "ann-2026-12-pc-maintenance" && m["status"] == "scheduled")
    );
    let feed = &files["fr-fr/status/feed.xml"];
    assert!(feed.starts_with("<?xml") && feed.contains("<title>Dynamics 365 indisponible</title>"));
    assert!(feed.contains(
        "<id>https://docs.example.com/fr-fr/status/incidents/inc-2026-11-dynamics-outage/</id>"
    ));
    assert!(feed.contains("&lt;PDF&gt;") || !feed.contains("<PDF>"));
    let badge = &files["de-de/status/services/dynamics-365/badge.svg"];
    assert!(
        badge.contains("<title>Dynamics 365: ✕ Schwerer Ausfall</title>"),
        "{badge}"
    );
}

#[test]
fn customer_pages_can_be_turned_off() {
    let (model, _) = bundled_model();
    let files = render(&model, false);
    assert!(files.keys().all(|k| !k.contains("/customers/")));
}

#[test]
fn hostile_payload_text_is_escaped_everywhere() {
    let text = r#"{"page":{"id":"p","name":"<b>Evil</b>","updated_at":"2026-11-24T10:00:00Z"},
"components":[{"id":"c1","name":"<img src=x onerror=alert(1)>","status":"major_outage"}],
"incidents":[{"id":"i1","name":"<script>alert(1)</script>","status":"investigating","impact":"critical","created_at":"2026-11-24T09:00:00Z",
"shortlink":"javascript:alert(1)","incident_updates":[{"status":"investigating","body":"</p><script>x()</script>","display_at":"2026-11-24T09:05:00Z"}],"components":[{"id":"c1","name":"x"}]}]}"#;
    let (p, d) = load_text("evil.json", "json", text, None, t(NOW));
    assert!(errors(&d).is_empty());
    let (model, _) = super::load::merge(vec![("evil.json".into(), p)], t(NOW));
    let files = render(&model, true);
    for (path, body) in &files {
        assert!(
            !body.contains("<script>") && !body.contains("<img src=x"),
            "{path} carries raw payload markup"
        );
        assert!(!body.contains("href=\"javascript:"), "{path}");
    }
    assert!(
        files["en-us/status/incidents/i1/index.html"]
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

fn doc(files: &HashMap<String, String>, path: &str) -> scraper::Html {
    scraper::Html::parse_document(&files[path])
}

/// `(lang attribute, text)` of the elements matching `css`.
fn lang_and_text(d: &scraper::Html, css: &str) -> Vec<(Option<String>, String)> {
    let sel = scraper::Selector::parse(css).unwrap();
    d.select(&sel)
        .map(|e| {
            (
                e.value().attr("lang").map(str::to_string),
                e.text().collect::<String>().trim().to_string(),
            )
        })
        .collect()
}

fn en(text: &str) -> (Option<String>, String) {
    (Some("en".into()), text.into())
}

fn same(text: &str) -> (Option<String>, String) {
    (None, text.into())
}

#[test]
fn french_pages_mark_the_untranslated_text_and_not_the_french_ui() {
    let (model, _) = bundled_model();
    let files = render(&model, true);
    let inc = doc(
        &files,
        "fr-fr/status/incidents/inc-2026-11-billing-payouts/index.html",
    );
    assert_eq!(
        lang_and_text(&inc, "h1"),
        [en("Payout statements not available")]
    );
    let timeline = lang_and_text(&inc, "ol.status-timeline");
    assert_eq!(timeline.len(), 1);
    assert_eq!(
        timeline[0].0, None,
        "the list holds French phases and dates"
    );
    assert!(
        lang_and_text(&inc, ".status-update-head")
            .iter()
            .all(|(l, text)| l.is_none() && text.contains("nov. 2026"))
    );
    assert_eq!(
        lang_and_text(&inc, ".status-update > p:not(.status-update-head)"),
        [
            en("A fix is deployed to part of the regions; we are monitoring."),
            en("Payout statements return an error.")
        ]
    );
    assert_eq!(
        lang_and_text(&inc, "section[aria-labelledby=status-impact] > p"),
        [en(
            "Payout statements for November cannot be downloaded. Invoices are not affected."
        )]
    );
    assert_eq!(
        lang_and_text(&inc, ".status-note")[0].0,
        None,
        "the note is French"
    );
    let translated = doc(
        &files,
        "fr-fr/status/incidents/inc-2026-11-dynamics-outage/index.html",
    );
    assert_eq!(
        lang_and_text(&translated, "h1"),
        [same("Dynamics 365 indisponible")]
    );
    assert_eq!(
        lang_and_text(&translated, "section[aria-labelledby=status-impact] > p"),
        [same(
            "Les applications Dynamics 365 ne se chargent pas pour la plupart des clients."
        )]
    );

    let ov = doc(&files, "fr-fr/status/index.html");
    let active = lang_and_text(&ov, "#status-active + ul > li > a");
    assert!(active.contains(&en("Payout statements not available")));
    assert!(active.contains(&same("Dynamics 365 indisponible")));
    let excerpts = lang_and_text(&ov, "#status-active + ul > li > p");
    assert!(excerpts.contains(&en(
        "Payout statements for November cannot be downloaded. Invoices are not affected."
    )));
    let ann = lang_and_text(&ov, ".status-announcement h3");
    assert!(
        ann.contains(&en("Billing API v1 retires"))
            && ann.contains(&same("Migration des données du support"))
    );
    assert!(lang_and_text(&ov, ".status-action > span").contains(&en(
        "Move integrations that call the v1 reconciliation API to v2."
    )));
    assert!(
        lang_and_text(&ov, ".status-announcement > p:not(.status-meta):not(.status-action)")
            .contains(&en(
                "The v1 reconciliation API stops answering on January 31, 2027. Move your integrations to v2."
            ))
    );
    assert!(
        lang_and_text(&ov, ".status-bad-days a").contains(&en("Payout statements not available"))
    );
    for page in [
        "fr-fr/status/services/billing/index.html",
        "fr-fr/status/history/index.html",
        "fr-fr/status/customers/northwind/index.html",
    ] {
        let d = doc(&files, page);
        let titles = lang_and_text(&d, ".status-incident > a, .status-bad-days a");
        assert!(
            titles.contains(&en("Payout statements not available")),
            "{page}: {titles:?}"
        );
    }
    let en_page = doc(&files, "en-us/status/index.html");
    assert!(
        lang_and_text(&en_page, "main [lang]").is_empty(),
        "the English page shows the data in its own language"
    );
}

#[test]
fn the_french_feed_uses_the_french_body_like_the_incident_page() {
    let (model, _) = bundled_model();
    let files = render(&model, false);
    let feed = &files["fr-fr/status/feed.xml"];
    let entry = |id: &str| {
        feed.split("<entry>")
            .find(|e| e.contains(&format!("/incidents/{id}/</id>")))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let fr = entry("inc-2026-11-dynamics-outage");
    assert!(
        fr.contains(
            "<p>Les applications Dynamics 365 ne se chargent pas pour la plupart des clients.</p>"
        ),
        "{fr}"
    );
    assert!(!fr.contains("Dynamics 365 apps do not load"), "{fr}");
    let fallback = entry("inc-2026-11-billing-payouts");
    assert!(
        fallback.contains("<title xml:lang=\"en\">Payout statements not available</title>"),
        "{fallback}"
    );
    assert!(fallback.contains(
        "<p xml:lang=\"en\">Payout statements for November cannot be downloaded. Invoices are not affected.</p>"
    ));
}

#[test]
fn the_same_data_built_at_two_clocks_gives_the_same_pages() {
    let later = t(NOW) + Duration::days(3);
    let (m1, _) = load_dir_at(&bundled(), Path::new(env!("CARGO_MANIFEST_DIR")), t(NOW));
    let (m2, _) = super::load_dir_as(
        &bundled(),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        later,
        None,
    );
    let a = render_at(&m1, true, t(NOW));
    let b = render_at(&m2, true, later);
    assert_eq!(a.len(), b.len());
    for (path, body) in &a {
        assert!(b[path] == *body, "{path} differs between the two builds");
    }
    // As of the snapshot (24 Nov 12:00), the outage open since 10:45 has lasted 1 h 15 min, and the
    // 90-day bars end on the snapshot's day.
    let inc = &a["en-us/status/incidents/inc-2026-11-dynamics-outage/index.html"];
    assert!(
        inc.contains("<dt>Duration</dt><dd>1 h 15 min</dd>"),
        "{inc}"
    );
    let svc = &a["fr-fr/status/services/dynamics-365/index.html"];
    assert!(svc.contains("<title>24 nov. 2026: Panne majeure</title></rect></svg>"));
    assert!(svc.contains("24 nov. 2026: <span class=\"st st-major_outage\"><span class=\"st-icon\" aria-hidden=\"true\">✕</span> Panne majeure</span>, 75 min"));
}

/// The instant the pages describe: the newest snapshot, moved forward by a newer incident time from
/// an undated source (so an incident that ended after the snapshot is shown as ended, and one that
/// started after it is shown at all), never past the build clock (a snapshot dated in the future
/// does not drag the pages into it), and the clock when no source carries a time.
#[test]
fn the_reference_time_is_the_newest_time_the_data_knows_never_after_the_clock() {
    use super::model::newest_known;
    let clock = t("2026-11-24T15:00:00Z");
    let snap = |at: &str| Snapshot {
        taken_at: t(at),
        source: "a.yaml".into(),
        format: "tandem",
    };
    let incident = |start: &str, end: Option<&str>, kind: IncidentKind| Incident {
        id: "x".into(),
        title: "X".into(),
        kind,
        severity: ServiceStatus::PartialOutage,
        phase: IncidentPhase::default(),
        affected: Vec::new(),
        start: t(start),
        end: end.map(t),
        impact: String::new(),
        updates: Vec::new(),
        texts: HashMap::new(),
        url: None,
        source: "issues/x.md".into(),
    };
    let ten = [snap("2026-11-24T10:00:00Z")];
    // Ended after the snapshot: the end is known, so the pages describe that moment.
    let ended = [incident(
        "2026-11-24T09:00:00Z",
        Some("2026-11-24T11:00:00Z"),
        IncidentKind::Incident,
    )];
    let reference = newest_known(&ten, &ended, clock);
    assert_eq!(reference, t("2026-11-24T11:00:00Z"));
    assert!(!ended[0].is_active(reference));
    // Started after the snapshot: shown, and open.
    let later = [incident(
        "2026-11-24T14:00:00Z",
        None,
        IncidentKind::Incident,
    )];
    let reference = newest_known(&ten, &later, clock);
    assert!(later[0].is_active(reference));
    // Planned maintenance ahead does not move it; nor does anything after the clock.
    let ahead = [
        incident("2026-11-30T00:00:00Z", None, IncidentKind::Maintenance),
        incident("2026-11-24T20:00:00Z", None, IncidentKind::Incident),
    ];
    assert_eq!(newest_known(&ten, &ahead, clock), t("2026-11-24T10:00:00Z"));
    // A snapshot dated in the future (a typo) stops at the clock.
    assert_eq!(
        newest_known(&[snap("2062-11-24T10:00:00Z")], &[], clock),
        clock
    );
    // No snapshot: the data speaks for the moment of the build.
    assert_eq!(newest_known(&[], &ended, clock), clock);
}
