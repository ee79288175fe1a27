//! Input forms: no spans, CRLF, entities, loose attributes, line offsets and plain text.

use super::*;

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
