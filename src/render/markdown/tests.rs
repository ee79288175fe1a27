//! Unit tests of the renderer, and the fixtures (`MapResolver`, `setup`, `opts`, `r`) the
//! directive and search tests reuse.

use std::collections::HashMap;

use super::finish::strip_padding;
use super::*;
use crate::content::sxs;

/// A resolver backed by maps: pages (path -> (url, title, fallback)), assets and included files.
#[derive(Default)]
pub struct MapResolver {
    pub pages: HashMap<String, (String, String, bool)>,
    pub assets: HashMap<String, String>,
    pub files: HashMap<String, String>,
    pub segments: HashMap<String, Vec<sxs::Segment>>,
}

/// Joins `target` to the folder of `from`, handling `~/`, `\`, `.` and `..`; None outside root.
pub fn join(from: &str, target: &str) -> Option<String> {
    let target = target.replace('\\', "/");
    let (base, t) = match target.strip_prefix("~/") {
        Some(t) => (Vec::new(), t.to_string()),
        None => (
            from.split('/').collect::<Vec<_>>()[..from.split('/').count() - 1].to_vec(),
            target,
        ),
    };
    let mut parts: Vec<&str> = base;
    for p in t.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

impl Resolver for MapResolver {
    fn segments(&self, file: &str) -> Option<&[sxs::Segment]> {
        self.segments.get(file).map(Vec::as_slice)
    }

    fn link(&self, from: &str, target: &str) -> LinkTarget {
        if target.contains(':') || target.starts_with("//") {
            return LinkTarget::External;
        }
        let Some(p) = join(from, target) else {
            return LinkTarget::Broken { help: None };
        };
        if let Some((url, title, fallback)) = self.pages.get(&p) {
            return LinkTarget::Page {
                url: url.clone(),
                title: title.clone(),
                fallback: *fallback,
                lang: "en-us".into(),
            };
        }
        match self.assets.get(&p) {
            Some(url) => LinkTarget::Asset { url: url.clone() },
            None => LinkTarget::Broken {
                help: Some("did you mean x.md?".into()),
            },
        }
    }
    fn include(&self, from: &str, path: &str) -> Result<(String, String), IncludeError> {
        let p = join(from, path)
            .ok_or_else(|| IncludeError::Outside("outside the content root".into()))?;
        if let Some(rest) = p.strip_prefix("samples/") {
            return Err(IncludeError::Dependent {
                message: format!("`{rest}` is in the dependent repository `samples`"),
                name: "samples".into(),
                mapped: false,
            });
        }
        self.files
            .get(&p)
            .map(|t| (p.clone(), t.clone()))
            .ok_or_else(|| IncludeError::Missing(format!("no file `{p}`")))
    }
}

pub struct Setup {
    pub labels: DirectiveLabels,
    pub titles: HashMap<String, String>,
    pub words: Vec<(String, String)>,
    pub see_also: Vec<String>,
}

pub fn setup() -> Setup {
    let titles = [
        ("note", "Remarque"),
        ("tip", "Conseil"),
        ("important", "Important"),
        ("caution", "Attention"),
        ("warning", "Avertissement"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let words = [
        ("remarque", "note"),
        ("note", "note"),
        ("conseil", "tip"),
        ("important", "important"),
        ("hinweis", "note"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let see_also = ["see also", "voir aussi", "siehe auch"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    Setup {
        labels: DirectiveLabels {
            code_missing: "Exemple de code non disponible".into(),
            ..DirectiveLabels::default()
        },
        titles,
        words,
        see_also,
    }
}

pub fn opts<'a>(s: &'a Setup, file: &'a str, pivot: Option<&'a str>) -> RenderOptions<'a> {
    RenderOptions {
        file,
        first_line: 1,
        lang: "fr-fr",
        alert_titles: &s.titles,
        legacy_alert_words: &s.words,
        see_also_headings: &s.see_also,
        permalink_label: "Lien permanent",
        zone_pivot: pivot,
        moniker: None,
        labels: &s.labels,
        outside_span_lang: None,
        page_text: true,
    }
}

pub fn r(text: &str, res: &MapResolver) -> Rendered {
    let s = setup();
    render(text, &opts(&s, "docs/page.md", None), res)
}

#[test]
fn line_padding_is_stripped_and_nothing_else() {
    for (html, want) in [
        (
            "<p><span class=\"seg\" id=\"s-1\" data-source=\"a b\"\ndata-pad\ndata-pad>un\ndeux</span></p>",
            "<p><span class=\"seg\" id=\"s-1\" data-source=\"a b\">un\ndeux</span></p>",
        ),
        (
            "<p>One two<span\r\ndata-pad\r\ndata-pad></span>\r\nend</p>",
            "<p>One two\r\nend</p>",
        ),
        (
            "<li>a<span\ndata-pad></span></li><li>b<span\ndata-pad></span></li>",
            "<li>a</li><li>b</li>",
        ),
        // The page's own words are not padding, even after a line ending.
        (
            "<p>x\ndata-pad is an attribute\ndata-pad</p>",
            "<p>x\ndata-pad is an attribute\ndata-pad</p>",
        ),
        ("<p>x\ndata-pad&gt;</p>", "<p>x\ndata-pad&gt;</p>"),
        ("", ""),
    ] {
        assert_eq!(strip_padding(html.to_string()), want, "{html:?}");
    }
}

/// A pair over more lines on one side than the other is padded by the splitter; neither page
/// shows it.
#[test]
fn pairs_over_several_lines_leave_no_padding_in_either_page() {
    let md = "Intro.\n\n<span data-ttu-id=\"1-1\">Un\ndeux</span><span class=\"sxs-lookup\">\
                  <span data-stu-id=\"1-1\">One\ntwo\nthree\nfour</span></span>\n\n\
                  - <span data-ttu-id=\"1-2\">Trois</span><span class=\"sxs-lookup\">\
                  <span data-stu-id=\"1-2\">Three\nmore</span></span>\n";
    let res = site();
    for wrap in [true, false] {
        let opts = sxs::Options {
            wrap_segments: wrap,
        };
        let split = sxs::split(md, std::path::Path::new("a.md"), 1, &opts);
        let text = if wrap {
            &split.translated
        } else {
            &split.source
        };
        assert!(
            text.contains("data-pad"),
            "the fixture must need padding: {text}"
        );
        let html = r(text, &res).html;
        assert!(!html.contains("data-pad"), "{html}");
        assert!(!html.contains("<span></span>"), "{html}");
        assert!(
            html.contains(if wrap { "Trois" } else { "Three\nmore" }),
            "{html}"
        );
    }
}

/// Words either side of a `<br>`, a nested list or an HTML block stay apart in the search text.
#[test]
fn page_text_separates_words_at_breaks_and_nested_items() {
    let text = "- Numéro fiscale\n  - INN – x\n  - PESEL\n\nInfos :<br>le nom<BR/>suite\n\n\
                    mot<bridge>ment</bridge>\n";
    let body = r(text, &site()).text.body;
    let words: Vec<&str> = body.split_whitespace().collect();
    for w in ["fiscale", "INN", "PESEL", ":", "le", "nom", "suite"] {
        assert!(words.contains(&w), "{w} in {body:?}");
    }
    // Other tags that start like `<br` are no break.
    assert!(words.contains(&"motment"), "{body:?}");
}

/// Two headings with the same explicit anchor: the second gets a numbered id and a warning at
/// its line; distinct anchors give none.
#[test]
fn repeated_heading_anchor_is_numbered_and_reported() {
    let text = "## <a name=\"details\"></a>Détails\n\nA.\n\n## <a name=\"details\"></a>Détails\n\nB.\n\n\
                    ## Details\n";
    let out = r(text, &site());
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["details", "details-1", "details-2"], "{}", out.html);
    let d: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == "anchor-duplicate")
        .collect();
    assert_eq!(d.len(), 1, "{:?}", out.diagnostics);
    assert_eq!((d[0].line, d[0].col), (5, 1));
    let distinct = r(
        "## <a name=\"a\"></a>A\n\n## <a name=\"b\"></a>B\n",
        &site(),
    );
    assert!(
        distinct
            .diagnostics
            .iter()
            .all(|d| d.code != "anchor-duplicate"),
        "{:?}",
        distinct.diagnostics
    );
}

/// Without a search index the page's text is not collected, and nothing else changes.
#[test]
fn page_text_is_left_empty_when_not_asked_for() {
    let text = "# Titre\n\nUn **mot**, [un lien](other.md) et ![une image](i.png).\n\n\
                    # [Onglet](#tab/a)\n\nCorps.\n\n---\n\n## Voir aussi\n\n- [Autre](other.md)\n";
    let s = setup();
    let res = site();
    let with = render(text, &opts(&s, "docs/page.md", None), &res);
    let mut o = opts(&s, "docs/page.md", None);
    o.page_text = false;
    let without = render(text, &o, &res);
    assert!(with.text.body.contains("mot") && with.text.body.contains("une image"));
    assert!(with.text.headings.contains("Onglet"), "{:?}", with.text);
    assert_eq!(without.text, PageText::default());
    assert!(!with.see_also.is_empty() && !with.links.is_empty());
    // Everything but the text (HTML, headings, title, See also, links, includes, diagnostics).
    assert_eq!(
        serde_json::to_value(&without).unwrap(),
        serde_json::to_value(&with).unwrap()
    );
}

fn site() -> MapResolver {
    let mut res = MapResolver::default();
    res.pages.insert(
        "docs/other.md".into(),
        ("/fr-fr/docs/other/".into(), "Autre page".into(), false),
    );
    res.pages.insert(
        "docs/old.md".into(),
        ("/en-us/docs/old/".into(), "Old page".into(), true),
    );
    res.pages.insert(
        "top.md".into(),
        ("/fr-fr/top/".into(), "Haut".into(), false),
    );
    res.assets
        .insert("docs/media/a.png".into(), "/docs/media/a.png".into());
    res
}

#[test]
fn slugify_folds_accents_and_collapses() {
    assert_eq!(
        slugify("Vérifier l’intégrité  du service!"),
        "verifier-l-integrite-du-service"
    );
    assert_eq!(slugify("`SELECT`"), "select");
    assert_eq!(slugify("Straße Œuvre"), "strasse-oeuvre");
    assert_eq!(slugify("!!!"), "section");
}

#[test]
fn heading_attributes_and_rewritten_raw_links_keep_their_markup() {
    let out = r(
        "### Titre {#mon-id .a .b}\n\n<a href=\"other.md\" title='dit \"oui\"'>x</a>\n",
        &site(),
    );
    assert!(
            out.html.contains("<h3 id=\"mon-id\" class=\"a b\">Titre<a class=\"permalink\" href=\"#mon-id\" aria-label=\"Lien permanent\">#</a></h3>\n"),
            "{}",
            out.html
        );
    assert!(
        out.html
            .contains("<a href=\"/fr-fr/docs/other/\" title=\"dit &quot;oui&quot;\">x</a>"),
        "{}",
        out.html
    );
}

#[test]
fn heading_gets_slug_id_and_permalink() {
    let out = r("## Étape un\n", &site());
    assert!(out.html.contains("<h2 id=\"etape-un\">Étape un<a class=\"permalink\" href=\"#etape-un\" aria-label=\"Lien permanent\">#</a></h2>"), "{}", out.html);
    assert_eq!(
        out.headings,
        vec![Heading {
            level: 2,
            id: "etape-un".into(),
            text: "Étape un".into()
        }]
    );
}

#[test]
fn duplicate_heading_ids_get_suffixes() {
    let out = r("## A\n\n## A\n\n## A\n", &site());
    let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2"]);
}

#[test]
fn explicit_anchor_gives_heading_id_and_is_removed() {
    let out = r(
        "# <a name=\"check\"></a>Vérifier\n\n## Titre {#custom}\n",
        &site(),
    );
    assert_eq!(out.headings[0].id, "check");
    assert_eq!(out.headings[0].text, "Vérifier");
    assert_eq!(out.title.as_deref(), Some("Vérifier"));
    assert!(!out.html.contains("name="), "{}", out.html);
    assert_eq!(out.headings[1].id, "custom");
}

#[test]
fn anchors_are_kept_as_id() {
    let out = r(
        "<a name=\"x\"></a>\n\nText <a href=\"\" id=\"y\"></a> here\n",
        &site(),
    );
    assert!(out.html.contains("<a id=\"x\"></a>"), "{}", out.html);
    assert!(out.html.contains("<a id=\"y\"></a>"), "{}", out.html);
}

#[test]
fn hashes_without_space_are_not_a_heading() {
    let out = r("####<a name=\"x\"></a>Texte\n", &site());
    assert!(out.headings.is_empty());
    assert!(out.html.starts_with("<p>"), "{}", out.html);
}

#[test]
fn page_link_is_rewritten_with_fragment() {
    let out = r("See [other](other.md#part) and [top](~/top.md).\n", &site());
    assert!(
        out.html
            .contains("<a href=\"/fr-fr/docs/other/#part\">other</a>"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<a href=\"/fr-fr/top/\">top</a>"),
        "{}",
        out.html
    );
    assert_eq!(out.links[0].kind, "page");
    assert_eq!(out.links[0].target, "other.md#part");
}

#[test]
fn backslash_path_resolves() {
    let out = r("[x](..\\top.md)\n", &site());
    assert!(out.html.contains("href=\"/fr-fr/top/\""), "{}", out.html);
}

#[test]
fn fallback_link_is_marked() {
    let out = r("[old](old.md)\n", &site());
    assert!(out.html.contains("<a href=\"/en-us/docs/old/\" class=\"fallback\" hreflang=\"en-us\">old<span class=\"visually-hidden\"> (en-us)</span></a>"), "{}", out.html);
}

#[test]
fn external_and_anchor_links_are_untouched() {
    let out = r(
        "[a](https://example.com/x#y) [b](#local) <https://x.org> [m](mailto:a@b.c)\n",
        &site(),
    );
    assert!(
        out.html.contains("href=\"https://example.com/x#y\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("href=\"#local\""), "{}", out.html);
    assert!(out.html.contains("href=\"https://x.org\""), "{}", out.html);
    assert!(out.html.contains("href=\"mailto:a@b.c\""), "{}", out.html);
    assert!(out.diagnostics.is_empty());
    let kinds: Vec<_> = out.links.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["external", "anchor", "external", "external"]);
}

#[test]
fn broken_link_reports_line_and_col_after_front_matter() {
    let s = setup();
    let mut o = opts(&s, "docs/page.md", None);
    o.first_line = 9;
    let out = render("Intro\n\nsee é [x](missing.md#a)\n", &o, &site());
    let d = &out.diagnostics[0];
    assert_eq!((d.code, d.line, d.col), ("link-broken", 11, 7));
    assert!(d.message.contains("missing.md#a"));
    assert_eq!(d.help.as_deref(), Some("did you mean x.md?"));
    assert!(
        out.html
            .contains("<a href=\"missing.md#a\" class=\"broken\">x</a>"),
        "{}",
        out.html
    );
}

#[test]
fn images_resolve_to_assets() {
    let out = r("![Un **chat**](media/a.png \"t\")\n", &site());
    assert!(
        out.html
            .contains("<img src=\"/docs/media/a.png\" alt=\"Un chat\" title=\"t\">"),
        "{}",
        out.html
    );
}

#[test]
fn raw_html_links_are_rewritten() {
    let out = r(
        "<p><a href=\"other.md\">o</a> <img src=\"media/a.png\" alt=\"x\"/></p>\n",
        &site(),
    );
    assert!(
        out.html.contains("<a href=\"/fr-fr/docs/other/\">"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<img src=\"/docs/media/a.png\" alt=\"x\" />"),
        "{}",
        out.html
    );
}

#[test]
fn see_also_in_three_languages() {
    for h in ["## See also", "## Voir aussi :", "## Siehe auch"] {
        let text = format!(
            "Body\n\n{h}\n\n- [Other](other.md)\n- [Ext](https://x.org)\n- [Gone](gone.md)\n\nAfter.\n"
        );
        let out = r(&text, &site());
        assert_eq!(out.see_also.len(), 3, "{h}");
        assert_eq!(
            out.see_also[0],
            SeeAlsoLink {
                text: "Other".into(),
                url: "/fr-fr/docs/other/".into(),
                title: "Autre page".into(),
                fallback: false,
                broken: false
            }
        );
        assert_eq!(out.see_also[1].title, "Ext");
        assert!(out.see_also[2].broken);
        assert!(!out.html.contains("<li>"), "{}", out.html);
        assert!(!out.html.contains("<h2"), "{}", out.html);
        assert!(out.html.contains("<p>After.</p>"), "{}", out.html);
        assert!(out.headings.is_empty());
    }
}

fn nested(marker: &str) -> Rendered {
    let text = format!("{} deep\n", marker.repeat(10_000));
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || r(&text, &MapResolver::default()))
        .expect("thread");
    handle.join().expect("no stack overflow")
}

