//! A page is one language of one source: a side-by-side file yields two (the translation and the
//! source language), a plain file yields one.

use std::sync::Arc;

use crate::content::body::Body;
use crate::content::front_matter::FrontMatter;
use crate::content::sxs::Segment;
use crate::lang::Lang;

/// Which half of its file a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Half {
    /// The `data-ttu-id` halves of a side-by-side file.
    Translated,
    /// The `data-stu-id` halves of a side-by-side file (a reconstructed source-language page).
    Source,
    /// A file without spans: one language only.
    Single,
}

/// One output page before rendering.
#[derive(Debug, Clone)]
pub struct Page {
    /// Language of the page.
    pub lang: Lang,
    /// Path inside the language, without `.md` (`partner-center/check-service-health`, `index`).
    pub key: String,
    /// Root-relative URL, pretty (`/fr-fr/partner-center/check-service-health/`).
    pub url: String,
    /// Content-relative path of the file the page comes from.
    pub file: String,
    /// Which half of the file.
    pub half: Half,
    /// Plain-text title in the page's language.
    pub title: String,
    /// Plain-text description in the page's language.
    pub description: Option<String>,
    /// The file's texts (the page shows one half, or `stand_in`).
    pub body: Arc<Body>,
    /// For a source-language stand-in of a structured page: the Markdown it shows instead.
    pub stand_in: Option<Arc<str>>,
    /// 1-based line where `markdown` starts in `file`.
    pub body_line: u32,
    /// Front matter of the file (for a reconstructed source page, title and description are not used).
    pub front: Arc<FrontMatter>,
    /// The translation was made from an older source than the source page shown.
    pub behind: bool,
    /// For a source page rebuilt from a translation: the hash of its source halves, to tell when two
    /// translations carry different source versions. 0 for other pages (nothing compares theirs).
    pub source_hash: u64,
    /// The language the page's text is written in when it is not the page's own: a source-language
    /// page standing in for a structured page that exists only in a translation.
    pub text_lang: Option<Lang>,
}

impl Page {
    /// The Markdown to render (already reduced to this language); reads the file's text if a warm
    /// build has not yet.
    pub fn markdown(&self) -> &Arc<str> {
        match (&self.stand_in, self.half) {
            (Some(text), _) => text,
            (None, Half::Source) => &self.body.get().source,
            (None, _) => &self.body.get().translated,
        }
    }

    /// Segments of the side-by-side file, for the compare view.
    pub fn segments(&self) -> Option<&Arc<Vec<Segment>>> {
        self.body.get().segments.as_ref()
    }

    /// Whether the page comes from a side-by-side file.
    pub fn bilingual(&self) -> bool {
        self.half != Half::Single
    }
}

/// Plain text of a heading or inline Markdown fragment: HTML tags, Markdown emphasis and link syntax
/// removed, entities decoded (the splitter's reduction), with no-break spaces as plain spaces so titles
/// compare and wrap like typed text. Used for titles derived from headings.
pub fn plain_text(s: &str) -> String {
    let text = crate::content::sxs::plain_text(s);
    // Most text has no no-break space; `replace` would copy it anyway.
    if text.contains('\u{a0}') {
        text.replace('\u{a0}', " ")
    } else {
        text
    }
}

/// The text of the first level-1 ATX heading outside code fences, as plain text.
pub fn first_heading(markdown: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if line.len() - t.len() > 3 {
            continue;
        }
        if let Some(rest) = t.strip_prefix("# ").or_else(|| (t == "#").then_some("")) {
            let text = plain_text(rest.trim().trim_end_matches('#'));
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_text_without_markup() {
        let md = "```\n# not\n```\n# <a name=\"x\"></a>Check **service** health\n";
        assert_eq!(first_heading(md).as_deref(), Some("Check service health"));
    }

    #[test]
    fn plain_text_drops_links_and_entities() {
        assert_eq!(
            plain_text("See [the page](a.md) &amp; more"),
            "See the page & more"
        );
        assert_eq!(plain_text("Office&nbsp;365"), "Office 365");
        assert_eq!(plain_text("a < b"), "a < b");
        assert_eq!(
            plain_text("<span class=\"seg\" id=\"s-1\">Texte</span>"),
            "Texte"
        );
    }
}
