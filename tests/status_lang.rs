//! The status section of a small site built end to end (embedded theme, build clock): text shown in
//! another language than the page's is marked with `lang` on its own element, the feed takes the
//! same title and body as the pages, and times are computed as of the newest snapshot.

mod common;

use common::{html, select};

/// One snapshot, 2026-01-10 12:00 UTC: an open incident translated into French, an open incident
/// and an announcement that are not.
const SNAPSHOT: &str = r#"taken_at: 2026-01-10T12:00:00Z
services:
  - id: billing
    name: "Billing"
    description: "Invoices and payouts."
    status: partial_outage
incidents:
  - id: payouts
    title: "Payouts not available"
    severity: partial_outage
    services: [billing]
    start: 2026-01-10T10:00:00Z
    impact: "Payout statements cannot be downloaded."
    updates:
      - at: 2026-01-10T10:10:00Z
        status: identified
        text: "A faulty release was identified."
  - id: invoices
    title: "Invoices delayed"
    severity: degraded
    services: [billing]
    start: 2026-01-10T11:00:00Z
    impact: "Invoices arrive late."
    updates:
      - at: 2026-01-10T11:05:00Z
        status: investigating
        text: "We are investigating."
    texts:
      FR-fr:
        title: "Factures en retard"
        body: "Les factures arrivent en retard."
announcements:
  - id: api-v1
    title: "API v1 retires"
    kind: change
    services: [billing]
    start: 2026-01-01T00:00:00Z
    end: 2027-01-31T00:00:00Z
    action_required: "Move to API v2."
    body: "API v1 stops answering in 2027."
"#;

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    tandem::scaffold::new_site(&root).unwrap();
    let config = root.join("tandem.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    // Japanese has no status strings in the theme: its status UI is the English one.
    std::fs::write(&config, format!("{text}ja-jp = \"日本語\"\n")).unwrap();
    std::fs::create_dir_all(root.join("content/health")).unwrap();
    std::fs::write(root.join("content/health/snap.yml"), SNAPSHOT).unwrap();
    let out = tmp.path().join("output");
    let report = tandem::build::build(&tandem::build::BuildOptions {
        content: root.join("content"),
        out: out.clone(),
        config,
        config_required: true,
        base_url: None,
        drafts: false,
        strict: false,
    });
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    (tmp, out)
}

fn lang_of(e: &scraper::ElementRef) -> Option<String> {
    e.value().attr("lang").map(str::to_string)
}

/// The `lang` attributes of the elements matching `css`, one per element.
fn langs(doc: &scraper::Html, css: &str) -> Vec<Option<String>> {
    let found = select(doc, css);
    assert!(!found.is_empty(), "nothing matches {css}");
    found.iter().map(lang_of).collect()
}

fn en() -> Option<String> {
    Some("en".into())
}

/// The `lang` of every element inside `<main>` that has one.
fn marked(doc: &scraper::Html) -> Vec<(String, String)> {
    select(doc, "main [lang]")
        .iter()
        .map(|e| {
            (
                e.value().attr("lang").unwrap().to_string(),
                e.text().collect::<String>(),
            )
        })
        .collect()
}

