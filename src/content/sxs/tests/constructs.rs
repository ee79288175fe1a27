//! Each sxs construct met in the corpus: headings, lists, tables, links, quotes, emphasis, nesting.

use super::*;

#[test]
fn heading_with_anchor() {
    let text = format!(
        "# <a name=\"check\"></a>{}\n\nNext\n",
        pair("a1-103", "Vérifier", "Check")
    );
    let s = run(&text);
    assert_clean(&s);
    assert_eq!(s.source, "# <a name=\"check\"></a>Check\n\nNext\n".into());
    assert_eq!(
        s.translated,
        "# <a name=\"check\"></a>Vérifier\n\nNext\n".into()
    );
    assert!(s.bilingual);
    assert_eq!(
        s.segments,
        vec![Segment::new("a1-103", "Vérifier", "Check", 1)]
    );
}

#[test]
fn list_item() {
    let text = format!("intro\n\n-   {}\n-   plain\n", pair("a-1", "Un", "One"));
    let s = run(&text);
    assert_clean(&s);
    assert_eq!(s.source, "intro\n\n-   One\n-   plain\n".into());
    assert_eq!(s.segments[0].line, 3);
}

#[test]
fn pipe_table_row_two_pairs() {
    let text = format!(
        "| A | B |\n|---|---|\n| {} | {} |\n",
        pair("t-1", "Chat", "Cat | dog"),
        pair("t-2", "**Gras**", "**Bold**")
    );
    let s = run_wrapped(&text);
    assert_clean(&s);
    assert_eq!(
        s.source,
        "| A | B |\n|---|---|\n| Cat | dog | **Bold** |\n".into()
    );
    assert!(
        with_sources(&s)
            .contains(r#"<span class="seg" id="s-t-1" data-source="Cat &#124; dog">Chat</span>"#),
        "{}",
        with_sources(&s)
    );
    assert!(
        with_sources(&s)
            .contains(r#"<span class="seg" id="s-t-2" data-source="Bold">**Gras**</span> |"#),
        "{}",
        with_sources(&s)
    );
    assert_eq!(s.segments.len(), 2);
}

#[test]
fn html_table_cell() {
    let text = format!(
        "<table>\n<tr>\n<td><p><strong>{}</strong></p></td>\n</tr>\n</table>\n",
        pair("h-1", "Rôle", "Role")
    );
    let s = run(&text);
    assert_clean(&s);
    assert!(s.source.contains("<td><p><strong>Role</strong></p></td>"));
    assert!(
        s.translated
            .contains("<td><p><strong>Rôle</strong></p></td>")
    );
}

#[test]
fn link_text() {
    let text = format!(
        "[{}](check-service-health.md)\n",
        pair("l-1", "Vérifier", "Check")
    );
    let s = run_wrapped(&text);
    assert_clean(&s);
    assert_eq!(s.source, "[Check](check-service-health.md)\n".into());
    assert!(with_sources(&s).starts_with(
        "[<span class=\"seg\" id=\"s-l-1\" data-source=\"Check\">Vérifier</span>](check"
    ));
}

#[test]
fn blockquote_alert() {
    let text = format!(">[!NOTE]\n> {}\n", pair("n-1", "Remarque", "Note"));
    let s = run(&text);
    assert_clean(&s);
    assert_eq!(s.source, ">[!NOTE]\n> Note\n".into());
    assert_eq!(s.translated, ">[!NOTE]\n> Remarque\n".into());
}

#[test]
fn legacy_note_with_br() {
    let text = format!(
        "><span>**Remarque**</span>{}<br>{}\n",
        pair("r-1", "**Remarque**", "**Note**"),
        pair("r-2", "Texte", "Text")
    );
    let s = run(&text);
    assert_clean(&s);
    assert_eq!(
        s.source,
        "><span>**Remarque**</span>**Note**<br>Text\n".into()
    );
}

#[test]
fn emphasis_around_and_inside() {
    let text = format!(
        "**{}** and *{}*\n",
        pair("e-1", "*très* _bien_", "*very* _good_"),
        pair("e-2", "x", "y")
    );
    let s = run_wrapped(&text);
    assert_clean(&s);
    assert_eq!(s.source, "***very* _good_** and *y*\n".into());
    assert!(
        with_sources(&s).contains("data-source=\"very good\">*très* _bien_</span>"),
        "{}",
        with_sources(&s)
    );
}

#[test]
fn pair_across_lines_in_blockquote_keeps_line_count() {
    let text = "> <span data-ttu-id=\"m-1\">ligne un\n> ligne deux</span><span class=\"sxs-lookup\"><span data-stu-id=\"m-1\">line one\n> line two</span></span> fin\n> after\n";
    for s in [run(text), run_wrapped(text)] {
        assert_clean(&s);
        assert_eq!(lines(&s.source), lines(text), "{}", s.source);
        assert_eq!(
            lines(&with_sources(&s)),
            lines(text),
            "{}",
            with_sources(&s)
        );
        assert!(
            s.source
                .starts_with("> line one\n> line two<span\ndata-pad></span> fin\n> after"),
            "{}",
            s.source
        );
        // The padding renders as nothing and the quote stays one paragraph.
        let html = render(&s.source);
        assert_eq!(html.matches("<p>").count(), 1, "{html}");
        assert!(!html.contains("&lt;span"), "{html}");
        let html = render(&with_sources(&s));
        assert_eq!(html.matches("<p>").count(), 1, "{html}");
        assert!(!html.contains("&lt;span"), "{html}");
    }
    let s = run_wrapped(text);
    assert!(
        with_sources(&s).contains(
            "data-source=\"line one line two\"\ndata-pad>ligne un\n> ligne deux</span> fin"
        ),
        "{}",
        with_sources(&s)
    );
}

#[test]
fn multi_line_halves_with_links() {
    let text = "<span data-ttu-id=\"k-1\">[Un](a)\n[Deux](b)</span><span class=\"sxs-lookup\"><span data-stu-id=\"k-1\">[One](a)\n[Two](b)</span></span>\n\nNext para\n";
    let s = run_wrapped(text);
    assert_clean(&s);
    assert_eq!(lines(&s.source), lines(text));
    assert_eq!(lines(&with_sources(&s)), lines(text));
    assert!(
        with_sources(&s).contains("data-source=\"One Two\""),
        "{}",
        with_sources(&s)
    );
    assert_eq!(render(&s.source).matches("<p>").count(), 2);
}

fn render(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(md));
    html
}

#[test]
fn borrowed_source_keeps_the_line_count() {
    // Found by the property test: a pair whose source is borrowed from a longer span elsewhere.
    let text = "<span data-ttu-id=\"a-1\"><span class=\"sxs-lookup\">---\n<span data-stu-id=\"a-1\"><span data-ttu-id=\"a-1\"><span class=\"sxs-lookup\">---\n---\n</span>---\n---\n---\n</span>---\n---\n<span class=\"sxs-lookup\"></span></span><span class=\"sxs-lookup\">:::image type=\"content\" source=\"x.png\" alt-text=\"a\":::\n";
    for wrap in [false, true] {
        let s = split(
            text,
            Path::new("p.md"),
            1,
            &Options {
                wrap_segments: wrap,
            },
        );
        assert_eq!(lines(&s.source), lines(text), "{:?}", s.source);
        assert_eq!(lines(&s.translated), lines(text), "{:?}", s.translated);
    }
}

#[test]
fn nested_spans_in_halves() {
    let text = pair(
        "n-1",
        "a <span class=\"x\">b <span>c</span></span> d",
        "A <span style='color:red'>B</span> C",
    );
    let s = run_wrapped(&text);
    assert_clean(&s);
    assert_eq!(s.source, "A <span style='color:red'>B</span> C".into());
    assert!(with_sources(&s).ends_with(">a <span class=\"x\">b <span>c</span></span> d</span>"));
    assert!(with_sources(&s).contains("data-source=\"A B C\""));
}
