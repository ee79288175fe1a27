//! The state a page and everything it includes share while rendering ([`Ctx`]): known files,
//! directive placeholders, links asked of the resolver, heading ids, and what is collected for the
//! result. Both the directive pre-pass and the event pass write into it, so it depends on neither.

use std::collections::HashSet;

use super::options::{LinkTarget, RenderOptions, Resolver};
use super::rendered::{Heading, LinkRef, PageText, SeeAlsoLink};
use crate::content::sxs;
use crate::diagnostics::Diagnostic;

/// How the directive pre-pass renders a nested document (an inline include) without importing the
/// event pass that calls it: the event pass hands its own `render_doc` down to
/// [`super::super::directives::expand`].
pub(crate) type RenderDoc = fn(&mut Ctx<'_>, usize, u32, &str, &[String]) -> String;

/// State shared by a page and everything it includes.
pub(crate) struct Ctx<'a> {
    pub opts: &'a RenderOptions<'a>,
    pub resolver: &'a dyn Resolver,
    /// Files seen so far; index 0 is the page. `Origin::file` indexes this.
    pub files: Vec<String>,
    /// HTML produced by directives, referenced from the Markdown by placeholder comments.
    pub placeholders: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkRef>,
    pub includes: Vec<String>,
    pub(super) ids: HashSet<String>,
    pub(super) headings: Vec<Heading>,
    pub(super) see_also: Vec<SeeAlsoLink>,
    pub(super) title: Option<String>,
    pub(super) text: PageText,
    /// Per file of `files`, once it has a wrapper: its segments and the index of the one expected
    /// next (wrappers come in order).
    pub(super) seg_cursor: Vec<Option<(&'a [sxs::Segment], usize)>>,
}

/// A link destination after asking the resolver.
pub(crate) struct Resolved {
    pub href: String,
    pub kind: &'static str,
    pub title: Option<String>,
    pub fallback_lang: Option<String>,
}

impl Ctx<'_> {
    /// Adds Markdown rendered outside the main event loop (tab labels) to the page's heading text
    /// for the search index.
    pub(crate) fn add_heading_text(&mut self, markdown: &str) {
        if !self.opts.page_text {
            return;
        }
        self.text.headings.push_str(&sxs::plain_text(markdown));
        self.text.headings.push(' ');
    }

    /// Index of `path` in `files`, adding it if new.
    pub fn file_index(&mut self, path: &str) -> usize {
        match self.files.iter().position(|f| f == path) {
            Some(i) => i,
            None => {
                self.files.push(path.to_string());
                self.files.len() - 1
            }
        }
    }

    /// Stores directive HTML and returns its block placeholder: an HTML comment, which CommonMark
    /// treats as an HTML block that ends on the same line and may interrupt a paragraph.
    pub fn block_placeholder(&mut self, html: String) -> String {
        // push_html ends the comment's line with '\n' already.
        self.placeholders
            .push(html.trim_end_matches('\n').to_string());
        format!("<!--tandem:{}-->", self.placeholders.len() - 1)
    }

    /// Stores directive HTML and returns its inline placeholder: a tag pair that never starts an
    /// HTML block, so the rest of the line stays Markdown.
    pub fn inline_placeholder(&mut self, html: String) -> String {
        self.placeholders.push(html);
        format!(
            "<tandem-ph n=\"{}\"></tandem-ph>",
            self.placeholders.len() - 1
        )
    }

    /// Asks the resolver about `dest` written in file `file` at `line:col`, records the link and
    /// warns when it is broken.
    pub fn resolve(&mut self, file: usize, line: u32, col: u32, dest: &str) -> Resolved {
        let as_written = |kind| Resolved {
            href: dest.to_string(),
            kind,
            title: None,
            fallback_lang: None,
        };
        if dest.is_empty() || dest.starts_with('#') {
            self.links.push(LinkRef {
                line,
                col,
                target: dest.to_string(),
                kind: "anchor",
            });
            return as_written("anchor");
        }
        let (target, frag) = match dest.find('#') {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let res = match self.resolver.link(&self.files[file], target) {
            LinkTarget::Page {
                url,
                title,
                fallback,
                lang,
            } => Resolved {
                href: url + frag,
                kind: "page",
                title: Some(title),
                fallback_lang: fallback.then_some(lang),
            },
            LinkTarget::PageCase {
                url,
                title,
                fallback,
                lang,
                actual,
            } => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "link-case",
                        &self.files[file],
                        line,
                        col,
                        format!("link `{dest}` names `{actual}` with other letter case; linked to it"),
                    )
                    .with_help(format!(
                        "write the path as the file is named (`{actual}`): links are case-sensitive on Linux servers"
                    )),
                );
                Resolved {
                    href: url + frag,
                    kind: "page",
                    title: Some(title),
                    fallback_lang: fallback.then_some(lang),
                }
            }
            LinkTarget::Asset { url } => Resolved {
                href: url + frag,
                kind: "asset",
                title: None,
                fallback_lang: None,
            },
            LinkTarget::External => as_written("external"),
            LinkTarget::ExternalDocset { url } => Resolved {
                href: url + frag,
                kind: "external-docset",
                title: None,
                fallback_lang: None,
            },
            LinkTarget::Broken { help } => {
                let help = help.unwrap_or_else(|| {
                    "check the path: it is relative to the file it is written in, `~/` is the content root".into()
                });
                self.diagnostics.push(
                    Diagnostic::warning(
                        "link-broken",
                        &self.files[file],
                        line,
                        col,
                        format!("broken link `{dest}`: nothing at this path"),
                    )
                    .with_help(help),
                );
                as_written("broken")
            }
        };
        self.links.push(LinkRef {
            line,
            col,
            target: dest.to_string(),
            kind: res.kind,
        });
        res
    }

    /// `id` made unique on the page.
    pub fn unique_id(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 0;
        while self.ids.contains(&candidate) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        self.ids.insert(candidate.clone());
        candidate
    }
}