#[test]
fn untranslated_text_is_marked_on_its_own_element_and_ui_text_is_not() {
    let (_tmp, out) = site();
    let page = |p: &str| html(&out.join(p));

    let inc = page("fr-fr/status/incidents/payouts/index.html");
    assert_eq!(langs(&inc, "h1"), vec![en()]);
    assert_eq!(
        langs(&inc, "ol.status-timeline"),
        vec![None],
        "the timeline's phases and dates are French"
    );
    assert_eq!(langs(&inc, ".status-update-head"), vec![None]);
    assert_eq!(
        langs(&inc, ".status-update p:not(.status-update-head)"),
        vec![en()]
    );
    assert_eq!(
        langs(&inc, "section[aria-labelledby=status-impact] p"),
        vec![en()]
    );
    assert_eq!(
        langs(&inc, ".status-note"),
        vec![None],
        "the note is in French"
    );

    // A translation keyed `FR-fr` is the page's language: nothing marked but the timeline text
    // and the service's name, which the data has in English only.
    let translated = page("fr-fr/status/incidents/invoices/index.html");
    assert_eq!(langs(&translated, "h1"), vec![None]);
    assert!(
        translated
            .root_element()
            .text()
            .any(|t| t.contains("Les factures arrivent en retard."))
    );
    assert_eq!(
        marked(&translated),
        vec![
            ("en".to_string(), "Billing".to_string()),
            ("en".to_string(), "We are investigating.".to_string())
        ]
    );

    let ov = page("fr-fr/status/index.html");
    let title_link = |doc: &scraper::Html, id: &str| {
        langs(
            doc,
            &format!(".status-incident > a[href$='/incidents/{id}/']"),
        )
    };
    assert_eq!(title_link(&ov, "payouts"), vec![en()]);
    assert_eq!(title_link(&ov, "invoices"), vec![None]);
    assert_eq!(langs(&ov, ".status-announcement h3"), vec![en()]);
    assert_eq!(
        langs(&ov, ".status-announcement .status-action span"),
        vec![en()]
    );
    assert_eq!(
        langs(&ov, ".status-announcement .status-action strong"),
        vec![None]
    );
    let bad_day_links = langs(&ov, ".status-bad-days a");
    assert!(bad_day_links.contains(&en()) && bad_day_links.contains(&None));

    assert_eq!(langs(&ov, ".status-service-name"), vec![en()]);
    let svc = page("fr-fr/status/services/billing/index.html");
    assert_eq!(langs(&svc, "h1"), vec![en()]);
    assert_eq!(langs(&svc, ".status-description"), vec![en()]);
    assert_eq!(langs(&svc, ".status-announcement strong"), vec![en()]);
    let hist = page("fr-fr/status/history/index.html");
    assert_eq!(
        langs(&hist, ".status-incident > a"),
        vec![None, en()],
        "newest first: invoices, payouts"
    );
    assert_eq!(langs(&hist, ".status-incident > p"), vec![None, en()]);

    // English pages show the data as it is: nothing inside <main> is marked.
    for p in [
        "en-us/status/index.html",
        "en-us/status/incidents/payouts/index.html",
        "en-us/status/services/billing/index.html",
        "en-us/status/history/index.html",
    ] {
        assert!(marked(&page(p)).is_empty(), "{p}: {:?}", marked(&page(p)));
    }

    // Without status strings for Japanese the note is the English one, and says so.
    let ja = page("ja-jp/status/incidents/payouts/index.html");
    assert_eq!(langs(&ja, ".status-note"), vec![en()]);
    assert_eq!(langs(&ja, "h1"), vec![en()]);
}

#[test]
fn the_feed_takes_title_and_body_as_the_pages_do_and_marks_fallbacks() {
    let (_tmp, out) = site();
    let feed = std::fs::read_to_string(out.join("fr-fr/status/feed.xml")).unwrap();
    let entry = |id: &str| {
        feed.split("<entry>")
            .find(|e| e.contains(&format!("/incidents/{id}/</id>")))
            .unwrap_or_else(|| panic!("no entry {id} in {feed}"))
            .to_string()
    };
    let translated = entry("invoices");
    assert!(
        translated.contains("<title>Factures en retard</title>"),
        "{translated}"
    );
    assert!(
        translated.contains("<p>Les factures arrivent en retard.</p>"),
        "{translated}"
    );
    assert!(
        !translated.contains("Invoices arrive late."),
        "{translated}"
    );
    assert!(translated.contains("<p xml:lang=\"en\">We are investigating.</p>"));
    let untranslated = entry("payouts");
    assert!(
        untranslated.contains("<title xml:lang=\"en\">Payouts not available</title>"),
        "{untranslated}"
    );
    assert!(
        untranslated.contains("<p xml:lang=\"en\">Payout statements cannot be downloaded.</p>"),
        "{untranslated}"
    );
    assert!(
        untranslated.contains("<p>Incident · Panne partielle"),
        "the facts are French and not marked: {untranslated}"
    );
}

#[test]
fn times_are_computed_as_of_the_snapshot_not_the_build_clock() {
    // The build runs now, years after the snapshot: the open incident lasted 2 h as of the
    // snapshot, and the last day of the 90-day history is the snapshot's day.
    let (_tmp, out) = site();
    let inc = html(&out.join("en-us/status/incidents/payouts/index.html"));
    let facts: String = select(&inc, ".status-facts")[0].text().collect();
    assert!(facts.contains("Duration2 h 00 min"), "{facts}");
    // The page states the instant the duration runs to, as the history page does.
    let stated = |doc: &scraper::Html| {
        select(doc, ".status-asof time")
            .first()
            .and_then(|t| t.value().attr("datetime"))
            .map(str::to_string)
    };
    assert_eq!(stated(&inc).as_deref(), Some("2026-01-10T12:00:00+00:00"));
    let hist = html(&out.join("en-us/status/history/index.html"));
    assert_eq!(stated(&hist), stated(&inc));
    let svc =
        std::fs::read_to_string(out.join("en-us/status/services/billing/index.html")).unwrap();
    assert!(svc.contains("<title>Jan 10, 2026: Partial outage</title></rect></svg>"));
    assert!(!svc.contains("Jan 11, 2026"), "no day after the snapshot");
    let ov = html(&out.join("en-us/status/index.html"));
    assert_eq!(
        select(&ov, "#status-active + ul > li").len(),
        2,
        "both incidents are open as of the snapshot"
    );
}
