//! Bad input never costs a writer their site: every problem is reported once, at the right line, with
//! no panic; odd but legal file names work; text from front matter stays text.

mod common;

use std::path::Path;

use common::{html, select};
use tandem::build::{BuildOptions, BuildReport, build};
use tandem::diagnostics::Diagnostic;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn build_site(content: &Path) -> (BuildReport, std::path::PathBuf) {
    let out = content.parent().unwrap().join("output");
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out: out.clone(),
        config: content.parent().unwrap().join("none.toml"),
        config_required: false,
        base_url: None,
        drafts: false,
        strict: false,
    };
    (build(&opts), out)
}

fn find<'a>(r: &'a BuildReport, code: &str, file_end: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == code && d.file.to_string_lossy().ends_with(file_end))
        .collect()
}

const PAIR: &str = "<span data-ttu-id=\"a-1\">Bonjour</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Hello</span></span>";

#[test]
fn every_bad_input_is_reported_once_at_its_line_without_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(
        &c,
        "fr-fr/ok.md",
        format!("---\ntitle: OK\n---\n# {PAIR}\n").as_bytes(),
    );
    write(
        &c,
        "fr-fr/yaml.md",
        b"---\ntitle: ok\nbad: [unclosed\n---\n# x\n",
    );
    write(
        &c,
        "fr-fr/unclosed.md",
        b"---\ntitle: never closed\n# body\n",
    );
    write(
        &c,
        "fr-fr/type.md",
        b"---\ntitle:\n  nested: map\n---\n# x\n",
    );
    write(&c, "fr-fr/utf8.md", b"# ok\nabc \xff\xfe\n");
    write(
        &c,
        "fr-fr/utf16.md",
        &[0xFF, 0xFE, b'#', 0, b' ', 0, b'x', 0],
    );
    write(&c, "fr-fr/nul.md", b"# a\n\nb\0c\n");
    write(&c, "fr-fr/spans.md", b"# t\n\n<span data-ttu-id=\"x-1\">seul</span>\n\n<span data-ttu-id=\"x-2\">A</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-3\">B</span></span>\n");
    write(
        &c,
        "fr-fr/cycle.md",
        b"# cycle\n\n[!INCLUDE [a](includes/a.md)]\n",
    );
    write(&c, "fr-fr/includes/a.md", b"[!INCLUDE [b](b.md)]\n");
    write(&c, "fr-fr/includes/b.md", b"[!INCLUDE [a](a.md)]\n");
    write(
        &c,
        "fr-fr/escape.md",
        b"# x\n\n[!INCLUDE [p](../../../etc/passwd)]\n\n[out](../../../../etc/passwd)\n",
    );
    let (r, out) = build_site(&c);
    assert!(r.errors() > 0);
    assert!(!out.exists(), "a failed first build writes nothing");
    let expect = [
        ("front-matter-yaml", "yaml.md", 3),
        ("front-matter-unclosed", "unclosed.md", 1),
        ("front-matter-type", "type.md", 2),
        ("encoding-utf8", "utf8.md", 2),
        ("encoding-utf16", "utf16.md", 1),
        ("encoding-nul", "nul.md", 3),
        ("sxs-unpaired", "spans.md", 3),
        ("sxs-mismatch", "spans.md", 5),
        // Reported where the cycle closes; the message names the whole chain from cycle.md.
        ("include-cycle", "includes/b.md", 1),
        ("include-outside-root", "escape.md", 3),
        ("link-broken", "escape.md", 5),
    ];
    for (code, file, line) in expect {
        let found = find(&r, code, file);
        assert_eq!(found.len(), 1, "{code} in {file}: {:#?}", r.diagnostics);
        assert_eq!(found[0].line, line, "{code} in {file}: {:?}", found[0]);
        assert!(found[0].help.is_some(), "{code} says how to fix it");
    }
    let utf8 = &find(&r, "encoding-utf8", "utf8.md")[0];
    assert!(utf8.message.contains("offset 9"), "{}", utf8.message);
    // Reported once each: no duplicates.
    let mut keys: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.clone(), d.line, d.col))
        .collect();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n);
}

#[test]
fn line_numbers_are_right_with_crlf_and_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(
        &c,
        "en-us/crlf.md",
        b"\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\n# T\r\n\r\nText.\r\n\r\n[broken](nowhere.md)\r\n",
    );
    let (r, _) = build_site(&c);
    let d = find(&r, "link-broken", "crlf.md");
    assert_eq!(d.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!((d[0].line, d[0].col), (8, 1), "{:?}", d[0]);
}

