//! The other block directives (div, video, rows and columns) and unknown directives shown as text.

use super::*;

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
