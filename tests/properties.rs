//! Property tests (stable Rust, run in CI): the side-by-side split keeps every segment, and the
//! single-page pipeline never panics, whatever the bytes.

use std::collections::HashMap;
use std::path::Path;

use proptest::prelude::*;
use tandem::content::{front_matter, sxs};
use tandem::render::markdown::{self, LinkTarget, RenderOptions, Resolver};

/// Text a writer could put in one half: words, punctuation, emphasis, entities, but no `<`/`>`
/// (tags inside halves are covered by the unit tests and the corpus).
fn half() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-zÀ-ÿ0-9 ,.;:!?'*_()\\[\\]&#|-]{1,40}")
        .unwrap()
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

/// Where a pair can stand in a page.
fn context() -> impl Strategy<Value = usize> {
    0usize..6
}

fn place(i: usize, pair: &str) -> String {
    match i {
        0 => format!("{pair}\n\n"),
        1 => format!("# <a name=\"h\"></a>{pair}\n\n"),
        2 => format!("- {pair}\n"),
        3 => format!("| {pair} | x |\n|---|---|\n\n"),
        4 => format!("> [!NOTE]\n> {pair}\n\n"),
        _ => format!("**{pair}**\n\n"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn splitting_keeps_every_segment(items in proptest::collection::vec((half(), half(), context()), 1..12)) {
        let mut doc = String::new();
        for (n, (fr, en, ctx)) in items.iter().enumerate() {
            let id = format!("ab12c-{}", 103 + n);
            let pair = format!("<span data-ttu-id=\"{id}\">{fr}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{en}</span></span>");
            doc.push_str(&place(*ctx, &pair));
        }
        let split = sxs::split(&doc, Path::new("p.md"), 1, &sxs::Options { wrap_segments: false });
        prop_assert!(split.diagnostics.is_empty(), "{:?}", split.diagnostics);
        prop_assert!(split.bilingual);
        prop_assert_eq!(split.segments.len(), items.len());
        for (n, ((fr, en, _), seg)) in items.iter().zip(&split.segments).enumerate() {
            prop_assert_eq!(seg.id(), format!("ab12c-{}", 103 + n));
            prop_assert_eq!(seg.translated(), fr.as_str());
            prop_assert_eq!(seg.source(), en.as_str());
            prop_assert!(split.translated.contains(fr.as_str()));
            prop_assert!(split.source.contains(en.as_str()));
        }
        prop_assert!(!split.source.contains("data-stu-id") && !split.source.contains("sxs-lookup"));
        prop_assert!(!split.translated.contains("data-ttu-id"));
        // The line structure survives, so later diagnostics keep their lines.
        prop_assert_eq!(split.translated.lines().count(), doc.lines().count());
        prop_assert_eq!(split.source.lines().count(), doc.lines().count());
    }

    #[test]
    fn the_page_pipeline_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run_pipeline(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn the_page_pipeline_never_panics_on_markup_soup(parts in proptest::collection::vec(prop_oneof![
        Just("<span data-ttu-id=\"a-1\">".to_string()), Just("</span>".to_string()),
        Just("<span class=\"sxs-lookup\">".to_string()), Just("<span data-stu-id=\"a-1\">".to_string()),
        Just("---\n".to_string()), Just("> [!NOTE]\n".to_string()), Just(":::image type=\"content\" source=\"x.png\" alt-text=\"a\":::\n".to_string()),
        Just("[!INCLUDE [x](x.md)]\n".to_string()), Just("# [Tab](#tab/t)\n".to_string()), Just("::: zone pivot=\"a\"\n".to_string()),
        Just("::: zone-end\n".to_string()), Just("[link](a.md#b)".to_string()), Just("\n\n".to_string()), Just("| a | b |\n|--|--|\n".to_string()),
        Just("```\n".to_string()), Just("- ".to_string()), Just("**".to_string()), Just("title: [x\n".to_string()), "[a-z ]{0,8}".prop_map(|s| s),
    ], 0..60)) {
        run_pipeline(&parts.concat());
    }
}

struct Everything;

impl Resolver for Everything {
    fn link(&self, _from: &str, target: &str) -> LinkTarget {
        if target.len().is_multiple_of(2) {
            LinkTarget::Page {
                url: "/en-us/x/".into(),
                title: "X".into(),
                fallback: target.len().is_multiple_of(4),
                lang: "en-us".into(),
            }
        } else {
            LinkTarget::Broken { help: None }
        }
    }
    fn include(&self, _from: &str, path: &str) -> Result<(String, String), markdown::IncludeError> {
        // Includes itself: exercises cycle detection on every input that includes.
        Ok((
            path.to_string(),
            "[!INCLUDE [x](x.md)]\n> [!TIP]\n> tip\n".to_string(),
        ))
    }
}

fn run_pipeline(text: &str) {
    let parsed = front_matter::parse(text, Path::new("p.md"));
    let split = sxs::split(
        parsed.body,
        Path::new("p.md"),
        parsed.body_line,
        &sxs::Options {
            wrap_segments: true,
        },
    );
    let titles: HashMap<String, String> = [("note", "Note"), ("tip", "Tip")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let words = vec![("remarque".to_string(), "note".to_string())];
    let labels = markdown::DirectiveLabels::default();
    let see_also = vec!["see also".to_string()];
    for (md, lang) in [(&split.translated, "fr-fr"), (&split.source, "en-us")] {
        let opts = RenderOptions {
            file: "p.md",
            first_line: parsed.body_line,
            lang,
            alert_titles: &titles,
            legacy_alert_words: &words,
            see_also_headings: &see_also,
            permalink_label: "Permalink",
            zone_pivot: None,
            moniker: None,
            labels: &labels,
            outside_span_lang: None,
            page_text: true,
        };
        let r = markdown::render(md, &opts, &Everything);
        // Every diagnostic about the page points at one of its lines.
        let lines = text.lines().count() as u32 + 1;
        for d in r
            .diagnostics
            .iter()
            .chain(&split.diagnostics)
            .chain(&parsed.diagnostics)
        {
            if d.file == Path::new("p.md") {
                assert!(d.line <= lines, "{d:?} past the end ({lines} lines)");
            }
        }
    }
}
