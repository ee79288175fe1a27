//! Rendering every page of the real corpus in `../shared/corpus/`.

use super::*;

fn corpus_dir() -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for up in ["../shared", "../../shared"] {
        let p = root.join(up).join("corpus/partner-center-pr.fr-fr");
        if p.is_dir() {
            return p;
        }
    }
    panic!(
        "corpus not found: expected ../shared/corpus or ../../shared/corpus next to {}",
        root.display()
    );
}

struct AllBroken;
impl crate::render::markdown::Resolver for AllBroken {
    fn link(&self, _: &str, _: &str) -> crate::render::markdown::LinkTarget {
        crate::render::markdown::LinkTarget::Broken { help: None }
    }
    fn include(
        &self,
        _: &str,
        p: &str,
    ) -> Result<(String, String), crate::render::markdown::IncludeError> {
        Err(format!("no {p}").into())
    }
}

fn md_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read corpus dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
}

#[test]
fn renders_the_whole_corpus() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    md_files(&dir, &mut files);
    files.sort();
    assert!(files.len() > 100);
    let s = setup();
    let mut note_page = None;
    for f in &files {
        let raw = std::fs::read_to_string(f).expect("read");
        let (body, first_line) = match raw.strip_prefix("---") {
            Some(_) => {
                let mut seen = 0;
                let mut off = 0;
                let mut line = 1;
                for l in raw.split_inclusive('\n') {
                    off += l.len();
                    line += 1;
                    if l.trim_end() == "---" {
                        seen += 1;
                        if seen == 2 {
                            break;
                        }
                    }
                }
                (&raw[off..], line)
            }
            None => (raw.as_str(), 1),
        };
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut o = opts(&s, &rel, None);
        o.first_line = first_line;
        let out = render(body, &o, &AllBroken);
        assert!(!out.html.is_empty() || body.trim().is_empty(), "{rel}");
        assert!(
            !out.html.contains("<!--tandem:") && !out.html.contains("<tandem-ph"),
            "{rel}"
        );
        if rel == "partner-center/check-service-health.md" {
            note_page = Some(out);
        }
    }
    let out = note_page.expect("check-service-health.md rendered");
    assert!(
        out.html
            .contains("<div class=\"alert alert-note\" role=\"note\">"),
        "{}",
        out.html
    );
    assert!(out.links.iter().all(|l| l.line > 20), "{:?}", out.links);
}