#[test]
fn huge_files_and_deep_nesting_build_without_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    let mut big = String::from("# Big\n\n");
    let para = format!("{PAIR} and some more text to make the paragraph longer than a line.\n\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&para);
    }
    write(&c, "fr-fr/big.md", big.as_bytes());
    write(
        &c,
        "fr-fr/quotes.md",
        format!("# Q\n\n{}deep\n", "> ".repeat(10_000)).as_bytes(),
    );
    let lists: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    write(&c, "fr-fr/lists.md", format!("# L\n\n{lists}").as_bytes());
    let (r, out) = build_site(&c);
    assert_eq!(
        r.errors(),
        0,
        "{:#?}",
        r.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect::<Vec<_>>()
    );
    assert!(out.join("fr-fr/big/index.html").is_file());
    assert!(out.join("en-us/big/index.html").is_file());
    assert!(out.join("fr-fr/quotes/index.html").is_file());
    assert!(out.join("fr-fr/lists/index.html").is_file());
}

#[test]
fn odd_file_names_work_and_links_to_them_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(&c, "en-us/index.md", b"# Home\n\n- [a](with%20space.md)\n- [b](sharp%23.md)\n- [c](per%25cent.md)\n- [d](caf\xc3\xa9.md)\n- [e](<with space.md>)\n");
    write(&c, "en-us/with space.md", b"# With space\n");
    write(&c, "en-us/sharp#.md", b"# Sharp\n");
    write(&c, "en-us/per%cent.md", b"# Percent\n");
    write(&c, "en-us/café.md", "# Café\n".as_bytes());
    let (r, out) = build_site(&c);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    for dir in ["with space", "sharp#", "per%cent", "café"] {
        assert!(
            out.join("en-us").join(dir).join("index.html").is_file(),
            "{dir}"
        );
    }
    let home = std::fs::read_to_string(out.join("en-us/index.html")).unwrap();
    for href in [
        "/en-us/with%20space/",
        "/en-us/sharp%23/",
        "/en-us/per%25cent/",
        "/en-us/caf%C3%A9/",
    ] {
        assert!(
            home.contains(&format!("href=\"{href}\"")),
            "{href} in {home}"
        );
    }
}

#[test]
fn names_that_differ_only_in_case_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(&c, "en-us/Guide.md", b"# Guide\n");
    write(&c, "en-us/guide.md", b"# guide\n");
    // Non-ASCII too: percent-encoded, their URLs differ in more than case (%C3%89 / %C3%A9).
    write(&c, "en-us/\u{c9}t\u{e9}.md", b"# \xc3\x89t\xc3\xa9\n");
    write(&c, "en-us/\u{e9}t\u{e9}.md", b"# \xc3\xa9t\xc3\xa9\n");
    let (r, _) = build_site(&c);
    let d = find(&r, "url-case-collision", "");
    assert_eq!(d.len(), 2, "{:#?}", r.diagnostics);
    assert!(
        d.iter()
            .any(|d| d.message.contains("Guide.md") && d.message.contains("guide.md"))
    );
    assert!(
        d.iter()
            .any(|d| d.message.contains("\u{c9}t\u{e9}.md")
                && d.message.contains("\u{e9}t\u{e9}.md"))
    );
}

