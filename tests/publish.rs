//! What the build publishes around the pages, on the real corpus: translation coverage, search
//! index, sitemap, robots.txt and redirects.

mod common;

use std::sync::OnceLock;

/// One build of the corpus shared by the tests of this file.
fn built() -> &'static std::path::Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let (tmp, report) = common::build_into(&common::corpus(), None);
        assert_eq!(
            report.errors(),
            0,
            "{:?}",
            report.diagnostics.iter().find(|d| d.is_error())
        );
        tmp
    })
    .path()
}

#[test]
fn coverage_json_and_page_are_published() {
    let out = built().join("output");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("coverage.json")).unwrap()).unwrap();
    let fr = &json["languages"][0];
    assert_eq!(fr["lang"], "fr-fr");
    assert_eq!(fr["pages"], 144); // 146 Markdown files minus 2 TOC.md
    let segments = fr["segments"].as_u64().unwrap();
    assert!(segments > 9_000, "{segments}");
    assert_eq!(fr["ht"].as_u64().unwrap() + fr["mt"].as_u64().unwrap(), 144);
    let doc = common::html(&out.join("coverage/index.html"));
    let rows = common::select(&doc, "table tbody tr");
    assert!(rows.len() > 144, "{}", rows.len());
    assert_eq!(
        common::select(&doc, "html")[0].value().attr("lang"),
        Some("en-us")
    );
}

/// Bytes of a file of the built site.
fn size(p: &std::path::Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn search_index_is_sharded_so_a_query_fetches_a_small_part() {
    use tandem::search::text::{shard_of, terms};
    let dir = built().join("output/search/fr-fr");
    let total: u64 = common::files_with_ext(&dir, "json")
        .iter()
        .map(|p| size(p))
        .sum();
    // What search.js downloads for a typical query: meta, one shard per word, ten result documents.
    let query = "état du service";
    let mut fetched = size(&dir.join("meta.json"));
    let mut hits: std::collections::BTreeMap<u64, u64> = Default::default();
    let words: Vec<String> = terms(query);
    let mut shards: Vec<String> = words.iter().map(|t| shard_of(t)).collect();
    shards.dedup();
    for s in &shards {
        fetched += size(&dir.join(format!("{s}.json")));
    }
    for w in &words {
        let shard: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{}.json", shard_of(w)))).unwrap(),
        )
        .unwrap();
        let postings = shard[w.as_str()].as_array().unwrap();
        for pair in postings.chunks(2) {
            *hits.entry(pair[0].as_u64().unwrap()).or_default() += pair[1].as_u64().unwrap();
        }
    }
    let mut ranked: Vec<(u64, u64)> = hits.into_iter().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (doc, _) in ranked.iter().take(10) {
        fetched += size(&dir.join(format!("d/{doc}.json")));
    }
    eprintln!("fr-fr search index: {total} bytes in all; query {query:?} fetches {fetched} bytes");
    assert!(fetched * 10 < total, "{fetched} of {total}");
    // The no-JavaScript page says search needs JavaScript and links home.
    let doc = common::html(&built().join("output/fr-fr/search/index.html"));
    assert_eq!(common::select(&doc, "noscript").len(), 1);
    assert!(!common::select(&doc, ".search-fallback a[href='/fr-fr/']").is_empty());
    // Every page has the search form, which works as a plain GET form without JavaScript.
    let page =
        common::html(&built().join("output/fr-fr/partner-center/check-service-health/index.html"));
    let form = common::select(&page, "form.site-search[role=search]");
    assert_eq!(form[0].value().attr("action"), Some("/fr-fr/search/"));
}

#[test]
fn sitemap_lists_pages_with_hreflang_alternates_and_robots_points_at_it() {
    let out = built().join("output");
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let loc = "<url><loc>https://docs.example.com/fr-fr/partner-center/check-service-health/</loc>";
    let start = xml.find(loc).expect("the French page is in the sitemap");
    let entry = &xml[start..start + xml[start..].find("</url>").unwrap()];
    for (lang, href) in [
        (
            "fr-fr",
            "https://docs.example.com/fr-fr/partner-center/check-service-health/",
        ),
        (
            "en-us",
            "https://docs.example.com/en-us/partner-center/check-service-health/",
        ),
        (
            "x-default",
            "https://docs.example.com/en-us/partner-center/check-service-health/",
        ),
    ] {
        let link = format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>");
        assert!(entry.contains(&link), "{link} missing in {entry}");
    }
    // 144 sources, each in French and English, plus generated homes.
    assert!(xml.matches("<url>").count() >= 288);
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://docs.example.com/sitemap.xml"),
        "{robots}"
    );
}

/// The meta refresh target and canonical link of a redirect page.
fn redirect_of(path: &std::path::Path) -> (String, String) {
    let doc = common::html(path);
    let refresh = common::select(&doc, "meta[http-equiv=refresh]")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    let canonical = common::select(&doc, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    (refresh, canonical)
}

#[test]
fn redirection_file_becomes_static_redirect_pages() {
    let out = built().join("output");
    // Internal: `/partner-center/confirm-customer-agreement` is a page of the site.
    let (refresh, canonical) = redirect_of(
        &out.join("fr-fr/partner-center/attest-acceptance-customer-agreement/index.html"),
    );
    assert_eq!(
        refresh,
        "0; url=/fr-fr/partner-center/confirm-customer-agreement/"
    );
    assert_eq!(
        canonical,
        "https://docs.example.com/fr-fr/partner-center/confirm-customer-agreement/"
    );
    // External targets are kept as written, in every language.
    for lang in ["fr-fr", "en-us"] {
        let (refresh, canonical) =
            redirect_of(&out.join(format!("{lang}/china/add-a-new-customer/index.html")));
        let target = "https://www.21vbluecloud.com/partner-china/add-a-new-customer";
        assert_eq!(refresh, format!("0; url={target}"));
        assert_eq!(canonical, target);
    }
    // A redirect never replaces a page that exists.
    let page =
        std::fs::read_to_string(out.join("fr-fr/partner-center/check-service-health/index.html"))
            .unwrap();
    assert!(!page.contains("http-equiv=\"refresh\""));
}
