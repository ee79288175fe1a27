//! The rendered status pages (every page and language, no customers, escaping), help notices.

use super::*;

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
