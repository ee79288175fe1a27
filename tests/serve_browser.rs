//! A real browser against `tandem serve`: headless Chromium driven through the shared WebDriver
//! client (`tests/common/browser.rs`). An open page must reload itself after an edit, show the error
//! overlay for a file that cannot be read as text, and drop it once the error is fixed.
//! Without Chromium the test prints a notice and passes, except under CI, where it fails.

#[path = "common/serve_harness.rs"]
mod harness;

#[path = "common/browser.rs"]
mod browser;

use harness::{Fixture, WAIT, serve};
use serde_json::json;

const STREAM_OPEN: &str = "return document.readyState === 'complete' && !!window.__tandemEvents && window.__tandemEvents.readyState === 1;";

#[test]
fn open_page_reloads_after_edit_and_shows_error_overlay() {
    if !browser::available() {
        return;
    }
    let f = Fixture::new("browser");
    let s = serve(&f, &[]);
    let d = browser::Browser::start();
    d.goto(&format!("{}/en-us/a/", s.base));
    d.wait_value(STREAM_OPEN, "the live-reload stream to open", WAIT);
    d.eval("window.__tandemMarker = 42; return true;");

    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body v2.\n",
    );
    d.wait_value("return window.__tandemMarker === undefined && document.body.innerText.includes('Alpha body v2.');", "the page to reload itself with the edit", WAIT);
    d.wait_value(STREAM_OPEN, "the live-reload stream to reopen", WAIT);

    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body\0 broken.\n",
    );
    let overlay = d.wait_value(
        "var o = document.getElementById('tandem-error-overlay'); return o ? o.innerText : null;",
        "the error overlay",
        WAIT,
    );
    let text = overlay.as_str().unwrap_or_default();
    assert!(text.contains("a.md:"), "overlay names file:line: {text}");
    assert_eq!(
        d.eval("return document.body.innerText.includes('Alpha body v2.');"),
        json!(true),
        "last good page stays under the overlay"
    );

    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body fixed.\n",
    );
    d.wait_value("return !document.getElementById('tandem-error-overlay') && document.body.innerText.includes('Alpha body fixed.');", "the overlay to go away after the fix", WAIT);
}
