//! What rendering a page gives back: its HTML, headings, See-also list, links, includes, plain text
//! and diagnostics ([`Rendered`]). Plain data, filled in by the passes through their shared `Ctx`.

use crate::diagnostics::Diagnostic;

/// A heading of the page, for "on this page" and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// One entry of the page's "See also" list, rendered by the template as a related-pages block.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeeAlsoLink {
    /// Link text as written, plain.
    pub text: String,
    pub url: String,
    /// Target page title, or the link text if not a page.
    pub title: String,
    pub fallback: bool,
    pub broken: bool,
}

/// A link found on the page, for the link checker and the link graph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkRef {
    pub line: u32,
    pub col: u32,
    /// As written.
    pub target: String,
    /// "page" | "asset" | "external" | "broken" | "anchor".
    pub kind: &'static str,
}

/// The result of rendering one page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rendered {
    /// Body HTML without the See-also section (returned separately in `see_also`).
    pub html: String,
    /// Every heading with its final id, in document order.
    pub headings: Vec<Heading>,
    /// Plain text of the first h1.
    pub title: Option<String>,
    pub see_also: Vec<SeeAlsoLink>,
    pub links: Vec<LinkRef>,
    /// Content-relative paths of included files (for incremental rebuilds), first inclusion order.
    pub includes: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The page's words as plain text (for the search index), collected while rendering.
    #[serde(skip)]
    pub text: PageText,
}

/// The plain text of a rendered page: heading text and body text (code blocks left out; a space
/// where a paragraph, list item, table cell or line ends, so words never run together).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    pub headings: String,
    pub body: String,
}
