//! Tests of `--known-urls`: matching, coverage, and the problems a known-URLs file can have.

use super::*;

/// A `<urlset>` of `urls`.
fn urlset(urls: &[&str]) -> String {
    let locs: String = urls
        .iter()
        .map(|u| format!("<url><loc>{u}</loc></url>"))
        .collect();
    format!("<urlset>{locs}</urlset>")
}

fn known(urls: &[&str]) -> KnownUrls {
    let mut k = KnownUrls::default();
    for u in urls {
        assert!(k.add(u), "{u}");
    }
    k
}

#[test]
fn matching_ignores_case_scheme_slash_query_and_index() {
    let k = known(&["https://learn.microsoft.com/en-us/azure/Storage/overview"]);
    for u in [
        "https://learn.microsoft.com/en-us/azure/storage/overview",
        "http://LEARN.microsoft.com/en-us/azure/storage/overview/",
        "https://learn.microsoft.com/en-us/azure/storage/overview/index.html?tabs=a#top",
        "https://learn.microsoft.com:443/en-us/azure/storage/overview",
    ] {
        assert!(k.contains(u), "{u}");
    }
    assert!(!k.contains("https://learn.microsoft.com/en-us/azure/storage/other"));
}

#[test]
fn another_locale_of_a_known_path_counts_as_found() {
    let k = known(&["https://learn.microsoft.com/en-us/azure/a"]);
    assert!(k.contains("https://learn.microsoft.com/fr-fr/azure/a"));
    assert!(!k.contains("https://learn.microsoft.com/fr-fr/azure/b"));
    assert_eq!(k.host_of_path("/azure/a"), Some("learn.microsoft.com"));
    assert_eq!(
        k.host_of_path("/de-de/azure/A/"),
        Some("learn.microsoft.com")
    );
    assert_eq!(k.host_of_path("/azure/b"), None);
}

#[test]
fn only_the_known_hosts_and_docsets_are_covered() {
    let k = known(&["https://learn.microsoft.com/en-us/azure/a"]);
    assert!(k.covers("https://learn.microsoft.com/de-de/azure/zzz"));
    assert!(k.covers("https://learn.microsoft.com/azure/zzz"));
    assert!(!k.covers("https://learn.microsoft.com/en-us/dotnet/zzz"));
    assert!(!k.covers("https://example.com/en-us/azure/a"));
    assert!(!k.covers("mailto:someone@example.com"));
    // Sitemaps list pages: a link to an image or a download is not judged.
    assert!(!k.covers("https://learn.microsoft.com/en-us/azure/media/x.png"));
    assert!(k.covers("https://learn.microsoft.com/en-us/azure/x.html"));
}

#[test]
fn a_docset_is_the_first_folder_after_the_locale() {
    let k = known(&["https://learn.microsoft.com/en-us/azure/developer/python/a"]);
    assert!(k.covers("https://learn.microsoft.com/en-us/azure/storage/x"));
    assert!(!k.covers("https://learn.microsoft.com/en-us/dotnet/x"));
    // A one-segment page is its own docset; it never widens to the whole host.
    let root = known(&[
        "https://x.example/en-us/widgets",
        "https://x.example/gadgets/a",
    ]);
    assert!(root.covers("https://x.example/fr-fr/widgets/b"));
    assert!(root.covers("https://x.example/gadgets/z"));
    assert!(!root.covers("https://x.example/other/z"));
}

#[test]
fn a_sitemap_index_reads_its_parts_from_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fr-fr")).unwrap();
    std::fs::write(
            dir.path().join("sitemap.xml"),
            "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<sitemap><loc>https://x.example/docs/fr-fr/sitemap.xml</loc></sitemap>\n<sitemap><loc>https://x.example/docs/de-de/sitemap.xml</loc></sitemap>\n</sitemapindex>\n",
        )
        .unwrap();
    std::fs::write(
            dir.path().join("fr-fr/sitemap.xml"),
            "<urlset><url><loc>https://x.example/docs/fr-fr/a?x=1&amp;y=2</loc></url>\n<url><loc><![CDATA[https://x.example/docs/fr-fr/b]]></loc></url></urlset>",
        )
        .unwrap();
    let (k, diags) = KnownUrls::load(&[dir.path().join("sitemap.xml")]);
    assert_eq!(k.count, 2);
    assert!(k.contains("https://x.example/docs/fr-fr/a"));
    assert!(k.contains("https://x.example/docs/fr-fr/b/"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.contains("de-de/sitemap.xml"));
}

