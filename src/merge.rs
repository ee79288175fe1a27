//! `tandem merge --out DIR IN...`: the outputs of split builds (`split.rs`) as one site.
//!
//! Jobs of one site write disjoint language folders and the same bytes everywhere else, so the
//! merge is a copy. What it adds over `cp -r` is proof and atomicity: a file that several outputs
//! hold must be byte-identical in each (jobs built from different commits, configs or Tandem
//! versions would otherwise mix silently), every difference is reported, and the result is written
//! to a staging folder that replaces `--out` only when nothing differed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::output::Staging;

/// What a merge did.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// Output folders merged.
    pub inputs: usize,
    /// Files in the merged site.
    pub files: usize,
    /// Files that more than one input held (identical, or the merge failed).
    pub shared: usize,
    /// Every problem; any makes the merge fail.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

impl MergeReport {
    /// The one-line summary.
    pub fn summary(&self) -> String {
        if self.diagnostics.is_empty() {
            format!(
                "Merged {} files from {} folders in {:.0} ms ({} held by several, identical)",
                self.files,
                self.inputs,
                self.elapsed.as_secs_f64() * 1000.0,
                self.shared
            )
        } else {
            format!(
                "Failed: {} problem{} — the output folder was left as it was",
                self.diagnostics.len(),
                if self.diagnostics.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// Every file of `dir`, output-relative with `/` separators, sorted.
fn files_of(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    // A build cache (`.tandem/`) describes one build's output, never a merged one.
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == crate::cache::DIR));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(dir).to_path_buf();
                diags.push(Diagnostic::error(
                    "merge-input",
                    at,
                    0,
                    0,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(parts) = rel
            .iter()
            .map(|c| c.to_str())
            .collect::<Option<Vec<&str>>>()
        else {
            diags.push(
                Diagnostic::error(
                    "merge-input",
                    entry.path(),
                    0,
                    0,
                    "a file name that is not UTF-8 (a build writes none)",
                )
                .with_help("merge the folders `tandem build` wrote, as they are"),
            );
            continue;
        };
        let rel = parts.join("/");
        if !entry.file_type().is_file() {
            diags.push(
                Diagnostic::error(
                    "merge-input",
                    entry.path(),
                    0,
                    0,
                    "not a regular file (a build writes none)",
                )
                .with_help("merge the folders `tandem build` wrote, as they are"),
            );
            continue;
        }
        out.push(rel);
    }
    out
}

/// Where two files of the same size first differ, for the conflict message.
fn difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len());
    format!("same size, first difference at byte {at}")
}

/// Copies `rel` from the first input that has it into the staging folder and compares the others.
fn merge_one(rel: &str, holders: &[&Path], staging: &Path) -> Vec<Diagnostic> {
    let first = holders[0].join(rel);
    let read = |p: &Path| {
        std::fs::read(p)
            .map_err(|e| Diagnostic::error("merge-input", p, 0, 0, format!("cannot read: {e}")))
    };
    let mut diags = Vec::new();
    let to = staging.join(rel);
    let written = if holders.len() > 1 {
        let bytes = match read(&first) {
            Ok(b) => b,
            Err(d) => return vec![d],
        };
        for other in &holders[1..] {
            let path = other.join(rel);
            // Sizes first: most shared files are small and equal, and a size that differs needs no read.
            let how = match std::fs::metadata(&path) {
                Ok(m) if m.len() != bytes.len() as u64 => {
                    format!("{} bytes against {}", bytes.len(), m.len())
                }
                _ => match read(&path) {
                    Ok(b) if b == bytes => continue,
                    Ok(b) => difference(&bytes, &b),
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                },
            };
            diags.push(
                Diagnostic::error(
                    "merge-conflict",
                    rel,
                    0,
                    0,
                    format!(
                        "differs between {} and {} ({how})",
                        holders[0].display(),
                        other.display()
                    ),
                )
                .with_help(
                    "build every job of a site from the same content, tandem.toml and Tandem \
                     version: then the files outside the language folders are the same in each",
                ),
            );
        }
        to.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&to, &bytes))
    } else {
        to.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(&first, &to).map(|_| ()))
    };
    if let Err(e) = written {
        diags.push(crate::output::write_error(rel, e));
    }
    diags
}

/// A file in one input whose path is a folder in another (`a` and `a/b`): one would have to go.
fn file_folder_conflicts(holders: &BTreeMap<String, Vec<&Path>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rel, from) in holders {
        let prefix = format!("{rel}/");
        // Sorted paths: every `rel/…` follows `rel` closely, after names like `rel-x`, `rel.x`.
        if let Some((inner, inner_from)) = holders
            .range(prefix.clone()..)
            .next()
            .filter(|(k, _)| k.starts_with(&prefix))
        {
            out.push(
                Diagnostic::error(
                    "merge-conflict",
                    rel.as_str(),
                    0,
                    0,
                    format!(
                        "is a file in {} and a folder in {} (which has `{inner}`)",
                        from[0].display(),
                        inner_from[0].display()
                    ),
                )
                .with_help("these outputs are not jobs of one site: build them from the same content and config"),
            );
        }
    }
    out
}

