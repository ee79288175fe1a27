//! The Markdown stage (`render::markdown::render`: directives, links, alerts, headings, HTML) over
//! the translated halves of the real corpus (`../shared/corpus`), with a small resolver that answers
//! from the corpus's own file list instead of a whole `Site`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tandem::content::{front_matter, sxs};
use tandem::render::markdown::{self, LinkTarget, RenderOptions, Resolver};

/// Every Markdown file of the corpus: (content-relative path, whole text).
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .md files under {}", root.display());
    files
}

/// Links to known `.md` files are pages, other local files assets, the rest broken; no includes.
struct CorpusResolver {
    files: HashSet<String>,
    /// Segments per file, so wrappers get their `data-source` as in a real build.
    segments: HashMap<String, Vec<sxs::Segment>>,
}

impl Resolver for CorpusResolver {
    fn link(&self, from_file: &str, target: &str) -> LinkTarget {
        if target.contains(':') || target.starts_with("//") {
            return LinkTarget::External;
        }
        let Some(rel) = tandem::content::toc::join_rel(from_file, target) else {
            return LinkTarget::Broken { help: None };
        };
        match rel.strip_suffix(".md") {
            Some(key) if self.files.contains(&rel) => LinkTarget::Page {
                url: format!("/fr-fr/{key}/"),
                title: key.rsplit('/').next().unwrap_or(key).to_string(),
                fallback: false,
                lang: "fr-fr".into(),
            },
            Some(_) => LinkTarget::Broken { help: None },
            None => LinkTarget::Asset {
                url: format!("/{rel}"),
            },
        }
    }

    fn include(
        &self,
        _from_file: &str,
        path: &str,
    ) -> Result<(String, String), markdown::IncludeError> {
        Err(format!("{path}: includes are not part of this benchmark").into())
    }

    fn segments(&self, file: &str) -> Option<&[sxs::Segment]> {
        self.segments.get(file).map(Vec::as_slice)
    }
}

fn bench_markdown(c: &mut Criterion) {
    let files = corpus();
    let mut segments = HashMap::new();
    let halves: Vec<(&str, std::sync::Arc<str>, u32)> = files
        .iter()
        .map(|(rel, text)| {
            let parsed = front_matter::parse(text, Path::new(rel));
            let split = sxs::split(
                parsed.body,
                &PathBuf::from(rel),
                parsed.body_line,
                &sxs::Options {
                    wrap_segments: true,
                },
            );
            segments.insert(rel.clone(), split.segments);
            (rel.as_str(), split.translated, parsed.body_line)
        })
        .collect();
    let resolver = CorpusResolver {
        files: files.iter().map(|(rel, _)| rel.clone()).collect(),
        segments,
    };
    let titles: HashMap<String, String> = [
        ("note", "Remarque"),
        ("tip", "Conseil"),
        ("important", "Important"),
        ("caution", "Attention"),
        ("warning", "Avertissement"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let legacy = vec![("remarque".to_string(), "note".to_string())];
    let labels = markdown::DirectiveLabels::default();
    let see_also = vec!["voir aussi".to_string(), "see also".to_string()];
    let bytes: usize = halves.iter().map(|(_, h, _)| h.len()).sum();
    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(
        format!("corpus, translated halves ({} files)", halves.len()),
        |b| {
            b.iter(|| {
                for (rel, md, line) in &halves {
                    let opts = RenderOptions {
                        file: rel,
                        first_line: *line,
                        lang: "fr-fr",
                        alert_titles: &titles,
                        legacy_alert_words: &legacy,
                        see_also_headings: &see_also,
                        permalink_label: "Lien permanent",
                        zone_pivot: None,
                        moniker: None,
                        labels: &labels,
                        outside_span_lang: None,
                        page_text: true,
                    };
                    std::hint::black_box(markdown::render(md, &opts, &resolver));
                }
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench_markdown);
criterion_main!(benches);
