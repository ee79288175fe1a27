//! Tests of the split: each sxs construct met in the corpus, malformed input, line counts, linear
//! time, and the whole real corpus. (Large: one case per construct keeps each failure readable.)

use super::pairing::{Locator, MAX_DIAGNOSTICS};
use super::plain::{is_plain, plain_bytes, reduce_to_plain_text};
use super::*;
use crate::diagnostics::Severity;
use std::path::PathBuf;

proptest::proptest! {
    /// Whenever the shortcut takes text as already plain, the reduction gives it back as it is.
    #[test]
    fn plain_text_shortcut_agrees_with_the_reduction(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "mot", "Vérifier", " ", " ", "  ", "\u{a0}", "\u{202f}", "\u{2003}", ":", "’", "(522)",
            "\n", "\t", "\r", "<br>", "<", "*", "_", "`", "!", "[", "]", "&amp;", "&", "\\", ">",
            "|", "#", "\u{b}", "\u{c}", "\u{85}", "x_y", "é",
        ]), 0..12)
    ) {
        let s: String = parts.concat();
        if is_plain(&s) {
            proptest::prop_assert_eq!(reduce_to_plain_text(&s), s);
        }
    }

    /// The eight-bytes-at-a-time scan decides as a byte-by-byte scan does.
    #[test]
    fn plain_text_shortcut_in_chunks_agrees_with_byte_by_byte(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "mot", "Vérifier", " ", " ", "  ", "\u{a0}", ":", "’", "(522)", "\n", "\t", "<br>",
            "*", "_", "&", "x", "ab", "abcdefg",
        ]), 0..16)
    ) {
        let s: String = parts.concat();
        let bytewise = plain_bytes(s.as_bytes(), true) == Some(false)
            && !s.starts_with(char::is_whitespace)
            && !s.ends_with(char::is_whitespace);
        proptest::prop_assert_eq!(is_plain(&s), bytewise);
    }

    /// The locator, walking forward, gives what counting from the start gives.
    #[test]
    fn locator_agrees_with_line_col(
        text in "[a\né\r€ ]{0,60}",
        mut cuts in proptest::collection::vec(0usize..70, 0..8)
    ) {
        cuts.sort_unstable();
        let mut loc = Locator::new(&text);
        for c in cuts {
            let c = c.min(text.len());
            proptest::prop_assert_eq!(loc.at(c), crate::diagnostics::line_col(&text, c));
        }
    }
}

/// The translated half with each wrapper's `data-source` added from its segment, as the
/// renderer adds it.
fn with_sources(s: &Split) -> String {
    let mut out = String::new();
    let mut rest = &*s.translated;
    for seg in &s.segments {
        let mut open = SEG_OPEN.to_string();
        attr_escape_into(&mut open, seg.id());
        open.push('"');
        let Some(at) = rest.find(&open) else { continue };
        out.push_str(&rest[..at + open.len()]);
        out.push_str(" data-source=\"");
        data_source_into(&mut out, seg.source());
        out.push('"');
        rest = &rest[at + open.len()..];
    }
    out.push_str(rest);
    out
}

fn pair(id: &str, t: &str, s: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{s}</span></span>"
    )
}

fn run(text: &str) -> Split {
    split(
        text,
        Path::new("doc.md"),
        1,
        &Options {
            wrap_segments: false,
        },
    )
}

fn run_wrapped(text: &str) -> Split {
    split(
        text,
        Path::new("doc.md"),
        1,
        &Options {
            wrap_segments: true,
        },
    )
}

fn codes(s: &Split) -> Vec<&'static str> {
    s.diagnostics.iter().map(|d| d.code).collect()
}

fn assert_clean(s: &Split) {
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    for out in [&s.source, &s.translated] {
        assert!(
            !out.contains("data-ttu-id")
                && !out.contains("data-stu-id")
                && !out.contains("sxs-lookup"),
            "{out}"
        );
    }
}

