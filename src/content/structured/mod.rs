//! Structured YAML pages of Docs repositories (`### YamlMime:Landing`, `Hub`, `FAQ`) turned into the
//! Markdown the rest of the pipeline already knows.
//!
//! Every Docs repository has them: the docset's home (`index.yml`, a landing or hub page) and its
//! FAQ files. Rather than a second renderer, each file becomes one synthetic Markdown file (front
//! matter from `metadata:`, an `#` title, sections as headings, link lists as lists, FAQ questions
//! as headings followed by their Markdown answers), so side-by-side spans are split, links are
//! rewritten and checked, headings get ids and the page is searched exactly like a Markdown page.
//! Themes still get their own templates (`landing.html`, `faq.html`): the page says which
//! [`Kind`] it is, and FAQ pages carry where each question and answer is, for their JSON-LD.
//!
//! Line numbers: every line of the synthetic file records the line (and column shift) of the YAML
//! that produced it, so diagnostics of later stages are moved back into the YAML file
//! ([`LineMap::map`]).
//!
//! Layout: this file holds the page model and [`parse`]; `yaml` reads the YAML leniently, `kinds`
//! maps each page type to Markdown, `writer` writes it with its line map.

mod kinds;
mod writer;
mod yaml;

use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
use kinds::{faq, hub, landing};
use writer::Writer;
use yaml::{get, text_of};

/// The structured page types Tandem renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `YamlMime:Landing`: title, summary, `landingContent` cards of link lists.
    Landing,
    /// `YamlMime:Hub`: highlighted content, conceptual content, additional content sections.
    Hub,
    /// `YamlMime:FAQ`: sections of questions with Markdown answers.
    Faq,
}

impl Kind {
    /// The page's `kind` in templates (`landing`, `hub`, `faq`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Landing => "landing",
            Kind::Hub => "hub",
            Kind::Faq => "faq",
        }
    }

    /// The theme template that renders this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Landing | Kind::Hub => "landing.html",
            Kind::Faq => "faq.html",
        }
    }
}

/// YAML types that describe something other than a page (zone pivots, TOC metadata): read by
/// other stages or by Docs tooling only, and skipped without a warning.
const NOT_PAGES: [&str; 3] = ["ZonePivotGroups", "ContextObject", "TableOfContent"];

/// The names of the types Tandem renders, for the "unknown type" warning.
pub const SUPPORTED: &str = "Landing, Hub, FAQ";

/// Where each line of a synthetic file comes from: (1-based YAML line, column shift).
#[derive(Debug, Clone, Default)]
pub struct LineMap(Vec<(u32, i64)>);

impl LineMap {
    /// Moves a diagnostic reported on the synthetic file to the YAML line that produced it.
    pub fn map(&self, d: &mut Diagnostic) {
        (d.line, d.col) = self.position(d.line, d.col);
    }

    /// The YAML (line, column) of a (line, column) of the synthetic file; 0 stays 0 (unknown).
    pub fn position(&self, line: u32, col: u32) -> (u32, u32) {
        match line.checked_sub(1).and_then(|i| self.0.get(i as usize)) {
            Some(&(l, shift)) if col > 0 => (l, (col as i64 + shift).max(1) as u32),
            Some(&(l, _)) => (l, 0),
            None => (line, col),
        }
    }
}

/// One FAQ entry: 0-based line ranges of the question and of the answer in the synthetic body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqLines {
    /// Lines of the question heading.
    pub question: std::ops::Range<usize>,
    /// Lines of the answer.
    pub answer: std::ops::Range<usize>,
}

/// A structured file made into Markdown.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The page type.
    pub kind: Kind,
    /// Front matter (`---` … `---`) and body, side-by-side spans as written.
    pub text: String,
    /// The same body for a source-language page that stands in for a translation with no source
    /// version: every text is marked with `lang` (filled in by [`Synthetic::stand_in`]) and link
    /// texts are left empty (the original text is the link's title), so the renderer shows each
    /// target's title in the reader's language. Lines match the body of `text`.
    stand_in: String,
    /// Line origins of `text`.
    pub lines: LineMap,
    /// FAQ entries (empty for other kinds), in body lines (the line after the front matter is 0).
    pub faq: Vec<FaqLines>,
}

