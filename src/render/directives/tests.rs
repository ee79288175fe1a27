use super::super::markdown::tests::{MapResolver, opts, r, setup};
use super::super::markdown::{Rendered, render};
use super::tabs::without_seg_ids;
use crate::diagnostics::Severity;

fn with_files(files: &[(&str, &str)]) -> MapResolver {
    let mut res = MapResolver::default();
    for (p, t) in files {
        res.files.insert(p.to_string(), t.to_string());
    }
    res.pages.insert(
        "docs/other.md".into(),
        ("/fr-fr/docs/other/".into(), "Autre".into(), false),
    );
    res.pages.insert(
        "docs/inc/near.md".into(),
        ("/fr-fr/docs/inc/near/".into(), "Près".into(), false),
    );
    res.assets
        .insert("docs/media/a.png".into(), "/docs/media/a.png".into());
    res
}

fn codes(out: &Rendered) -> Vec<&str> {
    out.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn alert_in_every_case_and_spacing() {
    for src in [
        "> [!NOTE]\n> Body text.\n",
        ">[!note] \n> Body text.\n",
        ">  [!Note]\n>Body text.\n",
    ] {
        let out = r(src, &MapResolver::default());
        assert!(
            out.html.contains(
                "<div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">"
            ),
            "{src}: {}",
            out.html
        );
        assert!(out.html.contains("Remarque</p>"), "{}", out.html);
        assert!(
            out.html.contains("<p>Body text.</p>\n</div>"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("blockquote"), "{}", out.html);
    }
    for kind in ["TIP", "IMPORTANT", "CAUTION", "WARNING"] {
        let out = r(&format!("> [!{kind}]\n> x\n"), &MapResolver::default());
        assert!(
            out.html.contains(&format!("alert-{}", kind.to_lowercase())),
            "{}",
            out.html
        );
    }
}

#[test]
fn alert_with_span_lines_and_following_paragraph() {
    let src = ">[!NOTE] \n> <span class=\"seg\" id=\"s-1\" data-source=\"Hi\">Salut [o](other.md)</span>\n \nAprès.\n";
    let out = r(src, &with_files(&[]));
    assert!(out.html.contains("alert-note"), "{}", out.html);
    assert!(
        out.html.contains("href=\"/fr-fr/docs/other/\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("</div>\n<p>Après.</p>"), "{}", out.html);
}

#[test]
fn alert_nested_in_list_keeps_list() {
    let out = r(
        "1. Step\n\n   > [!TIP]\n   > Hint\n2. Next\n",
        &MapResolver::default(),
    );
    assert!(out.html.contains("<li>"), "{}", out.html);
    assert!(out.html.contains("alert-tip"), "{}", out.html);
    assert_eq!(out.html.matches("<ol>").count(), 1, "{}", out.html);
}

#[test]
fn legacy_note_french_translated_page() {
    let src = "><span class=\"seg\" id=\"s-7\" data-source=\"**Note**\">**Remarque**</span><br> <span class=\"seg\" id=\"s-8\" data-source=\"x\">Texte.</span>\n";
    let out = r(src, &MapResolver::default());
    assert!(out.html.contains("alert alert-note"), "{}", out.html);
    assert!(out.html.contains("Texte."), "{}", out.html);
    assert!(
        !out.html.contains("**Remarque**") && !out.html.contains("<strong>Remarque"),
        "{}",
        out.html
    );
}

#[test]
fn legacy_note_english_source_forms() {
    for src in [
        "> **Note**<br>Text here.\n",
        "> **Note:** Text here.\n",
        ">**Important**\n> Text here.\n",
    ] {
        let out = r(src, &MapResolver::default());
        assert!(
            out.html.contains("class=\"alert alert-"),
            "{src}: {}",
            out.html
        );
        assert!(out.html.contains("Text here."), "{}", out.html);
    }
    let out = r(
        "> **Note** that this is a quote.\n",
        &MapResolver::default(),
    );
    assert!(out.html.contains("<blockquote>"), "{}", out.html);
}

#[test]
fn block_include_splices_and_resolves_relative_to_included_file() {
    let res = with_files(&[(
        "docs/inc/a.md",
        "---\nms.topic: include\n---\n## Inclus\n\nVoir [près](near.md) et [x](nope.md).\n",
    )]);
    let out = r("Avant\n\n[!INCLUDE [a](inc/a.md)]\n\nAprès\n", &res);
    assert!(out.html.contains("<h2 id=\"inclus\">"), "{}", out.html);
    assert!(
        out.html.contains("href=\"/fr-fr/docs/inc/near/\""),
        "{}",
        out.html
    );
    assert_eq!(out.includes, ["docs/inc/a.md"]);
    let d = &out.diagnostics[0];
    assert_eq!(
        (d.code, d.file.to_str().unwrap(), d.line, d.col),
        ("link-broken", "docs/inc/a.md", 6, 25)
    );
}

#[test]
fn inline_include() {
    let res = with_files(&[("docs/inc/b.md", "**gras** [près](near.md)\n")]);
    let out = r("Texte [!INCLUDE [b](inc/b.md)] fin.\n", &res);
    assert!(
        out.html.contains(
            "<p>Texte <strong>gras</strong> <a href=\"/fr-fr/docs/inc/near/\">près</a> fin.</p>"
        ),
        "{}",
        out.html
    );
}

#[test]
fn nested_include() {
    let res = with_files(&[
        ("docs/inc/a.md", "A1\n\n[!INCLUDE [b](b.md)]\n"),
        ("docs/inc/b.md", "B1\n"),
    ]);
    let out = r("[!include [a](inc/a.md)]\n", &res);
    assert!(
        out.html.contains("<p>A1</p>") && out.html.contains("<p>B1</p>"),
        "{}",
        out.html
    );
    assert_eq!(out.includes, ["docs/inc/a.md", "docs/inc/b.md"]);
}

#[test]
fn include_cycle_is_an_error_naming_the_chain() {
    let res = with_files(&[
        ("docs/inc/a.md", "[!INCLUDE [b](b.md)]\n"),
        ("docs/inc/b.md", "[!INCLUDE [a](a.md)]\n"),
    ]);
    let out = r("[!INCLUDE [a](inc/a.md)]\n", &res);
    assert_eq!(codes(&out), ["include-cycle"]);
    let m = &out.diagnostics[0].message;
    assert!(
        m.contains("docs/page.md → docs/inc/a.md → docs/inc/b.md → docs/inc/a.md"),
        "{m}"
    );
    assert_eq!(out.diagnostics[0].file.to_str(), Some("docs/inc/b.md"));
}

#[test]
fn include_missing_and_outside_root() {
    let out = r(
        "Texte\n\n  [!INCLUDE [x](nope.md)]\n\n[!INCLUDE [y](../../../etc/passwd)]\n",
        &with_files(&[]),
    );
    assert_eq!(codes(&out), ["include-missing", "include-outside-root"]);
    assert_eq!((out.diagnostics[0].line, out.diagnostics[0].col), (3, 3));
    // The build goes on: a warning, and a box in the include's place.
    assert!(
        out.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    assert_eq!(
        out.html.matches(" content-missing\"").count(),
        2,
        "{}",
        out.html
    );
    assert!(
        out.diagnostics[1].message.contains("outside"),
        "{}",
        out.diagnostics[1].message
    );
}

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
fn code_include_with_region() {
    let code = "using X;\nclass A {\n    // <snippet1>\n    void F() { if (a < b) {} }\n    // </snippet1>\n    #region two\n    int y;\n    #endregion\n}\n";
    let res = with_files(&[("docs/code/a.cs", code)]);
    let out = r(
        "[!code-csharp[Main](code/a.cs#snippet1 \"Title\")]\n\n[!code-cs[](code/a.cs#two)]\n",
        &res,
    );
    assert!(
        out.html.contains(
            "<pre><code class=\"language-csharp\">void F() { if (a &lt; b) {} }</code></pre>"
        ),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<pre><code class=\"language-cs\">int y;</code></pre>"),
        "{}",
        out.html
    );
    let out = r(
        "[!code-cs[x](code/missing.cs)]\n\n[!code-cs[x](code/a.cs#nope)]\n",
        &res,
    );
    assert_eq!(
        codes(&out),
        ["code-include-missing", "code-include-missing"]
    );
}

#[test]
fn images_of_every_type() {
    let res = with_files(&[]);
    let out = r(
        ":::image type=\"content\" source=\"media/a.png\" alt-text=\"Un <chat> & co\" lightbox=\"media/a.png\":::\n",
        &res,
    );
    assert!(out.html.contains("<figure class=\"image\"><a class=\"lightbox\" href=\"/docs/media/a.png\"><img src=\"/docs/media/a.png\" alt=\"Un &lt;chat&gt; &amp; co\" loading=\"lazy\"></a></figure>"), "{}", out.html);
    let out = r(
        "Cliquez :::image type=\"icon\" source=\"media/a.png\" border=\"false\"::: ici.\n",
        &res,
    );
    assert!(out.html.contains("<p>Cliquez <img class=\"icon\" src=\"/docs/media/a.png\" alt=\"\" role=\"presentation\"> ici.</p>"), "{}", out.html);
    let out = r(
        ":::image type=\"complex\" source=\"media/a.png\" alt-text=\"Graphe\" border=\"false\":::\nLong **description**.\n:::image-end:::\n",
        &res,
    );
    assert!(out.html.contains("<figure class=\"image image-complex no-border\"><img src=\"/docs/media/a.png\" alt=\"Graphe\" loading=\"lazy\">"), "{}", out.html);
    assert!(out.html.contains("<details class=\"long-description\"><summary>Graphe</summary><div>\n<p>Long <strong>description</strong>.</p>\n</div></details>\n</figure>"), "{}", out.html);
    assert!(out.diagnostics.is_empty());
}

#[test]
fn image_without_alt_warns() {
    let out = r(
        "Texte\n\n:::image type=\"content\" source=\"media/a.png\":::\n",
        &with_files(&[]),
    );
    assert_eq!(codes(&out), ["image-alt-missing"]);
    assert_eq!(out.diagnostics[0].line, 3);
}

#[test]
fn no_loc_in_table_cell() {
    let src = "| A | B |\n|---|---|\n| :::no-loc text=\"Azure *AD* | <x>\"::: | y |\n";
    let out = r(src, &MapResolver::default());
    assert!(
        out.html.contains("<td>Azure *AD* | &lt;x&gt;</td>"),
        "{}",
        out.html
    );
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
fn directives_in_code_fences_are_left_alone() {
    let out = r(
        "```md\n> [!NOTE]\n[!INCLUDE [a](x.md)]\n```\n",
        &MapResolver::default(),
    );
    assert!(
        out.html.contains("&gt; [!NOTE]") && out.diagnostics.is_empty(),
        "{}",
        out.html
    );
}

#[test]
fn missing_code_sample_is_a_warning_and_a_localized_box() {
    let out = r(
        "Avant\n\n[!code-csharp[Liste](~/samples/P/Program.cs?name=List)]\n\n[!code-json[x](nope.json)]\n",
        &with_files(&[]),
    );
    assert_eq!(codes(&out), ["dependent-missing", "code-include-missing"]);
    assert!(
        out.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    let help = out.diagnostics[0].help.as_deref().unwrap_or("");
    assert!(
        help.contains("add `samples = \"<folder>\"` under [paths] in tandem.toml"),
        "{help}"
    );
    assert_eq!((out.diagnostics[0].line, out.diagnostics[0].col), (3, 1));
    assert_eq!(
        out.html.matches("Exemple de code non disponible").count(),
        2,
        "{}",
        out.html
    );
    assert!(!out.html.contains("[!code"), "{}", out.html);
}

#[test]
fn code_directive_reads_source_and_range() {
    let res = with_files(&[("docs/samples/k.xml", "<a>\n  <b/>\n</a>\n")]);
    let out = r(
        ":::code language=\"xml\" source=\"samples/k.xml\" range=\"2\" highlight=\"2\":::\n",
        &res,
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html
            .contains("<pre><code class=\"language-xml\">&lt;b/&gt;</code></pre>"),
        "{}",
        out.html
    );
}

#[test]
fn div_blocks_wrap_the_rest_of_the_quote() {
    let out = r(
        "> [!div class=\"nextstepaction\"]\n> [Suite](other.md)\n\nAprès\n\n> [!div class=\"checklist\"]\n> - un\n> - deux\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html.contains("<div class=\"docs-div nextstepaction\">\n<p><a href=\"/fr-fr/docs/other/\">Suite</a></p>\n</div>"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<div class=\"docs-div checklist\">\n<ul>"),
        "{}",
        out.html
    );
    assert!(
        !out.html.contains("[!div") && !out.html.contains("<blockquote>"),
        "{}",
        out.html
    );
}

#[test]
fn video_is_a_link_in_the_readers_language_never_an_iframe() {
    let out = r(
        "> [!VIDEO https://example.com/v/player]\n\n> [!Video javascript:alert(1)]\n",
        &with_files(&[]),
    );
    assert!(
        out.html.contains(
            "<a class=\"video-link\" href=\"https://example.com/v/player\">Watch the video</a>"
        ),
        "{}",
        out.html
    );
    assert!(
        !out.html.contains("<iframe") && !out.html.contains("href=\"javascript"),
        "{}",
        out.html
    );
    assert_eq!(
        codes(&out),
        ["directive-unknown"],
        "an unsafe URL is not a video"
    );
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
fn rows_and_columns_make_a_grid() {
    let out = r(
        ":::row:::\n:::column span=\"2\":::\nUn\n:::column-end:::\n:::column:::\nDeux\n:::column-end:::\n:::row-end:::\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert_eq!(
        out.html.replace('\n', ""),
        "<div class=\"row\"><div class=\"column span-2\"><p>Un</p></div><div class=\"column\"><p>Deux</p></div></div>"
    );
}

#[test]
fn a_complex_image_may_end_on_its_description_line() {
    let out = r(
        ":::image type=\"complex\" source=\"media/a.png\" alt-text=\"Graphe\":::\n   Long **description** :::image-end:::\n\nAfter.\n",
        &with_files(&[]),
    );
    let html = out.html.replace('\n', "");
    assert!(
        html.contains("<p>Long <strong>description</strong></p>"),
        "{html}"
    );
    assert!(
        html.contains("</div></details></figure><p>After.</p>"),
        "{html}"
    );
    assert!(!out.html.contains(":::"), "{}", out.html);
}

#[test]
fn indented_column_content_is_markdown_not_code() {
    // As real repositories write them: the column's lines indented under its marker.
    let out = r(
        ":::row:::\n   :::column span=\"\":::\n      **Un** texte.\n\n      - point\n   :::column-end:::\n   :::column:::\n          Deux\n\n              code\n   :::column-end:::\n:::row-end:::\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    let html = out.html.replace('\n', "");
    assert!(
        html.contains(
            "<div class=\"column\"><p><strong>Un</strong> texte.</p><ul><li>point</li></ul></div>"
        ),
        "{html}"
    );
    // Relative indentation stays: four more spaces are still code.
    assert!(html.contains("<p>Deux</p><pre><code>code"), "{html}");
}

#[test]
fn includes_in_list_items_and_table_cells() {
    let res = with_files(&[("docs/inc/two.md", "Premier.\n\nSecond.\n")]);
    let out = r("1. [!INCLUDE [t](inc/two.md)]\n2. Fin\n", &res);
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    let h = out.html.replace('\n', "");
    assert!(
        h.contains("<li><p>Premier.</p><p>Second.</p></li><li>"),
        "{}",
        out.html
    );
    let out = r(
        "| a | b |\n|---|---|\n| x | [!INCLUDE [t](inc/two.md)] |\n",
        &res,
    );
    assert!(
        out.html.contains("<td>Premier.<br>Second.</td>"),
        "{}",
        out.html
    );
}

#[test]
fn comments_are_dropped_but_not_in_code() {
    let out = r(
        "Un <!-- caché --> deux\n\n<!--\n> [!NOTE]\n> caché\n-->\n\n<!-- seul -->\n\n```xml\n<!-- gardé -->\n```\n",
        &with_files(&[]),
    );
    assert!(
        !out.html.contains("caché") && !out.html.contains("seul"),
        "{}",
        out.html
    );
    assert!(
        !out.html.contains("alert"),
        "a commented-out directive stays out: {}",
        out.html
    );
    assert!(out.html.contains("&lt;!-- gardé --&gt;"), "{}", out.html);
    assert!(out.html.contains("Un  deux"), "{}", out.html);
    let out = r(
        "Texte <!-- début\n[!INCLUDE [x](nope.md)]\nfin --> suite\n\n`<!--` reste\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(out.html.contains("<p>Texte  suite</p>"), "{}", out.html);
    assert!(
        out.html.contains("<code>&lt;!--</code> reste"),
        "{}",
        out.html
    );
}

#[test]
fn unknown_directives_warn_and_show_as_text() {
    let out = r(
        ":::frobnicate x=\"<b>\":::\n\n> [!SPOILER]\n> texte\n\n[!NOTE] hors citation\n",
        &with_files(&[]),
    );
    assert_eq!(codes(&out), ["directive-unknown", "directive-unknown"]);
    assert_eq!(out.diagnostics[1].line, 3);
    assert!(
        out.html.contains(":::frobnicate x=\"&lt;b&gt;\":::"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("<b>"), "{}", out.html);
}

fn corpus_dir() -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for up in ["../shared", "../../shared"] {
        let p = root.join(up).join("corpus/partner-center-pr.fr-fr");
        if p.is_dir() {
            return p;
        }
    }
    panic!(
        "corpus not found: expected ../shared/corpus or ../../shared/corpus next to {}",
        root.display()
    );
}

struct AllBroken;
impl super::super::markdown::Resolver for AllBroken {
    fn link(&self, _: &str, _: &str) -> super::super::markdown::LinkTarget {
        super::super::markdown::LinkTarget::Broken { help: None }
    }
    fn include(
        &self,
        _: &str,
        p: &str,
    ) -> Result<(String, String), super::super::markdown::IncludeError> {
        Err(format!("no {p}").into())
    }
}

fn md_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read corpus dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
}

#[test]
fn renders_the_whole_corpus() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    md_files(&dir, &mut files);
    files.sort();
    assert!(files.len() > 100);
    let s = setup();
    let mut note_page = None;
    for f in &files {
        let raw = std::fs::read_to_string(f).expect("read");
        let (body, first_line) = match raw.strip_prefix("---") {
            Some(_) => {
                let mut seen = 0;
                let mut off = 0;
                let mut line = 1;
                for l in raw.split_inclusive('\n') {
                    off += l.len();
                    line += 1;
                    if l.trim_end() == "---" {
                        seen += 1;
                        if seen == 2 {
                            break;
                        }
                    }
                }
                (&raw[off..], line)
            }
            None => (raw.as_str(), 1),
        };
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut o = opts(&s, &rel, None);
        o.first_line = first_line;
        let out = render(body, &o, &AllBroken);
        assert!(!out.html.is_empty() || body.trim().is_empty(), "{rel}");
        assert!(
            !out.html.contains("<!--tandem:") && !out.html.contains("<tandem-ph"),
            "{rel}"
        );
        if rel == "partner-center/check-service-health.md" {
            note_page = Some(out);
        }
    }
    let out = note_page.expect("check-service-health.md rendered");
    assert!(
        out.html
            .contains("<div class=\"alert alert-note\" role=\"note\">"),
        "{}",
        out.html
    );
    assert!(out.links.iter().all(|l| l.line > 20), "{:?}", out.links);
}

#[test]
fn inline_image_followed_by_text_is_not_an_unknown_directive() {
    let res = with_files(&[]);
    let out = r(
        ":::image type=\"content\" source=\"media/a.png\" alt-text=\"Vue\":::.\n",
        &res,
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html
            .contains("<img src=\"/docs/media/a.png\" alt=\"Vue\""),
        "{}",
        out.html
    );
}

#[test]
fn indented_code_is_left_as_written() {
    let out = r(
        "Texte.\n\n    :::foo bar\n    [!custom thing]\n    > [!NOTE]\n\nFin.\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html
            .contains("<pre><code>:::foo bar\n[!custom thing]\n&gt; [!NOTE]\n</code></pre>"),
        "{}",
        out.html
    );
    // Four spaces under a list item are its text, not code: the directive is still read.
    let out = r("- un\n\n    :::foo bar\n", &with_files(&[]));
    assert_eq!(codes(&out), ["directive-unknown"], "{}", out.html);
    // Code inside a blockquote is indented from the `>`.
    let out = r("> Texte.\n>\n>     :::foo bar\n", &with_files(&[]));
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html.contains("<pre><code>:::foo bar\n</code></pre>"),
        "{}",
        out.html
    );
}

#[test]
fn link_text_starting_with_a_bang_is_a_link() {
    let out = r(
        "[!Look here](other.md) is a link.\n\n> [!Voir](other.md) aussi.\n",
        &with_files(&[]),
    );
    assert!(codes(&out).is_empty(), "{:?}", out.diagnostics);
    assert_eq!(
        out.html.matches("<a href=\"/fr-fr/docs/other/\">!").count(),
        2,
        "{}",
        out.html
    );
}

#[test]
fn comment_openers_in_code_do_not_hide_directives() {
    for src in [
        "Texte.\n\n    <!-- a comment starts here\n\n> [!NOTE]\n> Important text.\n",
        "```xml\n<!-- a comment starts here\n```\n\n> [!NOTE]\n> Important text.\n",
    ] {
        let out = r(src, &with_files(&[]));
        assert!(out.html.contains("alert-note"), "{src}: {}", out.html);
        assert!(!out.html.contains("[!NOTE]"), "{src}: {}", out.html);
        assert!(
            out.html.contains("&lt;!-- a comment starts here"),
            "{src}: {}",
            out.html
        );
    }
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