fn lines(s: &str) -> usize {
    s.split('\n').count()
}

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
fn mismatched_ids() {
    let text = format!(
        "{}\n\n<span data-ttu-id=\"x-1\">Un</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-2\">Two</span></span>\n",
        pair("x-0", "Zéro", "Zero")
    );
    let s = run(&text);
    assert_eq!(codes(&s), vec!["sxs-mismatch"]);
    let d = &s.diagnostics[0];
    assert!(d.is_error() && d.help.is_some());
    assert_eq!((d.line, d.col), (3, 1));
    assert!(s.translated.contains("\nUn\n"));
    // No stu with id x-1 exists, so the unit's own stu text is used.
    assert!(s.source.contains("\nTwo\n"));

    // When the stu with the ttu's id exists elsewhere, it is used.
    let text = format!(
        "<span data-ttu-id=\"y-1\">Un</span><span class=\"sxs-lookup\"><span data-stu-id=\"y-2\">Two</span></span> {}\n",
        { "<span class=\"sxs-lookup\"><span data-stu-id=\"y-1\">One</span></span>" }
    );
    let s = run(&text);
    assert!(codes(&s).contains(&"sxs-mismatch"));
    assert!(s.source.starts_with("One "), "{}", s.source);
}

#[test]
fn unpaired_ttu() {
    let s = run("Hello <span data-ttu-id=\"u-1\">Bonjour</span> world\n");
    assert_eq!(codes(&s), vec!["sxs-unpaired"]);
    let d = &s.diagnostics[0];
    assert_eq!((d.line, d.col, d.severity), (1, 7, Severity::Error));
    assert_eq!(s.translated, "Hello Bonjour world\n".into());
    assert_eq!(s.source, "Hello  world\n".into());
    assert!(!s.bilingual);
}

#[test]
fn orphan_stu() {
    let s = run("é <span class=\"sxs-lookup\"><span data-stu-id=\"o-1\">Source</span></span>\n");
    assert_eq!(codes(&s), vec!["sxs-unpaired"]);
    assert_eq!((s.diagnostics[0].line, s.diagnostics[0].col), (1, 3));
    assert_eq!(s.translated, "é Source\n".into());
    assert_eq!(s.source, "é Source\n".into());
    let s = run("<span data-stu-id=\"o-2\">Bare</span>\n");
    assert_eq!(codes(&s), vec!["sxs-unpaired"]);
    assert_eq!(s.source, "Bare\n".into());
}

#[test]
fn unclosed_span() {
    let s = run("a\n<span data-ttu-id=\"c-1\">Texte sans fin\nnext line\n");
    assert!(codes(&s).contains(&"sxs-unclosed"), "{:?}", s.diagnostics);
    let d = s
        .diagnostics
        .iter()
        .find(|d| d.code == "sxs-unclosed")
        .map(|d| (d.line, d.col));
    assert_eq!(d, Some((2, 1)));
    assert_eq!(s.translated, "a\nTexte sans fin\nnext line\n".into());

    // A translated span missing its `</span>` still pairs with the lookup on its line.
    let s = run(
        "<span data-ttu-id=\"c-2\">Un<span class=\"sxs-lookup\"><span data-stu-id=\"c-2\">One</span></span>\n",
    );
    assert_eq!(codes(&s), vec!["sxs-unclosed"]);
    assert_eq!(s.source, "One\n".into());
    assert_eq!(s.translated, "Un\n".into());
    assert_eq!(s.segments.len(), 1);
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

#[test]
fn deep_nesting_and_garbage_do_not_panic() {
    let deep = "<span data-ttu-id=\"d\">".repeat(100_000) + &"</span>".repeat(3);
    let _ = run(&deep);
    for t in [
        "<span",
        "<span data-ttu-id=\"",
        "<span data-ttu-id='x'>é",
        "</span></span>",
        "<span class=sxs-lookup>",
        "<span data-ttu-id=>x</span><span data-stu-id=>y</span>",
        "<",
        "&",
        "\u{0}<span/>",
        "<span data-ttu-id=\"a\">[x](</span><span class=\"sxs-lookup\"><span data-stu-id=\"a\">![y](&#xFFFFFF; &#0; \\</span></span>",
    ] {
        let s = run_wrapped(t);
        let _ = (s.source, s.translated);
    }
}

#[test]
fn random_input_never_panics() {
    const PARTS: &[&str] = &[
        "<span data-ttu-id=\"a\">",
        "<span data-ttu-id='b'>",
        "<span class=\"sxs-lookup\">",
        "<span data-stu-id=\"a\">",
        "<span data-stu-id=\"b\">",
        "<span>",
        "<span/>",
        "</span>",
        "</span >",
        "<span",
        "\"",
        "'",
        "<",
        ">",
        "\n",
        "\r\n",
        "> ",
        "é",
        "💥",
        "&nbsp;",
        "&#x1F4A5;",
        "&",
        "[x](y)",
        "](",
        "\\",
        "*",
        "_",
        " ",
        "|",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..3000 {
        let mut t = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 40) as usize;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            t.push_str(PARTS[(seed % PARTS.len() as u64) as usize]);
        }
        let s = run_wrapped(&t);
        for d in &s.diagnostics {
            assert!(d.line >= 1 && d.col >= 1, "{t:?} {d:?}");
        }
        let _ = run(&t);
        let _ = plain_text(&t);
    }
}

