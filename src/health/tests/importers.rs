//! Importing the real sample payloads (Statuspage, cState, MS Graph, Upptime) in `../shared/`.

use super::*;

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
