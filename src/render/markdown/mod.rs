//! Docs-flavoured Markdown to HTML.
//!
//! Two stages, both linear and iterative (no recursion on the document structure, so 10,000 nested
//! blockquotes cannot overflow the stack):
//! 1. [`super::directives`] rewrites the Docs block directives (alerts, includes, tabs, `:::image`,
//!    zones, code includes, legacy notes) into placeholders and plain Markdown, keeping a map from
//!    every output line back to its file and line so diagnostics point at what the author wrote;
//! 2. pulldown-cmark parses the result and a streaming pass rewrites links, images, raw `<a>`/`<img>`
//!    tags and headings (ids, permalinks) and cuts out the "See also" list, then `push_html` writes
//!    the HTML and the placeholders are swapped for the HTML the directives produced.
//!
//! Layout: `options` and `rendered` are what goes in and comes out, `ctx` the state both stages
//! share (so neither imports the other: the event pass hands `render_doc` to the directives for
//! inline includes), `locator` maps expanded lines back to the source, `events` is stage 2,
//! `headings`, `raw_html` and `finish` its parts.

pub(crate) mod ctx;
mod events;
mod finish;
mod headings;
pub(crate) mod locator;
pub(crate) mod options;
pub(crate) mod raw_html;
mod rendered;

use std::collections::HashSet;

pub use headings::slugify;
pub use options::{
    DirectiveLabels, IncludeError, LinkTarget, RenderOptions, Resolver, alert_titles,
};
pub use rendered::{Heading, LinkRef, PageText, Rendered, SeeAlsoLink};

pub(crate) use headings::fold_accent;
pub(crate) use raw_html::parse_tag;

use ctx::Ctx;
use events::render_doc;

/// Renders one page (already reduced to one language, front matter removed).
pub fn render(text: &str, opts: &RenderOptions, resolver: &dyn Resolver) -> Rendered {
    let mut ctx = Ctx {
        opts,
        resolver,
        files: vec![opts.file.to_string()],
        placeholders: Vec::new(),
        diagnostics: Vec::new(),
        links: Vec::new(),
        includes: Vec::new(),
        ids: HashSet::new(),
        headings: Vec::new(),
        see_also: Vec::new(),
        title: None,
        // Sized from the Markdown (about half of it is text a reader sees): grown push by push,
        // these and the event list below were reallocated a dozen times per page.
        text: if opts.page_text {
            PageText {
                headings: String::with_capacity(256),
                body: String::with_capacity(text.len() / 2),
            }
        } else {
            PageText::default()
        },
        seg_cursor: Vec::new(),
    };
    let chain = vec![opts.file.to_string()];
    let html = render_doc(&mut ctx, 0, opts.first_line.max(1), text, &chain);
    Rendered {
        html,
        headings: ctx.headings,
        title: ctx.title,
        see_also: ctx.see_also,
        links: ctx.links,
        includes: ctx.includes,
        diagnostics: ctx.diagnostics,
        text: ctx.text,
    }
}

#[cfg(test)]
pub(crate) mod tests;