#[test]
fn hostile_plain_text_is_linear() {
    for unit in ["<a", "](", "](((", "[x]["] {
        let s = unit.repeat(2_000_000 / unit.len());
        let start = std::time::Instant::now();
        let _ = plain_text(&s);
        let t = format!("<span data-ttu-id=\"h\">x</span><span data-stu-id=\"h\">{s}</span>");
        let _ = run_wrapped(&t);
        let _ = run(&"<span a='<span b=\"".repeat(200_000));
        assert!(start.elapsed().as_secs() < 20, "{unit}");
    }
}

#[test]
fn duplicate_ids() {
    let text = format!(
        "{}\n{}\n",
        pair("d-1", "Un", "One"),
        pair("d-1", "Deux", "Two")
    );
    let s = run(&text);
    assert_eq!(codes(&s), vec!["sxs-duplicate-id"]);
    assert_eq!(s.diagnostics[0].severity, Severity::Warning);
    assert_eq!(s.diagnostics[0].line, 2);
    assert_eq!(s.source, "One\nTwo\n".into());
}

#[test]
fn no_spans_is_monolingual() {
    let text = "# Title\n\nSome <span class=\"x\">text</span> & more.\r\n| a | b |\n";
    let s = run_wrapped(text);
    assert!(!s.bilingual);
    assert!(s.diagnostics.is_empty() && s.segments.is_empty());
    assert_eq!(s.source, text.into());
    assert_eq!(s.translated, text.into());
}

#[test]
fn crlf_input() {
    let text = "# T\r\n\r\n<span data-ttu-id=\"r-1\">Un\r\ndeux</span><span class=\"sxs-lookup\"><span data-stu-id=\"r-1\">One two</span></span>\r\nend\r\n";
    let s = run(text);
    assert_clean(&s);
    assert_eq!(
        s.source,
        "# T\r\n\r\nOne two<span\r\ndata-pad></span>\r\nend\r\n".into()
    );
    assert_eq!(s.translated, "# T\r\n\r\nUn\r\ndeux\r\nend\r\n".into());
    assert_eq!(s.segments[0].line, 3);
}

#[test]
fn nbsp_kept() {
    let text = pair("b-1", "Office&nbsp;365", "Office 365 &amp; more &unknown;");
    let s = run_wrapped(&text);
    assert_clean(&s);
    assert!(with_sources(&s).ends_with(">Office&nbsp;365</span>"));
    assert!(
        with_sources(&s).contains("data-source=\"Office 365 &amp; more &amp;unknown;\""),
        "{}",
        with_sources(&s)
    );
    assert_eq!(source_text(&text), "Office 365 &amp; more &unknown;");
    assert_eq!(translated_text(&text), "Office&nbsp;365");
}

#[test]
fn tolerant_attributes() {
    let text = "<SPAN  data-ttu-id = 'q-1' >Un</span>  <span class='x sxs-lookup' ><span data-stu-id=q-1>One</span ></span>";
    let s = run(text);
    assert_clean(&s);
    assert_eq!((&*s.source, &*s.translated), ("One", "Un"));
}

