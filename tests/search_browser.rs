//! Search in headless Chromium: typing a query into the header's search box lists the expected page
//! first, in French (accent folding) and in Chinese (bigrams), and the keyboard reaches the results.

mod common;

use std::time::Duration;

use common::browser::{self, Browser};

/// Types `query` into the search box of the page at `url` and returns the hrefs of the results.
fn search(b: &Browser, url: &str, query: &str) -> Vec<String> {
    b.goto(url);
    b.click("#site-search-q");
    let q = serde_json::to_string(query).unwrap();
    b.eval(&format!(
        "var i = document.getElementById('site-search-q'); i.value = {q}; \
         i.dispatchEvent(new Event('input', {{bubbles: true}}));"
    ));
    assert!(
        b.wait_for(
            "return document.querySelectorAll('#site-search-results li a').length > 0",
            Duration::from_secs(10)
        ),
        "no results for {query}"
    );
    let hrefs = b.eval(
        "return Array.from(document.querySelectorAll('#site-search-results li a')).map(a => a.getAttribute('href'))",
    );
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn french_query_without_accents_finds_the_page_first() {
    if !browser::available() {
        return;
    }
    let (tmp, report) = common::build_into(&common::corpus(), None);
    assert_eq!(report.errors(), 0);
    let base = browser::serve_dir(tmp.path().join("output"));
    let b = Browser::start();
    let hrefs = search(&b, &format!("{base}/fr-fr/"), "verifier integrite service");
    assert_eq!(
        hrefs[0], "/fr-fr/partner-center/check-service-health/",
        "{hrefs:?}"
    );
    // Terms are highlighted, accents included although the query has none.
    let mark = b.eval("return document.querySelector('#site-search-results mark').textContent");
    assert!(mark.as_str().is_some_and(|m| !m.is_empty()), "{mark}");
    let marks = b.eval(
        "return Array.from(document.querySelectorAll('#site-search-results mark')).map(m => m.textContent).join(' ')",
    );
    assert!(
        marks.as_str().unwrap_or_default().contains("intégrité"),
        "{marks}"
    );
    // Keyboard: ArrowDown from the box focuses the first result, Enter follows it.
    b.eval(
        "document.getElementById('site-search-q').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}));",
    );
    let focused = b.eval("return document.activeElement.getAttribute('href')");
    assert_eq!(focused, "/fr-fr/partner-center/check-service-health/");
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    b.screenshot(&shots.join("search-fr-fr.png"));
}

#[test]
fn chinese_query_finds_the_page_first() {
    if !browser::available() {
        return;
    }
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-zh");
    let (tmp, report) = common::build_into(&fixture, None);
    assert_eq!(report.errors(), 0);
    let base = browser::serve_dir(tmp.path().join("output"));
    let b = Browser::start();
    let hrefs = search(&b, &format!("{base}/zh-cn/"), "服务运行");
    assert_eq!(hrefs[0], "/zh-cn/check-service-health/", "{hrefs:?}");
    let hrefs = search(&b, &format!("{base}/zh-cn/"), "发票");
    assert_eq!(hrefs[0], "/zh-cn/billing/", "{hrefs:?}");
}
