//! Finds every input under the content root (walkdir), sorted so builds are deterministic, and says
//! what each file is: a page, a table of contents, health data, or a file to copy.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

/// What a discovered file is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Markdown page.
    Page,
    /// `TOC.yml` / `toc.yml`.
    TocYaml,
    /// `TOC.md` (markdown-heading navigation).
    TocMarkdown,
    /// Copied to the output with its relative path (images, media, downloads).
    Asset,
    /// Publishing metadata we read but do not copy (`.openpublishing.redirection.json`, docfx.json,
    /// landing-page YAML that Tandem does not render).
    Metadata,
}

/// One file under the content root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Content-relative path with `/` separators, case preserved.
    pub rel: String,
    /// Path on disk.
    pub abs: PathBuf,
    /// What the file is.
    pub kind: FileKind,
    /// The language given by the first folder (`fr-fr/…`), if it is a language tag.
    pub folder_lang: Option<Lang>,
}

impl SourceFile {
    /// The path inside the language folder (`partner-center/x.md` for `fr-fr/partner-center/x.md`).
    pub fn rel_in_lang(&self) -> &str {
        match &self.folder_lang {
            Some(_) => self
                .rel
                .split_once('/')
                .map_or(self.rel.as_str(), |(_, rest)| rest),
            None => &self.rel,
        }
    }
}

/// The first path component of `rel`, when it is a language folder.
pub fn lang_of_folder(rel: &str) -> Option<Lang> {
    split_lang_folder(rel).and_then(|(first, _)| Lang::parse_folder(first))
}

/// `rel` as (language folder, rest) when its first component is a language folder (`fr-fr/a.md`),
/// without making the tag.
pub fn split_lang_folder(rel: &str) -> Option<(&str, &str)> {
    let (first, rest) = rel.split_once('/')?;
    (!rest.is_empty() && Lang::is_folder(first)).then_some((first, rest))
}

/// `rel` without its language folder (`fr-fr/a/b.md` → `a/b.md`); as it is when it has none.
pub fn without_lang_folder(rel: &str) -> &str {
    split_lang_folder(rel).map_or(rel, |(_, rest)| rest)
}