#[test]
fn first_line_offset_and_plain_text() {
    let s = split(
        &format!("x\n{}", pair("f-1", "a", "b")),
        Path::new("f.md"),
        10,
        &Options::default(),
    );
    assert_eq!(s.segments[0].line, 11);
    let s = split(
        "x\n<span data-ttu-id=\"z\">a</span>",
        Path::new("f.md"),
        10,
        &Options::default(),
    );
    assert_eq!((s.diagnostics[0].line, s.diagnostics[0].col), (11, 1));
    assert_eq!(s.diagnostics[0].file, PathBuf::from("f.md"));
    assert_eq!(
        plain_text("**Bold** [link](a.md) ![img](i.png) `code` <br>x\\*y snake_case \"q\""),
        "Bold link img code x*y snake_case \"q\""
    );
}

#[test]
fn many_problems_are_capped_and_fast() {
    let text = "<span data-ttu-id=\"a\">x</span> ".repeat(200_000);
    let start = std::time::Instant::now();
    let s = run(&text);
    assert_eq!(s.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(s.diagnostics.last().map(|d| d.code), Some("sxs-too-many"));
    // Linear: even in a debug build this is well under a few seconds.
    assert!(start.elapsed().as_secs() < 20);
    let text = "<span data-ttu-id=\"a\">".repeat(200_000);
    let _ = run(&text);
}

fn corpus_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for up in [
        "../shared/corpus/partner-center-pr.fr-fr",
        "../../shared/corpus/partner-center-pr.fr-fr",
    ] {
        let p = root.join(up);
        if p.is_dir() {
            return p;
        }
    }
    panic!(
        "corpus not found: expected shared/corpus/partner-center-pr.fr-fr one or two levels above {}",
        root.display()
    );
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// The body after a `---` front-matter block and the 1-based line it starts on (the real
/// front-matter parser lives elsewhere; this is enough for the corpus).
fn strip_front_matter(text: &str) -> (&str, u32) {
    if let Some(end) = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n"))
    {
        let body_start = 4 + end + 5;
        return (&text[body_start..], lines(&text[..body_start]) as u32);
    }
    (text, 1)
}

#[test]
fn whole_corpus() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    md_files(&dir, &mut files);
    assert_eq!(files.len(), 146);
    let (mut segments, mut expected) = (0, 0);
    let mut found_health = false;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read corpus file");
        expected += text.matches("data-stu-id").count();
        let (body, first_line) = strip_front_matter(&text);
        for opts in [
            Options {
                wrap_segments: true,
            },
            Options {
                wrap_segments: false,
            },
        ] {
            let s = split(body, f, first_line, &opts);
            let errors: Vec<_> = s.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", f.display());
            let out = &s.source;
            assert!(
                !out.contains("data-ttu-id")
                    && !out.contains("data-stu-id")
                    && !out.contains("sxs-lookup"),
                "{}",
                f.display()
            );
            assert!(
                !s.translated.contains("data-ttu-id") && !s.translated.contains("sxs-lookup"),
                "{}",
                f.display()
            );
            assert_eq!(lines(&s.source), lines(body), "{}", f.display());
            assert_eq!(lines(&s.translated), lines(body), "{}", f.display());
            if opts.wrap_segments {
                segments += s.segments.len();
            }
            if f.ends_with("partner-center/check-service-health.md") {
                found_health = true;
                assert!(s.source.contains("Check service health"));
                assert!(!s.source.contains("Vérifier"));
                let seg = s
                    .segments
                    .iter()
                    .find(|g| g.id() == "312a7-106")
                    .map(|g| (g.line, g.source()));
                assert_eq!(seg, Some((25, "Check service health")));
            }
        }
    }
    assert!(found_health);
    assert_eq!(segments, expected);
    // The subset holds 9,774 of the repo's 32,360 pairs (`grep -o data-stu-id | wc -l`).
    assert_eq!(segments, 9_774);
}
