//! Tests of the structured pages: each page type on real-shaped YAML, lines mapped back, odd input.

use super::writer::{destination, inline_text};
use super::*;

const LANDING: &str = "### YamlMime:Landing\ntitle: Centre <span>A</span>\nsummary: Le *résumé*.\nmetadata:\n  title: Doc\n  ms.date: 02/01/2021\n  ms.contentlocale: fr-FR\nlandingContent:\n- title: Démarrer\n  linkLists:\n  - linkListType: get-started\n    links:\n    - text: Vue d’ensemble\n      url: overview.md\n    - text: Azure\n      url: /azure/lighthouse/overview\n";

fn page(text: &str) -> Synthetic {
    match parse(text, Path::new("x/index.yml")) {
        Parsed::Page(p) => *p,
        other => panic!("not a page: {other:?}"),
    }
}

#[test]
fn mime_type_is_read_from_the_first_line() {
    assert_eq!(yaml_mime("### YamlMime:FAQ\nx: 1"), Some("FAQ"));
    assert_eq!(yaml_mime("\u{feff}### YamlMime:Landing\n"), Some("Landing"));
    assert_eq!(yaml_mime("title: x\n"), None);
    assert!(matches!(
        parse("### YamlMime:ZonePivotGroups\n", Path::new("z.yml")),
        Parsed::NotAPage
    ));
}

#[test]
fn landing_becomes_markdown_with_front_matter() {
    let p = page(LANDING);
    assert_eq!(p.kind, Kind::Landing);
    assert!(p.text.starts_with("---\n"), "{}", p.text);
    assert!(
        p.text.contains("title: Centre <span>A</span>"),
        "{}",
        p.text
    );
    assert!(p.text.contains("meta_title: Doc"), "{}", p.text);
    assert!(p.text.contains("\n# Centre <span>A</span>\n"), "{}", p.text);
    assert!(p.text.contains("Le \\*résumé\\*."), "{}", p.text);
    assert!(p.text.contains("## Démarrer"), "{}", p.text);
    assert!(
        p.text.contains("- [Vue d’ensemble](overview.md)"),
        "{}",
        p.text
    );
    assert!(p.text.contains("data-type=\"get-started\""), "{}", p.text);
}

#[test]
fn synthetic_lines_map_back_to_the_yaml() {
    let p = page(LANDING);
    let n = p
        .text
        .lines()
        .position(|l| l.contains("(overview.md)"))
        .unwrap();
    let col = p.text.lines().nth(n).unwrap().find('[').unwrap() + 1;
    let mut d = Diagnostic::warning("link-broken", "x", n as u32 + 1, col as u32, "m");
    p.lines.map(&mut d);
    assert_eq!(d.line, 14, "the url line");
    assert_eq!(d.col, 12, "the url's column");
}

#[test]
fn stand_in_marks_text_and_empties_link_texts() {
    let p = page(LANDING);
    let s = p.stand_in("fr-fr");
    assert!(
        s.contains("# <span lang=\"fr-fr\">Centre <span>A</span></span>"),
        "{s}"
    );
    assert!(s.contains("- [](overview.md \"Vue d’ensemble\")"), "{s}");
    assert!(!s.contains("meta_title"), "no front matter: {s}");
    let body_lines =
        p.text.lines().count() - p.text.lines().skip(1).position(|l| l == "---").unwrap() - 2;
    assert_eq!(s.lines().count(), body_lines);
}

#[test]
fn faq_questions_and_answers_are_located() {
    let text = "### YamlMime:FAQ\nmetadata:\n  title: F\ntitle: Questions\nsummary: |\n  Intro **bold**.\nsections:\n- name: Général\n  questions:\n  - question: Pourquoi ?\n    answer: |\n      Parce que.\n\n      - un\n      - deux\n  - question: Comment [faire] ?\n    answer: \"Ainsi.\\n\\nVoilà.\"\nadditionalContent: |\n  Plus.\n";
    let p = page(text);
    assert_eq!(p.kind, Kind::Faq);
    assert_eq!(p.faq.len(), 2);
    let body: Vec<&str> = p.text.lines().skip_while(|l| *l != "---").skip(1).collect();
    let body: Vec<&str> = body
        .into_iter()
        .skip_while(|l| *l != "---")
        .skip(1)
        .collect();
    assert_eq!(body[p.faq[0].question.start], "### Pourquoi ?");
    let answer = body[p.faq[0].answer.clone()].join("\n");
    assert!(
        answer.contains("Parce que.") && answer.contains("- deux"),
        "{answer}"
    );
    assert_eq!(body[p.faq[1].question.start], "### Comment \\[faire\\] ?");
    assert!(p.text.contains("## Général"));
    assert!(p.text.contains("Plus."));
    // The second answer's first line is found where it is written.
    let n = p.text.lines().position(|l| l == "Ainsi.").unwrap();
    let mut d = Diagnostic::warning("x", "f", n as u32 + 1, 1, "m");
    p.lines.map(&mut d);
    assert_eq!(d.line, 17);
}

