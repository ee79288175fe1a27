//! The side-by-side splitter over the real corpus (`../shared/corpus`, beside the repository): every
//! `.md` file's body split into its translated and source pages, as `Site::load` does.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tandem::content::{front_matter, sxs};

/// Every Markdown file of the corpus: (path, whole text). Resolved at run time so the bench builds
/// without the corpus and says where it looked when it is missing.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            Some((
                e.path().to_path_buf(),
                std::fs::read_to_string(e.path()).ok()?,
            ))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .md files under {}", root.display());
    files
}

fn bench_split(c: &mut Criterion) {
    let files = corpus();
    let bodies: Vec<(&Path, &str, u32)> = files
        .iter()
        .map(|(p, t)| {
            let parsed = front_matter::parse(t, p);
            (p.as_path(), parsed.body, parsed.body_line)
        })
        .collect();
    let bytes: usize = bodies.iter().map(|(_, b, _)| b.len()).sum();
    let opts = sxs::Options {
        wrap_segments: true,
    };
    let mut g = c.benchmark_group("split");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("corpus ({} files)", bodies.len()), |b| {
        b.iter(|| {
            for (path, body, line) in &bodies {
                std::hint::black_box(sxs::split(body, path, *line, &opts));
            }
        })
    });
    let (path, body, line) = *bodies
        .iter()
        .max_by_key(|(_, b, _)| b.len())
        .expect("corpus is not empty");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("largest file", |b| {
        b.iter(|| sxs::split(body, path, line, &opts))
    });
    g.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
