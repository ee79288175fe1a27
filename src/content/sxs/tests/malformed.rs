//! Malformed pairs: mismatched, unpaired, orphan, unclosed and duplicate ids.

use super::*;

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
