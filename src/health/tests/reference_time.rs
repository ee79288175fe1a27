//! The reference time the pages describe, and pages that do not depend on the build clock.

use super::*;

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