#[test]
fn ten_thousand_nested_blockquotes_do_not_overflow() {
    let out = nested(">");
    assert!(out.html.contains("deep"));
    assert_eq!(out.html.matches("<blockquote>").count(), 10_000);
}

#[test]
fn ten_thousand_nested_list_items_do_not_overflow() {
    let out = nested("- ");
    assert!(out.html.contains("deep"));
}

#[test]
fn data_source_comes_from_the_segment_of_each_wrapper_in_order() {
    let mut res = MapResolver::default();
    // `x` has no wrapper on the page (as when a wrapper is consumed elsewhere): the second `a`
    // must still get the second segment's source, not the first's.
    res.segments.insert(
        "docs/page.md".into(),
        vec![
            sxs::Segment::new("a", "Un", "One & <b>", 1),
            sxs::Segment::new("x", "X", "Ex", 2),
            sxs::Segment::new("a", "Trois", "Three", 3),
        ],
    );
    let html = r(
            "<span class=\"seg\" id=\"s-a\">Un</span> and <span class=\"seg\" id=\"s-a\">Trois</span>\n",
            &res,
        )
        .html;
    assert!(
        html.contains("<span class=\"seg\" id=\"s-a\" data-source=\"One &amp;\">Un</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"seg\" id=\"s-a\" data-source=\"Three\">Trois</span>"),
        "{html}"
    );
    // Without segments (a file that is not side by side), wrappers are left as they are.
    let plain = r(
        "<span class=\"seg\" id=\"s-a\">Un</span>\n",
        &MapResolver::default(),
    )
    .html;
    assert!(!plain.contains("data-source"), "{plain}");
}
