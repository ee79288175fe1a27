//! Splitting every page of the real corpus in `../shared/corpus/`.

use super::*;

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
