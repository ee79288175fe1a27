//! Language marking on translated status pages and feeds.

use super::*;

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
