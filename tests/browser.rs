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

#[test]
fn a_long_sidebar_group_label_starts_on_the_line_of_its_triangle() {
    if !browser::available() {
        return;
    }
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nav-langs");
    let (tmp, report) = common::build_into(&content, None);
    assert_eq!(report.errors(), 0);
    let base = browser::serve_dir(tmp.path().join("output"));
    let b = Browser::start();
    b.goto(&format!("{base}/fr-fr/accounts/reset-password/"));
    // The triangle's box and the label's line boxes (a Range gives one rectangle per line).
    let m = b.wait_value(
        r#"const s = [...document.querySelectorAll('.nav-tree summary')]
             .find(x => x.textContent.includes('revendeurs'));
           if (!s) return null;
           const marker = s.querySelector('.nav-marker').getBoundingClientRect();
           const range = document.createRange();
           range.selectNodeContents(s.querySelector('.nav-marker + *'));
           const lines = [...range.getClientRects()];
           s.focus();
           return {
             markerTop: marker.top, markerBottom: marker.bottom, markerRight: marker.right,
             firstTop: lines[0].top, firstBottom: lines[0].bottom,
             tops: [...new Set(lines.map(l => Math.round(l.top)))].length,
             minLeft: Math.min(...lines.map(l => l.left)),
             focusOutline: s.matches(':focus-visible') ? getComputedStyle(s).outlineStyle : 'no focus-visible',
           };"#,
        "the long group label in the sidebar",
        Duration::from_secs(10),
    );
    let f = |k: &str| m[k].as_f64().unwrap_or_else(|| panic!("{k} in {m}"));
    assert!(
        f("tops") >= 2.0,
        "the label should wrap at 1280 px for this test to mean anything: {m}"
    );
    let marker_mid = (f("markerTop") + f("markerBottom")) / 2.0;
    let first_mid = (f("firstTop") + f("firstBottom")) / 2.0;
    let line = f("firstBottom") - f("firstTop");
    assert!(
        (marker_mid - first_mid).abs() < line / 2.0,
        "the triangle is not on the label's first line: {m}"
    );
    assert!(
        f("minLeft") >= f("markerRight") - 0.5,
        "every line of the label starts right of the triangle (hanging indent): {m}"
    );
    assert_eq!(
        m["focusOutline"], "solid",
        "keyboard focus on the summary is visible: {m}"
    );
}
