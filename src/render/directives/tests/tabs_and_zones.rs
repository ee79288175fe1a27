//! Tabs, zones and monikers: tab panels, pivots, versions and blocks left unclosed.

use super::*;

/// A translated label keeps its segment id on the panel heading only.
#[test]
fn tab_labels_put_each_segment_id_on_the_page_once() {
    let src = "# [<span class=\"seg\" id=\"s-1-2\">Portail</span>](#tab/portal)\n\nA.\n\n\
               # [CLI](#tab/cli)\n\nB.\n\n---\n";
    let h = r(src, &MapResolver::default()).html;
    assert_eq!(h.matches("id=\"s-1-2\"").count(), 1, "{h}");
    assert!(
        h.contains("data-tab=\"portal\"><span class=\"seg\">Portail</span></a>"),
        "{h}"
    );
    assert!(
        h.contains("<h3 class=\"tab-label\"><span class=\"seg\" id=\"s-1-2\">Portail</span></h3>"),
        "{h}"
    );
    assert_eq!(without_seg_ids("a <b>c</b>"), "a <b>c</b>");
}

#[test]
fn tabs_render_panels_without_js() {
    let src = "# [Windows](#tab/windows)\n\nWin text.\n\n# [**Linux**](#tab/linux)\n\nLinux text.\n\n---\n\nAfter.\n";
    let out = r(src, &MapResolver::default());
    let h = &out.html;
    assert!(h.contains("<div class=\"tabs\" data-tabs><ul><li><a href=\"#tab-windows\" data-tab=\"windows\">Windows</a></li><li><a href=\"#tab-linux\" data-tab=\"linux\"><strong>Linux</strong></a></li></ul></div>"), "{h}");
    assert!(h.contains("<section class=\"tab-panel\" id=\"tab-windows\" data-tab=\"windows\">\n<h3 class=\"tab-label\">Windows</h3>"), "{h}");
    assert!(
        h.contains("<p>Win text.</p>\n</section>\n<section class=\"tab-panel\" id=\"tab-linux\""),
        "{h}"
    );
    assert!(
        h.contains("<p>Linux text.</p>\n</section>\n</div>\n<p>After.</p>"),
        "{h}"
    );
    assert!(!h.contains("<hr"), "{h}");
    assert!(out.headings.is_empty());
}

#[test]
fn zones_with_and_without_pivot() {
    let src = "::: zone pivot=\"win,mac\"\nWin\n::: zone-end\n\n::: zone pivot=\"linux\"\nLinux\n::: zone-end\n";
    let out = r(src, &MapResolver::default());
    assert!(out.html.contains("<div class=\"zone\" data-pivot=\"win mac\">\n<p class=\"zone-label\">win, mac</p>\n<p>Win</p>\n</div>"), "{}", out.html);
    assert!(out.html.contains("Linux"));
    let s = setup();
    let out = render(
        src,
        &opts(&s, "docs/page.md", Some("mac")),
        &MapResolver::default(),
    );
    assert!(
        out.html.contains("<p>Win</p>") && !out.html.contains("Linux"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("zone-label"), "{}", out.html);
}

#[test]
fn monikers_all_labelled_or_one_chosen() {
    let text = "::: moniker range=\">= app-2\"\nNouveau\n::: moniker-end\n::: moniker range=\"app-1\"\nAncien\n::: moniker-end\n";
    let out = r(text, &with_files(&[]));
    assert!(
        out.html
            .contains("<div class=\"moniker\" data-moniker=\"&gt;= app-2\">"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<p class=\"moniker-label\">Version: app-1</p>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("Nouveau") && out.html.contains("Ancien"));
    let s = setup();
    let mut o = opts(&s, "docs/page.md", None);
    o.moniker = Some("app-3");
    let out = render(text, &o, &with_files(&[]));
    assert!(
        out.html.contains("Nouveau") && !out.html.contains("Ancien"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("moniker-label"), "{}", out.html);
}

#[test]
fn unclosed_moniker_in_an_include_ends_with_the_include() {
    let res = with_files(&[
        ("docs/includes/m.md", "::: moniker range=\"v1\"\nOnly v1\n"),
        ("docs/includes/z.md", "::: zone pivot=\"a\"\nOnly a\n"),
    ]);
    let page = "Avant\n\n[!INCLUDE [m](includes/m.md)]\n\nAprès\n";
    let s = setup();
    let mut o = opts(&s, "docs/page.md", None);
    o.moniker = Some("v2");
    let out = render(page, &o, &res);
    assert!(
        out.html.contains("Avant") && out.html.contains("Après"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("Only v1"), "{}", out.html);
    assert_eq!(codes(&out), ["moniker-unclosed"]);
    let d = &out.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.file.to_str(), d.line), (Some("docs/includes/m.md"), 1));
    // Shown (no `[build] moniker`): the block is closed at the end of the include.
    let out = r(page, &res);
    assert_eq!(codes(&out), ["moniker-unclosed"]);
    assert!(
        out.html
            .replace('\n', "")
            .contains("<p>Only v1</p></div><p>Après</p>"),
        "{}",
        out.html
    );
    // At the end of the page itself too.
    let out = r("::: moniker range=\"v1\"\nOnly v1\n", &res);
    assert_eq!(codes(&out), ["moniker-unclosed"]);
    // A zone left out in an include stops there as well.
    let out = render(
        "Avant\n\n[!INCLUDE [z](includes/z.md)]\n\nAprès\n",
        &opts(&s, "docs/page.md", Some("b")),
        &res,
    );
    assert!(
        out.html.contains("Après") && !out.html.contains("Only a"),
        "{}",
        out.html
    );
}
