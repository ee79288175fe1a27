//! Images (content, icon, complex, inline) and `:::no-loc:::` text.

use super::*;

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
