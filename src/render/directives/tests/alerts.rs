//! Alerts (`> [!NOTE]` and the other kinds) and the legacy `**Note**` forms.

use super::*;

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
