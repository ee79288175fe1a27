//! Reading one source: decoding, front matter, the side-by-side split of Markdown files, the
//! synthetic Markdown of structured YAML pages, and tables of contents. Each function reads one
//! file and returns it with what it found wrong; `Site::load` runs them in parallel.

use std::path::Path;
use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_128;

use crate::content::body::{Body, Texts};
use crate::content::discover::{self, FileKind, SourceFile};
use crate::content::front_matter;
use crate::content::structured;
use crate::content::sxs;
use crate::content::toc;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;

use super::paths::{ends_with_ci, is_include_path, key_of_rel};
use super::{LoadedFile, StructuredPage};

/// Reads and parses one table of contents (see [`super::LoadedToc`]).
pub(super) fn load_toc(f: &SourceFile) -> super::LoadedToc {
    let mut read_hash = 0;
    let text = match std::fs::read(&f.abs)
        .map_err(|e| e.to_string())
        .and_then(|b| {
            read_hash = xxh3_128(&b);
            discover::decode(b, &f.rel).map_err(|d| d.message)
        }) {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error("toc-read", &f.rel, 0, 0, format!("cannot read TOC: {e}"));
            return (f.rel.clone(), None, vec![d]);
        }
    };
    let (mut toc, diags) = if f.kind == FileKind::TocYaml {
        toc::parse_yaml(&text, &f.rel)
    } else {
        toc::parse_markdown(&text, &f.rel)
    };
    toc.split_span_names();
    (f.rel.clone(), Some((toc, read_hash)), diags)
}

/// Whether a file name is YAML (a candidate structured page).
pub(super) fn is_yaml(rel: &str) -> bool {
    ends_with_ci(rel, ".yml") || ends_with_ci(rel, ".yaml")
}

/// Reads a source file: Markdown, or a `.yml` that may be a structured page (`None` without
/// diagnostics when it is not one: it stays metadata). The hash is that of the bytes read (the
/// build cache keys what it keeps of the file by it), `None` when the file could not be read.
pub(super) fn load_source(
    f: &SourceFile,
    source_lang: &Lang,
) -> (Option<LoadedFile>, Vec<Diagnostic>, Option<u128>) {
    let mut diags = Vec::new();
    let bytes = match std::fs::read(&f.abs) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("read", &f.rel, 0, 0, format!("cannot read: {e}"))
                    .with_help("check the file's permissions"),
            );
            return (None, diags, None);
        }
    };
    let read_hash = xxh3_128(&bytes);
    let yaml = is_yaml(&f.rel);
    // Only the first line says whether a YAML file is a page: data files are not decoded.
    if yaml && !bytes.starts_with(b"#") && !bytes.starts_with(b"\xEF\xBB\xBF#") {
        return (None, diags, Some(read_hash));
    }
    let text = match discover::decode(bytes, &f.rel) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (None, diags, Some(read_hash));
        }
    };
    let (file, diags) = if yaml {
        load_structured(f, &text, source_lang)
    } else {
        load_text(f, &text, source_lang, diags)
    };
    let file = file.map(|mut file| {
        file.read_hash = read_hash;
        file
    });
    (file, diags, Some(read_hash))
}

/// A structured YAML page: made into Markdown, then loaded like any page; diagnostics about the
/// Markdown are moved back to the YAML lines that produced it.
fn load_structured(
    f: &SourceFile,
    text: &str,
    source_lang: &Lang,
) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let synthetic = match structured::parse(text, Path::new(&f.rel)) {
        structured::Parsed::NotAPage => return (None, Vec::new()),
        structured::Parsed::Skipped(d) => return (None, vec![d]),
        structured::Parsed::Page(p) => p,
    };
    let (file, mut diags) = load_text(f, &synthetic.text, source_lang, Vec::new());
    for d in &mut diags {
        synthetic.lines.map(d);
    }
    let file = file.map(|mut file| {
        let stand_in = (!file.bilingual && &file.lang != source_lang)
            .then(|| Arc::from(synthetic.stand_in(file.lang.as_str())));
        file.structured = Some(Arc::new(StructuredPage {
            kind: synthetic.kind,
            faq: synthetic.faq.clone(),
            lines: synthetic.lines.clone(),
            stand_in,
        }));
        file
    });
    (file, diags)
}

fn load_text(
    f: &SourceFile,
    text: &str,
    source_lang: &Lang,
    mut diags: Vec<Diagnostic>,
) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let rel_path = Path::new(&f.rel);
    let parsed = front_matter::parse(text, rel_path);
    // Front matter that does not parse (localization tools sometimes wrap it in a span) costs the
    // page its metadata, not its place in the site: the page is built, the build warns, and
    // `check` (or `build --strict`) is where it fails a CI gate.
    diags.extend(parsed.diagnostics.into_iter().map(|mut d| {
        d.severity = Severity::Warning;
        d
    }));
    let lang = f
        .folder_lang
        .clone()
        .or_else(|| parsed.front.content_locale.clone())
        .unwrap_or_else(|| source_lang.clone());
    let split = sxs::split(
        parsed.body,
        rel_path,
        parsed.body_line,
        &sxs::Options {
            wrap_segments: true,
        },
    );
    // An unpaired or mismatched span still lets the page build with what can be paired, so the
    // build reports these as warnings; `check` is where they fail a CI gate.
    diags.extend(split.diagnostics.into_iter().map(|mut d| {
        d.severity = Severity::Warning;
        d
    }));
    let (translated, source): (Arc<str>, Arc<str>) = if split.bilingual {
        (split.translated, split.source)
    } else {
        let body: Arc<str> = Arc::from(parsed.body);
        (body.clone(), body)
    };
    let front_hash = {
        use std::fmt::Write as _;
        let mut h = DebugHash(xxhash_rust::xxh3::Xxh3::new());
        let _ = write!(h, "{:?}", parsed.front);
        h.0.digest128()
    };
    let file = LoadedFile {
        rel: f.rel.clone(),
        lang,
        key: key_of_rel(&f.rel),
        front: Arc::new(parsed.front),
        front_hash,
        body_line: parsed.body_line,
        body: Arc::new(Body::ready(Texts {
            translated,
            source,
            segments: split.bilingual.then(|| Arc::new(split.segments)),
        })),
        stored_summary: None,
        read_hash: 0,
        bilingual: split.bilingual,
        is_include: is_include_path(&f.rel),
        structured: None,
    };
    (Some(file), diags)
}

/// Hashes what is formatted into it.
struct DebugHash(xxhash_rust::xxh3::Xxh3);

impl std::fmt::Write for DebugHash {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