/// The synthetic line that shows `needle`, mapped back to its YAML line.
fn yaml_line_of(p: &Synthetic, needle: &str) -> u32 {
    let n = p.text.lines().position(|l| l.contains(needle)).unwrap();
    p.lines.position(n as u32 + 1, 1).0
}

#[test]
fn values_are_located_whatever_the_key_order_and_folding() {
    // `additionalContent` written before `conceptualContent`, which the walk visits first.
    let hub = "### YamlMime:Hub\ntitle: H\nmetadata:\n  title: H\nadditionalContent:\n  sections:\n    - title: Plus\n      items:\n        - title: A\n          links:\n            - text: Extra\n              url: ./m-additional.md\nconceptualContent:\n  title: Concepts\n  items:\n    - title: B\n      links:\n        - text: Main\n          url: ./m-main.md\n";
    let p = page(hub);
    assert_eq!(yaml_line_of(&p, "m-additional.md"), 12);
    assert_eq!(yaml_line_of(&p, "m-main.md"), 19);
    // A folded answer: its first words are found on the line where it starts.
    let faq = "### YamlMime:FAQ\nmetadata:\n  title: F\ntitle: T\nsections:\n- name: S\n  questions:\n  - question: Q?\n    answer: >\n      Une réponse assez longue qui est\n      repliée sur deux lignes.\n";
    let p = page(faq);
    assert_eq!(yaml_line_of(&p, "Une réponse"), 10);
}

#[test]
fn unknown_types_and_bad_yaml_are_warnings() {
    match parse("### YamlMime:Tutorial\ntitle: x\n", Path::new("t.yml")) {
        Parsed::Skipped(d) => {
            assert_eq!(d.code, "yaml-type-unsupported");
            assert!(d.help.unwrap().contains("Landing, Hub, FAQ"));
        }
        other => panic!("{other:?}"),
    }
    match parse("### YamlMime:FAQ\ntitle: [x\n", Path::new("t.yml")) {
        Parsed::Skipped(d) => assert_eq!(d.code, "yaml-page-invalid"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hub_sections_become_cards() {
    let text = "### YamlMime:Hub\ntitle: Hub\nsummary: S\nmetadata:\n  title: H\nhighlightedContent:\n  items:\n    - title: Quoi\n      itemType: overview\n      url: ./what.md\nconceptualContent:\n  title: Utiliser\n  items:\n    - title: Débuter\n      links:\n        - text: Installer\n          itemType: download\n          url: ./install.md\nadditionalContent:\n  sections:\n    - title: Référence\n      items:\n        - title: API\n          links:\n            - text: Vue\n              url: ./api.md\n";
    let p = page(text);
    assert_eq!(p.kind, Kind::Hub);
    for want in [
        "[Quoi](./what.md)",
        "## Utiliser",
        "### Débuter",
        "[Installer](./install.md)",
        "## Référence",
        "[Vue](./api.md)",
        "data-type=\"download\"",
    ] {
        assert!(p.text.contains(want), "{want} in {}", p.text);
    }
}

proptest::proptest! {
    /// Any text after a page type line is a page, a skipped file or not a page: never a panic,
    /// and every line of a page maps back into the YAML file.
    #[test]
    fn any_yaml_gives_a_page_or_a_warning(
        kind in proptest::sample::select(vec!["Landing", "Hub", "FAQ"]),
        body in "(title: |summary: |  - |question: |answer: \\|\n|url: |text: |[a-zé\\[\\]<>\"':#*-]|\n){0,80}",
    ) {
        let text = format!("### YamlMime:{kind}\n{body}");
        if let Parsed::Page(p) = parse(&text, Path::new("p.yml")) {
            let lines = text.lines().count().max(1) as u32;
            for n in 1..=p.text.lines().count() as u32 {
                let (l, _) = p.lines.position(n, 1);
                proptest::prop_assert!(l >= 1 && l <= lines, "line {n} → {l} of {lines}");
            }
        }
    }
}

#[test]
fn inline_text_escapes_markdown_but_keeps_tags() {
    assert_eq!(inline_text("a *b* [c]"), "a \\*b\\* \\[c\\]");
    assert_eq!(
        inline_text("<span data-ttu-id=\"a_1\">x_y</span>"),
        "<span data-ttu-id=\"a_1\">x\\_y</span>"
    );
    assert_eq!(inline_text("- x\n  y"), "\\- x y");
    assert_eq!(inline_text("a < b"), "a \\< b");
    // Only side-by-side spans are markup; other tags are text.
    assert_eq!(
        inline_text("Using List<T> in C#"),
        "Using List\\<T\\> in C\\#"
    );
    assert_eq!(
        inline_text("<script>x</script>"),
        "\\<script\\>x\\</script\\>"
    );
    assert_eq!(
        inline_text("<SPAN lang=x>a</Span>"),
        "<SPAN lang=x>a</Span>"
    );
    assert_eq!(inline_text("<spanner>"), "\\<spanner\\>");
    assert_eq!(inline_text("1. Install first"), "1\\. Install first");
    assert_eq!(inline_text("2020) was"), "2020\\) was");
    assert_eq!(destination("a.md\n\n<script>"), "<a.md script>");
}