/// The languages the merged site's sitemap names (`hreflang` of every entry but `x-default`):
/// Tandem lists every language's home there, so each must have had its job.
fn sitemap_langs(holders: &BTreeMap<String, Vec<&Path>>) -> BTreeSet<String> {
    let mut langs = BTreeSet::new();
    for (rel, from) in holders {
        let root_sitemap =
            !rel.contains('/') && rel.starts_with("sitemap") && rel.ends_with(".xml");
        if !root_sitemap {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(from[0].join(rel)) else {
            continue;
        };
        for part in text.split("hreflang=\"").skip(1) {
            if let Some(lang) = part.split('"').next().filter(|l| *l != "x-default") {
                langs.insert(lang.to_string());
            }
        }
    }
    langs
}

/// Merges the output folders `inputs` into `out` (see the module comment).
pub fn merge(inputs: &[PathBuf], out: &Path) -> MergeReport {
    let start = Instant::now();
    let mut report = MergeReport {
        inputs: inputs.len(),
        ..MergeReport::default()
    };
    let out_abs = crate::build::absolute(out);
    let mut seen: Vec<(PathBuf, &PathBuf)> = Vec::new();
    for input in inputs {
        let abs = crate::build::absolute(input);
        if let Some((_, other)) = seen
            .iter()
            .find(|(o, _)| o.starts_with(&abs) || abs.starts_with(o))
        {
            report.diagnostics.push(
                Diagnostic::error(
                    "merge-input",
                    input,
                    0,
                    0,
                    format!("is, holds or lies inside the input {}", other.display()),
                )
                .with_help("name each job's output folder once"),
            );
        }
        seen.push((abs, input));
    }
    for input in inputs {
        if !input.is_dir() {
            report.diagnostics.push(
                Diagnostic::error("merge-input", input, 0, 0, "not a folder")
                    .with_help("name the output folders of `tandem build --lang …` jobs"),
            );
            continue;
        }
        let abs = crate::build::absolute(input);
        if abs.starts_with(&out_abs) || out_abs.starts_with(&abs) {
            report.diagnostics.push(
                Diagnostic::error(
                    "out-dir",
                    out,
                    0,
                    0,
                    format!(
                        "the output folder {} is, holds or lies inside the input {}",
                        out_abs.display(),
                        input.display()
                    ),
                )
                .with_help("merge into a new folder: --out replaces it entirely"),
            );
        }
    }
    if !report.diagnostics.is_empty() {
        report.elapsed = start.elapsed();
        return report;
    }
    let mut holders: BTreeMap<String, Vec<&Path>> = BTreeMap::new();
    for input in inputs {
        for rel in files_of(input, &mut report.diagnostics) {
            holders.entry(rel).or_default().push(input.as_path());
        }
    }
    report.files = holders.len();
    report.shared = holders.values().filter(|h| h.len() > 1).count();
    report.diagnostics.extend(file_folder_conflicts(&holders));
    for lang in sitemap_langs(&holders) {
        // Every job writes its languages' 404 page, and only its own: a language's pages may come
        // from another job (the source-language pages a translation job reconstructs).
        if !holders.contains_key(&format!("{lang}/404.html")) {
            report.diagnostics.push(
                Diagnostic::error(
                    "merge-missing-lang",
                    "sitemap.xml",
                    0,
                    0,
                    format!(
                        "the site has the language {lang} (its sitemap names it), but no input \
                         is its job (none holds {lang}/404.html)"
                    ),
                )
                .with_help(format!(
                    "add a job `tandem build --lang {lang}` to the matrix and merge its output too"
                )),
            );
        }
    }
    if !report.diagnostics.is_empty() {
        report.elapsed = start.elapsed();
        return report;
    }
    let staging = match Staging::new(out) {
        Ok(s) => s,
        Err(e) => {
            report.diagnostics.push(Diagnostic::error(
                "write",
                out,
                0,
                0,
                format!("cannot create the staging folder: {e}"),
            ));
            report.elapsed = start.elapsed();
            return report;
        }
    };
    let problems: Vec<Vec<Diagnostic>> = holders
        .par_iter()
        .map(|(rel, from)| merge_one(rel, from, &staging.dir))
        .collect();
    report.diagnostics.extend(problems.into_iter().flatten());
    if report.diagnostics.is_empty() {
        if let Err(e) = staging.commit() {
            report.diagnostics.push(Diagnostic::error(
                "write",
                out,
                0,
                0,
                format!("cannot replace the output folder: {e}"),
            ));
        }
    } else {
        staging.discard();
    }
    report.elapsed = start.elapsed();
    report
}
