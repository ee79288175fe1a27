//! Tests of the redirect pages and of what `check` reports about the redirection file.

use super::*;
use crate::publish::robots;
use crate::publish::test_site::with_site;
use crate::render::theme::Theme;

#[test]
fn invalid_redirection_file_is_reported_at_its_line() {
    let files = [
        ("fr-fr/a.md", "# A\n"),
        (
            REDIRECTS_FILE,
            "{\n  \"redirections\": [\n    {,}\n  ]\n}\n",
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
        assert!(pages.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].code, diags[0].line), ("redirects-json", 3));
        assert_eq!(diags[0].severity, crate::diagnostics::Severity::Warning);
    });
}

#[test]
fn redirection_file_may_have_comments_and_trailing_commas() {
    let text = "{\n  \"redirections\": [\n    /* moved */\n    {\"source_path\": \"a//b.md\", // old\n     \"redirect_url\": \"/x/*y*/\",},\n  ],\n}\n";
    let clean = lenient_json(text);
    assert_eq!(clean.len(), text.len());
    assert_eq!(clean.lines().count(), text.lines().count());
    let v: serde_json::Value = serde_json::from_str(&clean).unwrap();
    assert_eq!(v["redirections"][0]["source_path"], "a//b.md");
    assert_eq!(v["redirections"][0]["redirect_url"], "/x/*y*/");
    let before_comment = "{\"r\": [1, // last\n]}";
    let v: serde_json::Value = serde_json::from_str(&lenient_json(before_comment)).unwrap();
    assert_eq!(v["r"][0], 1);
    let multibyte = "{\"a\": \"é\" /* ü */}";
    assert_eq!(lenient_json(multibyte).len(), multibyte.len());
    assert!(serde_json::from_str::<serde_json::Value>(&lenient_json(multibyte)).is_ok());
}

#[test]
fn redirect_targets_resolve_to_pages_in_the_reader_language() {
    let files = [
        ("fr-fr/new.md", "# Nouveau\n"),
        ("en-us/new.md", "# New\n"),
        (
            REDIRECTS_FILE,
            "{\"redirections\": [{\"source_path\": \"fr-fr/old.md\", \"redirect_url\": \"/new#part\"}]}",
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
        assert!(diags.is_empty());
        assert_eq!(pages.len(), 1, "only the language of the source folder");
        let html = &pages["fr-fr/old/index.html"];
        assert!(html.contains("url=/fr-fr/new/#part"), "{html}");
        // No base_url: robots.txt cannot name the sitemap with an absolute URL.
        assert!(!robots(site, r).contains("Sitemap"));
    });
}

/// A redirection file with one entry per line pair (`source_path` on line 2n+2, `redirect_url`
/// on line 2n+3).
fn redirection_file(entries: &[(&str, &str)]) -> String {
    let body: Vec<String> = entries
        .iter()
        .map(|(s, u)| format!("{{\"source_path\": \"{s}\",\n\"redirect_url\": \"{u}\"}}"))
        .collect();
    format!("{{\"redirections\": [\n{}\n]}}", body.join(",\n"))
}

fn doc(html: &str) -> scraper::Html {
    scraper::Html::parse_document(html)
}

fn first(doc: &scraper::Html, css: &str) -> String {
    let sel = scraper::Selector::parse(css).unwrap();
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {css}"));
    el.text().collect()
}

fn attr(doc: &scraper::Html, css: &str, name: &str) -> String {
    let sel = scraper::Selector::parse(css).unwrap();
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {css}"));
    el.value().attr(name).unwrap_or_default().to_string()
}

#[test]
fn french_redirect_pages_are_written_in_french() {
    let files = [
        ("fr-fr/new.md", "# Nouveau\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[
                ("fr-fr/old.md", "/new"),
                ("fr-fr/gone.md", "https://example.com/x"),
            ]),
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let d = doc(&pages["fr-fr/old/index.html"]);
        assert_eq!(attr(&d, "html", "lang"), "fr-fr");
        assert_eq!(first(&d, "title"), "Page déplacée");
        assert_eq!(first(&d, "p"), "Cette page a été déplacée vers Nouveau.");
        assert_eq!(attr(&d, "p a", "href"), "/fr-fr/new/");
        assert_eq!(
            attr(&d, "meta[http-equiv=refresh]", "content"),
            "0; url=/fr-fr/new/"
        );
        assert_eq!(attr(&d, "meta[name=robots]", "content"), "noindex");
        assert_eq!(attr(&d, "link[rel=canonical]", "href"), "/fr-fr/new/");
        // An external target is its own link text.
        let d = doc(&pages["fr-fr/gone/index.html"]);
        assert_eq!(
            first(&d, "p"),
            "Cette page a été déplacée vers https://example.com/x."
        );
    });
}

#[test]
fn a_language_without_strings_gets_the_source_language_words_and_says_so() {
    let files = [
        ("ja-jp/new.md", "# 新しい\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[("ja-jp/old.md", "/new")]),
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let d = doc(&pages["ja-jp/old/index.html"]);
        assert_eq!(attr(&d, "html", "lang"), "en-us");
        assert_eq!(first(&d, "title"), "Page moved");
        // The link text is the Japanese page's title, marked as such.
        assert_eq!(attr(&d, "p a", "lang"), "ja-jp");
        assert_eq!(first(&d, "p"), "This page has moved to 新しい.");
    });
}