/// Walks `root` and classifies every file. `skip` lists content-relative folders handled elsewhere
/// (the health data). Hidden files and folders are skipped, except publishing metadata.
pub fn discover(root: &Path, skip: &[&str]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let real_root = root.canonicalize().ok();
    // Folders reached through a symbolic link that leaves the content root: nothing under them is
    // read or published (a file link is checked below; a folder link hides every file in it).
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0
                && e.path_is_symlink()
                && e.file_type().is_dir()
                && let (Ok(real), Some(real_root)) = (e.path().canonicalize(), &real_root)
                && !real.starts_with(real_root)
            {
                outside.borrow_mut().push(e.path().to_path_buf());
                return false;
            }
            e.depth() == 0 || !(name.starts_with('.') && e.file_type().is_dir())
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let what = if e.loop_ancestor().is_some() {
                    "symbolic link loop"
                } else {
                    "cannot read"
                };
                diags.push(
                    Diagnostic::warning(
                        "discover-io",
                        rel_display(root, &path),
                        0,
                        0,
                        format!("{what}: {e}"),
                    )
                    .with_help("fix the permissions or remove the link"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(rel_path) = path.strip_prefix(root) else {
            continue;
        };
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if skip
            .iter()
            .any(|s| rel == *s || rel.starts_with(&format!("{s}/")))
        {
            continue;
        }
        // A symlink whose target leaves the content root would publish a file from outside it.
        if entry.path_is_symlink()
            && let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize())
            && !real.starts_with(&real_root)
        {
            diags.push(
                Diagnostic::warning(
                    "path-outside-root",
                    &rel,
                    0,
                    0,
                    "symbolic link points outside the content root; not published",
                )
                .with_help("copy the file into the content folder instead of linking to it"),
            );
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let lower = name.to_ascii_lowercase();
        let kind = if is_breadcrumb_toc(&rel) {
            FileKind::Metadata
        } else if lower == "toc.yml" || lower == "toc.yaml" {
            FileKind::TocYaml
        } else if lower == "toc.md" {
            FileKind::TocMarkdown
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            FileKind::Page
        } else if name.starts_with('.')
            || lower == "docfx.json"
            || lower.ends_with(".yml")
            || lower.ends_with(".yaml")
            || lower == "tandem.toml"
        {
            FileKind::Metadata
        } else {
            FileKind::Asset
        };
        files.push(SourceFile {
            folder_lang: lang_of_folder(&rel),
            rel,
            abs: path.to_path_buf(),
            kind,
        });
    }
    for path in outside.into_inner() {
        diags.push(
            Diagnostic::warning(
                "path-outside-root",
                rel_display(root, &path),
                0,
                0,
                "symbolic link to a folder outside the content root; nothing in it is published",
            )
            .with_help("copy the folder into the content folder instead of linking to it"),
        );
    }
    (files, diags)
}

/// Docs repositories define the breadcrumb trail of the live site in `breadcrumb/toc.yml`
/// (`_breadcrumb/` in some; docfx.json's `breadcrumb_path`): entries such as "Docs" → `/`, which are
/// not this site's navigation. Read as one, they put the host's sections on top of the sidebar.
fn is_breadcrumb_toc(rel: &str) -> bool {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or_default();
    let folder = parts.next().unwrap_or_default();
    name.to_ascii_lowercase().starts_with("toc.")
        && (folder.eq_ignore_ascii_case("breadcrumb") || folder.eq_ignore_ascii_case("_breadcrumb"))
}

/// `path` relative to `root` for messages, or the path itself.
pub fn rel_display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Decodes a file's bytes as UTF-8 text: a BOM is removed; UTF-16 and invalid UTF-8 are diagnostics
/// that say where (byte offset, line) and how to fix the file.
pub fn decode(bytes: Vec<u8>, rel: &str) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            "encoding-utf16",
            rel,
            1,
            1,
            "the file is UTF-16; Tandem reads UTF-8",
        )
        .with_help("re-save the file as UTF-8 (in VS Code: \"Save with Encoding\" → UTF-8)"));
    }
    let bytes = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[3..].to_vec()
    } else {
        bytes
    };
    match String::from_utf8(bytes) {
        Ok(s) => {
            if let Some(pos) = s.find('\0') {
                let (l, c) = crate::diagnostics::line_col(&s, pos);
                return Err(Diagnostic::error(
                    "encoding-nul",
                    rel,
                    l,
                    c,
                    format!("NUL byte at byte offset {pos}"),
                )
                .with_help("the file looks binary or corrupted; remove the NUL bytes"));
            }
            Ok(s)
        }
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..pos]).into_owned();
            let (l, c) = crate::diagnostics::line_col(&valid, pos);
            Err(Diagnostic::error(
                "encoding-utf8",
                rel,
                l,
                c,
                format!("invalid UTF-8 at byte offset {pos}"),
            )
            .with_help("re-save the file as UTF-8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_folder_needs_region() {
        assert_eq!(lang_of_folder("fr-FR/a.md").unwrap().as_str(), "fr-fr");
        assert!(lang_of_folder("partner-center/a.md").is_none());
        assert!(lang_of_folder("a.md").is_none());
    }

    #[test]
    fn breadcrumb_definitions_are_not_navigation() {
        assert!(is_breadcrumb_toc("marketplace/breadcrumb/toc.yml"));
        assert!(is_breadcrumb_toc("docs/_breadcrumb/TOC.yml"));
        assert!(!is_breadcrumb_toc("marketplace/TOC.yml"));
        assert!(!is_breadcrumb_toc("breadcrumb/guide.md"));
    }

    #[test]
    fn decode_reports_offsets() {
        let e = decode(b"ab\ncd\xff".to_vec(), "x.md").unwrap_err();
        assert_eq!(e.code, "encoding-utf8");
        assert!(e.message.contains("offset 5"));
        assert_eq!((e.line, e.col), (2, 3));
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec(), "x").unwrap(), "hi");
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'h', 0], "x").unwrap_err().code,
            "encoding-utf16"
        );
        assert_eq!(
            decode(b"a\0b".to_vec(), "x").unwrap_err().code,
            "encoding-nul"
        );
    }
}
