//! Directive-like text in code fences, indented code and HTML comments.

use super::*;

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
