//! Includes, block and inline, nested, cyclic or missing, and code includes read from files.

use super::*;

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
