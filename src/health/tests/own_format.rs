//! Our own format: bad data reported with lines, the bundled `content/health/` data, the schema.

use super::*;

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
