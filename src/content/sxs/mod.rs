//! Splits localized Microsoft-Docs "side-by-side" (sxs) Markdown into its two languages.
//!
//! Each translated sentence in such a file is stored as a *span pair*:
//!
//! ```text
//! <span data-ttu-id="ID">translated</span><span class="sxs-lookup"><span data-stu-id="ID">source</span></span>
//! ```
//!
//! The pairs sit anywhere Markdown allows inline HTML (headings, list items, tables, link text, HTML
//! blocks, blockquotes) and a half may cross lines. No existing crate parses this grammar: a Markdown
//! parser sees each `<span …>` as an unrelated inline-HTML fragment (and a pair crossing lines or
//! table cells is split across events), and an HTML parser would rewrite the surrounding Markdown.
//! So this module scans the text by hand, in two linear passes:
//!
//! 1. a tokenizer finds every `<span …>` and `</span>` tag (tolerant of quoting, spacing and case)
//!    and matches opens with closes on a stack, which is exactly "count the span depth" but done once
//!    for the whole file, so nested spans and unclosed spans never cause re-scanning;
//! 2. a walk over the tokens replaces each pair by one of its halves in each output.
//!
//! # Line numbers
//! Both outputs keep the input's line count: when the emitted half has fewer line breaks than the
//! whole pair occupied, the missing breaks are put *inside an HTML tag* (between attributes, where
//! CommonMark allows one line ending per gap, each followed by a `data-pad` attribute so that no line
//! is blank). A line break inside a tag renders as nothing and never ends a paragraph, starts a block
//! or splits an HTML block, so later line numbers (used by diagnostics of later stages) still match
//! the file. In the wrapped translated output the breaks go into the wrapper's opening tag; elsewhere
//! an empty `<span\ndata-pad></span>` follows the half. The only case where counts still differ is a
//! mismatched pair whose source text is borrowed from another place in the file. The renderer removes
//! the padding from the page once the Markdown is parsed (`render::markdown::finish::strip_padding`).
//!
//! # Limits
//! Spans inside code blocks or code spans are treated like any other span (the sxs format never puts
//! pairs there, and telling code apart would need a full Markdown block parser).

//!
//! # Layout
//! `lexer` is pass 1, `pairing` pass 2 (with `halves`, which keeps the line count), `plain` the
//! plain-text reduction used for `data-source`, TOC names and the search index.

mod halves;
mod lexer;
mod pairing;
mod plain;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use halves::attr_escape_into;
use pairing::Splitter;
pub use plain::{plain, plain_text};

/// How [`split`] opens the wrapper of a translated half: `<span class="seg" id="s-` + the
/// attribute-escaped id + `"`, then line pads and `>`.
pub const SEG_OPEN: &str = "<span class=\"seg\" id=\"s-";

/// Appends the value of a segment's `data-source` attribute: its source half as plain text,
/// escaped for an attribute (and for a Markdown table cell, as the wrapper always was).
pub fn data_source_into(out: &mut String, source: &str) {
    attr_escape_into(out, &plain(source));
}

/// Whether `escaped` is `id` as [`split`] writes it in a wrapper.
pub fn is_escaped_id(escaped: &str, id: &str) -> bool {
    if !escaped.contains('&') {
        return escaped == id;
    }
    let mut e = String::with_capacity(escaped.len());
    attr_escape_into(&mut e, id);
    e == escaped
}

/// One translated sentence with its source sentence, so later stages (search index, hover tooltips,
/// translation statistics) can use the pairs without re-parsing the page.
#[derive(Clone)]
pub struct Segment {
    /// The shared `data-ttu-id` / `data-stu-id` value.
    id: Box<str>,
    /// The texts that hold the halves as written (a split's two pages, which every segment of the
    /// file shares) and where in them each half is: a large site holds millions of segments, and a
    /// copy of both halves per segment was a quarter of a loaded site's memory.
    translated_in: Arc<str>,
    translated_at: (u32, u32),
    source_in: Arc<str>,
    source_at: (u32, u32),
    /// 1-based line in the file where the pair starts, so a segment can be traced back to its file.
    pub line: u32,
}

