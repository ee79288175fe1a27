//! No panics and linear time on hostile input, capped diagnostics, and the plain-text shortcuts.

use super::*;

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
