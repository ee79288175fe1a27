//! Tests of the date patterns and of inline Markdown (the fast path agrees with pulldown-cmark).

use super::inline::{inline_fast, inline_html_parsed, without_a_tags};
use super::*;
use proptest::prelude::*;

#[test]
fn date_pattern_fills_as_three_replace_calls_would() {
    let pieces = [
        "{", "}", "d", "y", "month", "{d}", "{y}", "{month}", " ", "x", ". ",
    ];
    let months = ["janv.", "Nov", "", "{y}an", "}", "{", "y}", "März"];
    let mut patterns = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = patterns
            .iter()
            .flat_map(|p| pieces.iter().map(move |q| format!("{p}{q}")))
            .collect();
        patterns.extend(longer);
    }
    for p in &patterns {
        for m in months {
            let want = p
                .replace("{d}", "5")
                .replace("{month}", m)
                .replace("{y}", "2018");
            assert_eq!(super::fill_date_pattern(p, 5, m, 2018), want, "{p:?} {m:?}");
        }
    }
}

proptest! {
    /// The shortcut gives exactly what the parser gives whenever it answers: random text…
    #[test]
    fn fast_segments_render_as_the_parser_renders_them(
        s in "[ a-zA-Z0-9éà’'\"().,;:?!*_\\[\\]<>&#|\u{a0}\t\n-]{0,40}"
    ) {
        if let Some(fast) = inline_fast(&s) {
            prop_assert_eq!(fast, inline_html_parsed(&s));
        }
    }

    /// …and text assembled from the pieces the shortcut looks for, so that bold runs and
    /// links (which random characters rarely form) are tried in every arrangement.
    #[test]
    fn fast_bold_and_links_render_as_the_parser_renders_them(
        parts in prop::collection::vec(prop::sample::select(vec![
            "mot", "Rôle", "é", "9", "Ⓐ", "ǃ", "×", " ", "  ", "**", "*", "[", "]", "](", ")", "(", "x.md",
            "../a/b-2.md#c", "a b", "!", "|", ":", ".", "’", "\"", "_", "-", "#", "<", "&",
        ]), 0..14)
    ) {
        let s = parts.concat();
        if let Some(fast) = inline_fast(&s) {
            prop_assert_eq!(fast, inline_html_parsed(&s));
        }
    }
}

/// A compare row keeps the text of raw `<a>` tags, as of Markdown links: no anchor ids twice
/// on the page, no in-page links to headings the view does not have.
#[test]
fn compare_rows_drop_raw_anchors_and_links() {
    assert_eq!(
        inline_html("Voir <a href=\"#charge_types\">les types</a> <A NAME=\"x\"></A>fin"),
        "Voir les types fin"
    );
    assert_eq!(inline_html("CSP <a id=\"upgradesubscription\"></a>"), "CSP");
    assert_eq!(inline_html("x <abbr>CSP</abbr>"), "x <abbr>CSP</abbr>");
    for (h, want) in [
        ("<a href=\"#x\">", ""),
        ("</a>", ""),
        ("<a\nid=\"y\"/>", ""),
        ("<a id=\"x\"></a>\n", "\n"),
        ("<p><a name=\"x\"></a>Texte</p>", "<p>Texte</p>"),
        ("<abbr>", "<abbr>"),
        ("<a", "<a"),
        ("<a title=\"x>y\" href=\"#z\">t</a >", "t"),
        ("</abbr>", "</abbr>"),
        ("a < b", "a < b"),
    ] {
        assert_eq!(without_a_tags(h), want, "{h:?}");
    }
}

#[test]
fn plain_and_marked_up_segments() {
    for (md, html) in [
        (
            "Sélectionnez \"Paramètres\" puis Enregistrer.",
            "Sélectionnez \"Paramètres\" puis Enregistrer.",
        ),
        ("Dit \"oui\" ", "Dit \"oui\""),
        (
            "**Rôles appropriés** : agent | administrateur",
            "<strong>Rôles appropriés</strong> : agent | administrateur",
        ),
        ("Voir [le rôle](../a/b-2.md#c) !", "Voir le rôle !"),
    ] {
        assert_eq!(inline_fast(md).as_deref(), Some(html), "{md}");
        assert_eq!(inline_html_parsed(md), html, "{md}");
    }
    for s in [
        "1. item",
        "- item",
        "**gras *et* italique**",
        "a [lien](<x y.md>)",
        "a ![image](x.png)",
        "a &amp; b",
        "    code",
        "# titre",
        "a *b*",
        "x**Ⓐ**",
    ] {
        assert!(inline_fast(s).is_none(), "{s}");
    }
}