impl Segment {
    /// A segment of `id` with its translated and source halves (Markdown as written).
    pub fn new(id: &str, translated: &str, source: &str, line: u32) -> Segment {
        Segment::within(
            id,
            (Arc::from(translated), 0..translated.len()),
            (Arc::from(source), 0..source.len()),
            line,
        )
    }

    /// A segment whose halves are the given ranges of shared texts. A text longer than 4 GiB cannot
    /// come from a file Tandem reads (files are capped far below), so the offsets fit.
    pub(super) fn within(
        id: &str,
        translated: (Arc<str>, std::ops::Range<usize>),
        source: (Arc<str>, std::ops::Range<usize>),
        line: u32,
    ) -> Segment {
        Segment {
            id: id.into(),
            translated_at: (translated.1.start as u32, translated.1.end as u32),
            translated_in: translated.0,
            source_at: (source.1.start as u32, source.1.end as u32),
            source_in: source.0,
            line,
        }
    }

    /// The shared `data-ttu-id` / `data-stu-id` value.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The translated half, Markdown as written.
    pub fn translated(&self) -> &str {
        self.translated_in
            .get(self.translated_at.0 as usize..self.translated_at.1 as usize)
            .unwrap_or_default()
    }

    /// The source-language half, Markdown as written.
    pub fn source(&self) -> &str {
        self.source_in
            .get(self.source_at.0 as usize..self.source_at.1 as usize)
            .unwrap_or_default()
    }
}

/// Segments are equal when their ids, halves and lines are, wherever the halves are kept.
impl PartialEq for Segment {
    fn eq(&self, other: &Segment) -> bool {
        self.id() == other.id()
            && self.translated() == other.translated()
            && self.source() == other.source()
            && self.line == other.line
    }
}

impl Eq for Segment {}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("id", &self.id())
            .field("translated", &self.translated())
            .field("source", &self.source())
            .field("line", &self.line)
            .finish()
    }
}

/// The result of [`split`]: one bilingual page becomes two monolingual Markdown pages plus the pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Markdown of the translated page: every pair replaced by its translated half, wrapped (when
    /// [`Options::wrap_segments`]) as `<span class="seg" id="s-ID">translated</span>`. The renderer
    /// adds `data-source="PLAIN"` to that tag ([`data_source_into`]: the source half as plain text,
    /// so the page can show the original sentence on hover) from the segment, rather than the loaded
    /// site holding a second copy of every source sentence in the Markdown.
    pub translated: Arc<str>,
    /// Markdown of the source-language page: every pair replaced by its source half, with no wrapper
    /// and no sxs markup left, so it renders as the original English page.
    pub source: Arc<str>,
    /// The pairs in document order (unpaired and orphan halves are not segments; they are diagnostics).
    pub segments: Vec<Segment>,
    /// Problems found in the sxs markup, located in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the text had at least one span pair; a file without pairs is a single-language page.
    pub bilingual: bool,
}

/// Choices that depend on what the caller renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Wrap each translated half in a `seg` span (the renderer gives it its source text for hover).
    pub wrap_segments: bool,
}

/// Splits `text` (a page body, front matter already removed) into its translated and source pages.
///
/// `first_line` is the 1-based line of `text`'s first line in `file`, so that diagnostics and
/// segment lines point into the real file. Never panics and runs in time linear in `text.len()`.
pub fn split(text: &str, file: &Path, first_line: u32, opts: &Options) -> Split {
    Splitter::new(text, opts).run(file, first_line)
}

/// The source-language text of one inline string (a TOC.yml name, a front-matter value) that may
/// contain span pairs; strings without pairs come back unchanged.
pub fn source_text(s: &str) -> String {
    split(
        s,
        Path::new(""),
        1,
        &Options {
            wrap_segments: false,
        },
    )
    .source
    .to_string()
}

/// The translated text of one inline string that may contain span pairs, without any wrapper.
pub fn translated_text(s: &str) -> String {
    split(
        s,
        Path::new(""),
        1,
        &Options {
            wrap_segments: false,
        },
    )
    .translated
    .to_string()
}

#[cfg(test)]
mod tests;