#[test]
fn a_list_reports_lines_that_are_no_urls_and_bad_xml_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        "# other docset\nhttps://a.example/x/y\n\nnot a url\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<urlset>\n<url><loc>https://a.example/x/z</loc></urlx>",
    )
    .unwrap();
    let (k, diags) = KnownUrls::load(&[list.clone(), bad.clone()]);
    assert!(k.contains("https://a.example/x/y"));
    assert!(diags.iter().any(|d| d.file == list && d.line == 4));
    assert!(
        diags
            .iter()
            .any(|d| d.file == bad && d.line == 2 && d.is_error()),
        "{diags:?}"
    );
    let (_, missing) = KnownUrls::load(&[dir.path().join("nope.xml")]);
    assert!(missing[0].is_error());
}

#[test]
fn empty_cut_off_and_odd_sitemaps_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let good = write("good.txt", "https://a.example/x/y\n");
    let empty = write("empty.xml", "<html><body>Not found</body></html>");
    let cut = write(
        "cut.xml",
        "<urlset><url><loc>https://a.example/x/z</loc></url>\n<url><loc>https://a.exa",
    );
    let entity = write(
        "entity.xml",
        "<urlset><url><loc>https://a.example/x/&e;</loc></url><url><loc>https://a.example/x/w</loc></url></urlset>",
    );
    let (k, diags) = KnownUrls::load(&[good, empty.clone(), cut.clone(), entity.clone()]);
    let at = |p: &Path| diags.iter().filter(|d| d.file == p).collect::<Vec<_>>();
    assert!(
        at(&empty)
            .iter()
            .any(|d| d.is_error() && d.message.contains("no URL"))
    );
    assert!(
        at(&cut)
            .iter()
            .any(|d| d.is_error() && d.message.contains("cut off")),
        "{diags:?}"
    );
    assert!(
        !k.contains("https://a.example/x/z"),
        "a cut-off file gives nothing"
    );
    assert!(
        at(&entity)
            .iter()
            .any(|d| !d.is_error() && d.message.contains("&e;"))
    );
    assert!(k.contains("https://a.example/x/w") && !k.contains("https://a.example/x/"));
}

#[test]
fn index_parts_need_their_folder_and_may_be_decompressed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("widgets/en-us")).unwrap();
    std::fs::create_dir_all(d.join("en-us")).unwrap();
    // Another docset's sitemap at `en-us/sitemap.xml` is not the part `…/gadgets/en-us/…`.
    std::fs::write(
        d.join("en-us/sitemap.xml"),
        "<urlset><url><loc>https://x.example/en-us/other/a</loc></url></urlset>",
    )
    .unwrap();
    std::fs::write(
        d.join("widgets/en-us/sitemap-1.xml"),
        "<urlset><url><loc>https://x.example/en-us/widgets/a</loc></url></urlset>",
    )
    .unwrap();
    std::fs::write(
            d.join("index.xml"),
            "<sitemapindex><sitemap><loc>https://x.example/widgets/en-us/sitemap-1.xml.gz</loc></sitemap><sitemap><loc>https://x.example/gadgets/en-us/sitemap.xml</loc></sitemap></sitemapindex>",
        )
        .unwrap();
    let (k, diags) = KnownUrls::load(&[d.join("index.xml")]);
    assert!(k.contains("https://x.example/en-us/widgets/a"));
    assert!(!k.contains("https://x.example/en-us/other/a"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    // Parts below the index's own folder on the host (Tandem's, under a base_url path).
    let t = tempfile::tempdir().unwrap();
    for (n, page) in [(1, "a"), (2, "b")] {
        let url = format!("https://x.example/help/en-us/{page}");
        let part = t.path().join(format!("sitemap-{n}.xml"));
        std::fs::write(part, urlset(&[&url])).unwrap();
    }
    std::fs::write(
            t.path().join("sitemap.xml"),
            "<sitemapindex><sitemap><loc>https://x.example/help/sitemap-1.xml</loc></sitemap><sitemap><loc>https://x.example/help/sitemap-2.xml</loc></sitemap></sitemapindex>",
        )
        .unwrap();
    let (k2, d2) = KnownUrls::load(&[t.path().join("sitemap.xml")]);
    assert!(d2.is_empty(), "{d2:?}");
    assert!(
        k2.contains("https://x.example/help/en-us/a")
            && k2.contains("https://x.example/help/en-us/b")
    );
    assert!(diags[0].message.contains("gadgets/en-us/sitemap.xml"));
}