/// Columns count characters, as every other diagnostic's do: `é` is one.
#[test]
fn entry_positions_count_columns_in_characters() {
    let text =
        "{\"redirections\": [\n  {\"source_path\": \"é/ü.md\", \"redirect_url\": \"/x\"}\n]}";
    let at = entry_positions(text);
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].source, (2, 4));
    assert_eq!(at[0].target, (2, 29));
}

#[test]
fn index_and_yaml_source_paths_map_to_the_urls_docs_gave_them() {
    let files = [
        ("fr-fr/new.md", "# Nouveau\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[
                ("fr-fr/partner-center/dashboard/index.yml", "/new"),
                ("fr-fr/a/INDEX.md", "/new"),
                ("fr-fr/b/Index.YML", "/new"),
                ("fr-fr/tutorials/landing.yml", "/new"),
                ("fr-fr/whats-new-2.0.md", "/new"),
                ("fr-fr/media/old.png", "/new"),
            ]),
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let paths: Vec<&str> = pages.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "fr-fr/a/index.html",
                "fr-fr/b/index.html",
                "fr-fr/partner-center/dashboard/index.html",
                "fr-fr/tutorials/landing/index.html",
                "fr-fr/whats-new-2.0/index.html",
            ]
        );
        // No redirect page can stand in for an image: said at the entry's line.
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            (diags[0].code, diags[0].line),
            ("redirect-source-unsupported", 12)
        );
    });
}

#[test]
fn a_redirect_url_ending_in_index_goes_to_the_folder() {
    let files = [
        ("fr-fr/partner-center/index.md", "# Accueil\n"),
        ("fr-fr/partner-center/x.md", "# X\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[
                ("fr-fr/a.md", "/partner-center/index"),
                ("fr-fr/b.md", "/partner-center/Index.md#top"),
                ("fr-fr/c.md", "/other/index"),
            ]),
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let refresh = |p: &str| attr(&doc(&pages[p]), "meta[http-equiv=refresh]", "content");
        assert_eq!(
            refresh("fr-fr/a/index.html"),
            "0; url=/fr-fr/partner-center/"
        );
        assert_eq!(
            refresh("fr-fr/b/index.html"),
            "0; url=/fr-fr/partner-center/#top"
        );
        // Another docset's path: kept as written, but still the folder's URL, never `/index`.
        assert_eq!(refresh("fr-fr/c/index.html"), "0; url=/other/");
    });
}

#[test]
fn redirect_targets_missing_from_this_site_are_reported_at_their_line() {
    let files = [
        ("fr-fr/partner-center/there.md", "# Là\n"),
        ("fr-fr/partner-center/landing/index.yml", "title: x\n"),
        ("fr-fr/root-page.md", "# Racine\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[
                ("fr-fr/partner-center/a.md", "/partner-center/there#part"),
                ("fr-fr/partner-center/b.md", "/Partner-Center/missing"),
                ("fr-fr/partner-center/c.md", "/azure/somewhere"),
                ("fr-fr/partner-center/d.md", "https://example.com/x"),
                ("fr-fr/partner-center/e.md", "there"),
                ("fr-fr/partner-center/f.md", "../partner-center/missing-too"),
                ("fr-fr/partner-center/g.md", "/partner-center/landing/"),
                ("fr-fr/partner-center/h.md", "/"),
                ("fr-fr/partner-center/i.md", "/root-page"),
            ]),
        ),
    ];
    with_site(&files, |site, r| {
        let diags = check_redirects(site);
        let found: Vec<(&str, u32)> = diags.iter().map(|d| (d.code, d.line)).collect();
        // Entry n has its redirect_url on line 2n+1 (1-based n).
        assert_eq!(
            found,
            [
                ("redirect-target-missing", 5),
                ("redirect-target-missing", 13),
                ("redirect-target-missing", 15),
            ],
            "{diags:?}"
        );
        assert!(
            diags[0]
                .message
                .contains("`/fr-fr/Partner-Center/missing/`"),
            "{}",
            diags[0].message
        );
        assert_eq!(diags[0].file.to_str(), Some(REDIRECTS_FILE));
        let help = diags[2].help.as_deref().unwrap_or_default();
        assert!(help.contains("partner-center/landing/index.yml"), "{help}");
        // Another docset's path is neither checked nor moved into this site's languages.
        let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let refresh = attr(
            &doc(&pages["fr-fr/partner-center/c/index.html"]),
            "meta[http-equiv=refresh]",
            "content",
        );
        assert_eq!(refresh, "0; url=/azure/somewhere");
    });
}

#[test]
fn a_redirect_over_an_existing_page_is_reported_and_not_written() {
    let files = [
        ("fr-fr/kept.md", "# Gardée\n"),
        ("fr-fr/folder/index.md", "# Dossier\n"),
        ("fr-fr/new.md", "# Nouveau\n"),
        (
            REDIRECTS_FILE,
            &redirection_file(&[
                ("fr-fr/Kept.md", "/new"),
                ("fr-fr/folder.md", "/new"),
                ("fr-fr/old.md", "/new"),
                ("fr-fr/search.md", "/new"),
                ("fr-fr/kept/compare.md", "/new"),
            ]),
        ),
    ];
    with_site(&files, |site, r| {
        let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
        let paths: Vec<&str> = pages.keys().map(String::as_str).collect();
        assert_eq!(paths, ["fr-fr/old/index.html"]);
        let found: Vec<(&str, u32)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            found,
            [
                ("redirect-source-exists", 2),
                ("redirect-source-exists", 4),
                ("redirect-source-exists", 8),
                ("redirect-source-exists", 10)
            ]
        );
        assert!(diags[0].message.contains("(fr-fr)"), "{}", diags[0].message);
    });
}