/// Placeholder for the language of stand-in text, replaced by [`Synthetic::stand_in`].
const LANG_MARK: &str = "\u{1}LANG\u{1}";

impl Synthetic {
    /// The stand-in body (see [`Synthetic::stand_in`] field, without the front matter), its text
    /// marked as `lang`.
    pub fn stand_in(&self, lang: &str) -> String {
        self.stand_in.replace(LANG_MARK, lang)
    }
}

/// What a `.yml` file is.
#[derive(Debug)]
pub enum Parsed {
    /// Not a structured page (data, configuration, a type that is not a page): left as metadata.
    NotAPage,
    /// A page.
    Page(Box<Synthetic>),
    /// A structured file Tandem cannot render (unknown type, invalid YAML): the file is skipped.
    Skipped(Diagnostic),
}

/// The `YamlMime` type named on the first line (`### YamlMime:Landing`), if any.
pub fn yaml_mime(text: &str) -> Option<&str> {
    let first = text.trim_start_matches('\u{feff}').lines().next()?;
    let rest = first
        .trim()
        .strip_prefix('#')?
        .trim_start_matches('#')
        .trim();
    let ty = rest.strip_prefix("YamlMime:")?.trim();
    (!ty.is_empty()).then_some(ty)
}

/// Reads a structured page. `rel` names the file in diagnostics.
pub fn parse(text: &str, rel: &Path) -> Parsed {
    let Some(ty) = yaml_mime(text) else {
        return Parsed::NotAPage;
    };
    let kind = match ty.to_ascii_lowercase().as_str() {
        "landing" => Kind::Landing,
        "hub" => Kind::Hub,
        "faq" => Kind::Faq,
        _ if NOT_PAGES.iter().any(|n| n.eq_ignore_ascii_case(ty)) => return Parsed::NotAPage,
        _ => {
            return Parsed::Skipped(
                Diagnostic::warning(
                    "yaml-type-unsupported",
                    rel,
                    1,
                    1,
                    format!("`YamlMime:{ty}` pages are not rendered; the file is skipped"),
                )
                .with_help(format!(
                    "Tandem renders the YamlMime types {SUPPORTED}; write this page as Markdown or as one of them"
                )),
            );
        }
    };
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
            return Parsed::Skipped(
                Diagnostic::warning(
                    "yaml-page-invalid",
                    rel,
                    line,
                    col,
                    format!("invalid YAML, the page is skipped: {e}"),
                )
                .with_help("fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `*`, `&`"),
            );
        }
    };
    let Value::Mapping(root) = value else {
        return Parsed::Skipped(
            Diagnostic::warning(
                "yaml-page-invalid",
                rel,
                1,
                1,
                format!("a `YamlMime:{ty}` file must be a mapping (`title:`, `metadata:`, …); the file is skipped"),
            )
            .with_help("start the file with `title:` and `metadata:` keys"),
        );
    };
    let mut w = Writer::new(text);
    w.front_matter(&root);
    let title = text_of(&root, "title").or_else(|| {
        get(&root, "metadata")
            .and_then(Value::as_mapping)
            .and_then(|m| text_of(m, "title"))
    });
    if let Some(t) = &title {
        w.heading(1, t, "title");
    }
    match kind {
        Kind::Landing => {
            w.summary(&root, false);
            landing(&mut w, &root);
        }
        Kind::Hub => {
            w.summary(&root, false);
            hub(&mut w, &root);
        }
        Kind::Faq => {
            w.summary(&root, true);
            faq(&mut w, &root);
        }
    }
    Parsed::Page(Box::new(Synthetic {
        kind,
        text: w.text,
        stand_in: w.stand_in,
        lines: LineMap(w.lines),
        faq: w.faq,
    }))
}

#[cfg(test)]
mod tests;