#[test]
fn a_page_named_like_index_keeps_its_folder_and_same_urls_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    // `reindex` is not the `index` page of `re`.
    write(&c, "en-us/re.md", b"# Re\n");
    write(&c, "en-us/reindex.md", b"# Reindex\n");
    let (r, out) = build_site(&c);
    assert_eq!(r.errors(), 0, "{:#?}", r.diagnostics);
    let title = |rel: &str| -> String {
        let doc = html(&out.join(rel));
        let h1: String = select(&doc, "main h1")[0].text().collect();
        // Without the heading's permalink mark.
        h1.trim_end_matches('#').trim().to_string()
    };
    assert_eq!(title("en-us/re/index.html"), "Re");
    assert_eq!(title("en-us/reindex/index.html"), "Reindex");
    // `x.md` and `x/index.md` both make /en-us/x/: one would silently replace the other.
    write(&c, "en-us/x.md", b"# X\n");
    write(&c, "en-us/x/index.md", b"# X index\n");
    let (r, _) = build_site(&c);
    let d = find(&r, "url-collision", "");
    assert_eq!(d.len(), 1, "{:#?}", r.diagnostics);
    assert!(d[0].message.contains("x.md") && d[0].message.contains("x/index.md"));
    // The build goes on with the first file in path order, every time; `check` fails on it.
    assert_eq!(r.errors(), 0, "{:#?}", r.diagnostics);
    assert!(
        d[0].message.contains("`en-us/x.md` is published"),
        "{}",
        d[0].message
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_and_loops_are_diagnosed() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(&c, "en-us/index.md", b"# Home\n");
    write(tmp.path(), "secret.txt", b"do not publish");
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), c.join("en-us/secret.txt")).unwrap();
    std::os::unix::fs::symlink(&c, c.join("en-us/loop")).unwrap();
    // A folder link out of the root: nothing in it is published or included.
    write(tmp.path(), "outside/secret.cs", b"SECRET-CODE");
    std::os::unix::fs::symlink(tmp.path().join("outside"), c.join("en-us/linked")).unwrap();
    write(
        &c,
        "en-us/code.md",
        b"# Code\n\n[!code-csharp[s](linked/secret.cs)]\n",
    );
    let (r, out) = build_site(&c);
    assert!(
        !out.join("en-us/secret.txt").exists(),
        "a file outside the root is never published"
    );
    assert!(!out.join("en-us/linked").exists());
    let code = std::fs::read_to_string(out.join("en-us/code/index.html")).unwrap();
    assert!(!code.contains("SECRET-CODE"));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "path-outside-root" && d.file.ends_with("en-us/linked")),
        "{:#?}",
        r.diagnostics
    );
    assert!(
        r.diagnostics.iter().any(|d| d.code == "path-outside-root"),
        "{:#?}",
        r.diagnostics
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "discover-io" && d.message.contains("loop")),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn front_matter_and_alt_text_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(&c, "en-us/x.md", b"---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"\\\" onmouseover=\\\"alert(2)\"\n---\nBody\n\n:::image type=\"content\" source=\"a.png\" alt-text=\"it's q' onerror='alert(3)\":::\n\n<b>raw author HTML</b>\n");
    write(&c, "en-us/a.png", b"\x89PNG");
    let (r, out) = build_site(&c);
    assert_eq!(r.errors(), 0, "{:#?}", r.diagnostics);
    let html = std::fs::read_to_string(out.join("en-us/x/index.html")).unwrap();
    assert!(!html.contains("<script>alert(1)"), "title escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.contains("\" onmouseover=\"alert(2)"),
        "description escaped in attributes"
    );
    assert!(!html.contains("' onerror='"), "alt text escaped");
    assert!(
        html.contains("<b>raw author HTML</b>"),
        "authors' raw HTML passes through"
    );
    let doc = scraper::Html::parse_document(&html);
    let imgs = common::select(&doc, "img[alt]");
    assert_eq!(imgs.len(), 1);
    assert_eq!(
        imgs[0].value().attr("alt"),
        Some("it's q' onerror='alert(3)")
    );
    assert!(imgs[0].value().attr("onerror").is_none());
}

#[test]
fn a_killed_build_leaves_nothing_the_next_build_does_not_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    write(&c, "en-us/index.md", b"# Home\n");
    // What a kill leaves behind: a half-written staging folder, and (killed between the two renames)
    // the previous output moved aside with no output folder.
    write(
        tmp.path(),
        ".output.tandem-tmp-99999/en-us/index.html",
        b"half",
    );
    write(
        tmp.path(),
        ".output.tandem-old-99998/en-us/index.html",
        b"previous",
    );
    let (r, out) = build_site(&c);
    assert_eq!(r.errors(), 0);
    assert!(out.join("en-us/index.html").is_file());
    let left = common::leftovers_beside(tmp.path());
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_empty_or_broken_toc_builds_without_panic() {
    for toc in ["[]\n", "items: [\n", "- name: A\n  items: []\n"] {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("content");
        write(&c, "de-de/a.md", b"---\ntitle: A\n---\n# A\n");
        write(&c, "de-de/toc.yml", toc.as_bytes());
        let (r, out) = build_site(&c);
        assert!(
            out.join("de-de/a/index.html").is_file() || r.errors() > 0,
            "{toc:?}: {:#?}",
            r.diagnostics
        );
    }
}
