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
    b.goto(&format!("{base}/fr-fr/partner-center/check-service-health/"));
    assert_eq!(b.eval("return document.documentElement.lang"), "fr-fr");
    let h1 = b.eval("return document.querySelector('main h1').textContent");
    assert!(h1.as_str().unwrap_or_default().contains("Vérifier"), "{h1}");
    b.click(".lang-switcher a[hreflang='en-us']");
    assert!(b.wait_for("return document.documentElement.lang === 'en-us'", Duration::from_secs(10)), "did not land on en-us");
    assert_eq!(b.url(), format!("{base}/en-us/partner-center/check-service-health/"));
    let h1 = b.eval("return document.querySelector('main h1').textContent");
    assert!(h1.as_str().unwrap_or_default().contains("Check service health"), "{h1}");
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    b.screenshot(&shots.join("switcher-en-us.png"));
    // The way back: the English page's switcher lists French.
    b.click(".lang-switcher a[hreflang='fr-fr']");
    assert!(b.wait_for("return document.documentElement.lang === 'fr-fr'", Duration::from_secs(10)));
}
