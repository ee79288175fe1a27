//! What a reader sees, in headless Chromium: the language switcher of a French page leads to the same
//! page in English.

mod common;

use std::time::Duration;

use common::browser::{self, Browser};

#[test]
fn language_switcher_goes_from_french_to_the_same_english_page() {
    if !browser::available() {
        return;
    }
    let (tmp, report) = common::build_into(&common::corpus(), None);
    assert_eq!(report.errors(), 0);
    let base = browser::serve_dir(tmp.path().join("output"));
    let b = Browser::start();
    b.goto(&format!(
        "{base}/fr-fr/partner-center/check-service-health/"
    ));
    assert_eq!(b.eval("return document.documentElement.lang"), "fr-fr");
    let h1 = b.eval("return document.querySelector('main h1').textContent");
    assert!(h1.as_str().unwrap_or_default().contains("Vérifier"), "{h1}");
    b.click(".lang-switcher a[hreflang='en-us']");
    assert!(
        b.wait_for(
            "return document.documentElement.lang === 'en-us'",
            Duration::from_secs(10)
        ),
        "did not land on en-us"
    );
    assert_eq!(
        b.url(),
        format!("{base}/en-us/partner-center/check-service-health/")
    );
    let h1 = b.eval("return document.querySelector('main h1').textContent");
    assert!(
        h1.as_str()
            .unwrap_or_default()
            .contains("Check service health"),
        "{h1}"
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    b.screenshot(&shots.join("switcher-en-us.png"));
    // The way back: the English page's switcher lists French.
    b.click(".lang-switcher a[hreflang='fr-fr']");
    assert!(b.wait_for(
        "return document.documentElement.lang === 'fr-fr'",
        Duration::from_secs(10)
    ));
}

#[test]
fn status_overview_renders_with_text_states_and_links_back_to_help() {
    if !browser::available() {
        return;
    }
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (tmp, report) = common::build_into(&repo.join("content"), Some(&repo.join("tandem.toml")));
    assert_eq!(report.errors(), 0);
    let base = browser::serve_dir(tmp.path().join("output"));
    let b = Browser::start();
    b.goto(&format!("{base}/fr-fr/status/"));
    assert_eq!(b.eval("return document.documentElement.lang"), "fr-fr");
    let h1 = b.eval("return document.querySelector('main h1').textContent");
    assert!(
        h1.as_str()
            .unwrap_or_default()
            .contains("État des services"),
        "{h1}"
    );
    // States are said in words, not only with colour.
    let text = b.eval("return document.querySelector('main').innerText");
    assert!(
        text.as_str()
            .unwrap_or_default()
            .contains("Panne partielle"),
        "{text}"
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    b.screenshot(&shots.join("status-overview-fr-fr.png"));
    b.goto(&format!("{base}/fr-fr/customers/invoices-and-billing/"));
    b.click(".notice-status a[href*='/status/incidents/']");
    assert!(b.wait_for(
        "return location.pathname.includes('/fr-fr/status/incidents/')",
        Duration::from_secs(10)
    ));
}
