//! The event pass: the directive pre-pass first, then pulldown-cmark over its output, one streaming
//! loop that rewrites links and images, raw HTML and headings, cuts out the "See also" list and
//! collects the page's text, then `push_html` and the finishing steps.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::super::directives;
use super::ctx::{Ctx, Resolved};
use super::finish::{PAD_FINDER, strip_padding, substitute_placeholders};
use super::headings::{HeadingStart, SeeAlso, finish_heading};
use super::locator::Locator;
use super::raw_html::rewrite_raw_html;
use super::rendered::SeeAlsoLink;
use crate::render::html::{escape, escape_href};

/// An open link: what to write before `</a>` and the See-also entry it feeds, if any.
struct OpenLink {
    close: String,
    see_also: Option<usize>,
}

/// Renders `text` (of file `file`, starting at `first_line`) with everything it includes.
pub(crate) fn render_doc(
    ctx: &mut Ctx,
    file: usize,
    first_line: u32,
    text: &str,
    chain: &[String],
) -> String {
    let expanded = directives::expand(ctx, file, first_line, text, chain, render_doc);
    let loc = Locator::new(&expanded.text, &expanded.origins);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut parser = Parser::new_ext(&expanded.text, options)
        .into_offset_iter()
        .peekable();
    // Docs Markdown gives about one event per 20 bytes (every sentence has its wrapper tags).
    let mut out: Vec<Event> = Vec::with_capacity(expanded.text.len() / 16);
    // An open heading: where its events start in `out`, and what its start said.
    let mut heading: Option<(usize, HeadingStart)> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut image: Option<(String, String, String, usize)> = None;
    let mut see_also = SeeAlso::Off;
    let mut in_code = false;
    // Inside an HTML comment that an earlier event opened (an HTML block comes line by line).
    let mut in_comment = false;
    while let Some((event, range)) = parser.next() {
        if let Some((_, _, alt, depth)) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::Start(Tag::Image { .. }) => *depth += 1,
                Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some((src, title, alt, _)) = image.take() {
                        // Alt text is searchable, as the words of the page it is.
                        if ctx.opts.page_text {
                            ctx.text.body.push_str(&alt);
                            ctx.text.body.push(' ');
                        }
                        let title = if title.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{}\"", escape(&title))
                        };
                        out.push(Event::InlineHtml(
                            format!(
                                "<img src=\"{}\" alt=\"{}\"{title}>",
                                escape_href(&src),
                                escape(&alt)
                            )
                            .into(),
                        ));
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            _ if !ctx.opts.page_text => {}
            Event::Text(t) | Event::Code(t) if !in_code => match heading {
                Some(_) => ctx.text.headings.push_str(t),
                None => ctx.text.body.push_str(t),
            },
            Event::End(TagEnd::Heading(_)) => ctx.text.headings.push(' '),
            // Word boundaries that have no text of their own: line and block ends, the start of
            // a (nested) list item, a raw HTML block and an inline `<br>`.
            Event::SoftBreak
            | Event::HardBreak
            | Event::Html(_)
            | Event::Start(Tag::Item)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) if heading.is_none() => ctx.text.body.push(' '),
            Event::InlineHtml(h) if heading.is_none() && is_br(h) => ctx.text.body.push(' '),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if matches!(see_also, SeeAlso::AwaitList) {
                    see_also = SeeAlso::Off;
                }
                heading = Some((
                    out.len(),
                    HeadingStart {
                        level,
                        attr_id: id.map(|s| s.to_string()),
                        classes: classes.iter().map(|c| c.to_string()).collect(),
                        at: range.start,
                    },
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, h)) = heading.take() {
                    let inner = out.split_off(start);
                    finish_heading(ctx, &loc, &mut out, inner, h, &mut see_also);
                }
            }
            Event::Start(Tag::List(n)) => {
                match &mut see_also {
                    SeeAlso::AwaitList => {
                        see_also = SeeAlso::Collect {
                            depth: 1,
                            start: out.len(),
                        }
                    }
                    SeeAlso::Collect { depth, .. } => *depth += 1,
                    SeeAlso::Off => {}
                }
                out.push(Event::Start(Tag::List(n)));
            }
            Event::End(TagEnd::List(o)) => {
                out.push(Event::End(TagEnd::List(o)));
                if let SeeAlso::Collect { depth, start } = &mut see_also {
                    *depth -= 1;
                    if *depth == 0 {
                        out.truncate(*start);
                        see_also = SeeAlso::Off;
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let (f, line, col) = loc.locate(range.start);
                let res = if link_type == LinkType::Email {
                    Resolved {
                        href: format!("mailto:{dest_url}"),
                        kind: "external",
                        title: None,
                        fallback_lang: None,
                    }
                } else {
                    ctx.resolve(f, line, col, &dest_url)
                };
                // A link written without text (`[](page.md)`) shows its target page's title, as
                // DocFX does; another target shows the link's title (a stand-in page puts the
                // original text there), else its address.
                let empty = matches!(parser.peek(), Some((Event::End(TagEnd::Link), _)));
                let text_of_empty = empty.then(|| match (&res.title, title.is_empty()) {
                    (Some(t), _) if res.kind == "page" => escape(t),
                    (_, false) => match ctx.opts.outside_span_lang {
                        Some(l) => {
                            format!("<span lang=\"{}\">{}</span>", escape(l), escape(&title))
                        }
                        None => escape(&title),
                    },
                    _ => escape(&res.href),
                });
                // Built with push_str: `format!` per link and per link end was 1.2% of a build.
                let href = escape_href(&res.href);
                let mut tag = String::with_capacity(href.len() + 16);
                tag.push_str("<a href=\"");
                tag.push_str(&href);
                tag.push('"');
                if !title.is_empty() && !empty {
                    tag.push_str(&format!(" title=\"{}\"", escape(&title)));
                }
                let mut close = String::new();
                if let Some(lang) = &res.fallback_lang {
                    tag.push_str(&format!(
                        " class=\"fallback\" hreflang=\"{}\"",
                        escape(lang)
                    ));
                    close = format!("<span class=\"visually-hidden\"> ({})</span>", escape(lang));
                } else if res.kind == "broken" {
                    tag.push_str(" class=\"broken\"");
                }
                tag.push('>');
                let see_idx = if matches!(see_also, SeeAlso::Collect { .. }) {
                    ctx.see_also.push(SeeAlsoLink {
                        text: String::new(),
                        url: res.href.clone(),
                        title: res.title.clone().unwrap_or_default(),
                        fallback: res.fallback_lang.is_some(),
                        broken: res.kind == "broken",
                    });
                    Some(ctx.see_also.len() - 1)
                } else {
                    None
                };
                links.push(OpenLink {
                    close,
                    see_also: see_idx,
                });
                out.push(Event::InlineHtml(tag.into()));
                if let Some(text) = text_of_empty {
                    if ctx.opts.page_text {
                        ctx.text
                            .body
                            .push_str(&crate::content::sxs::plain_text(&text));
                        ctx.text.body.push(' ');
                    }
                    feed_see_also(ctx, &links, &crate::content::sxs::plain_text(&text));
                    out.push(Event::InlineHtml(text.into()));
                }
            }
            Event::End(TagEnd::Link) => {
                let open = links.pop();
                if let Some(OpenLink {
                    see_also: Some(i), ..
                }) = &open
                    && let Some(s) = ctx.see_also.get_mut(*i)
                {
                    s.text = s.text.trim().to_string();
                    if s.title.is_empty() {
                        s.title = s.text.clone();
                    }
                }
                let mut end = open.map(|o| o.close).unwrap_or_default();
                end.push_str("</a>");
                out.push(Event::InlineHtml(end.into()));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let (f, line, col) = loc.locate(range.start);
                let res = ctx.resolve(f, line, col, &dest_url);
                image = Some((res.href, title.to_string(), String::new(), 0));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) => {
                feed_see_also(ctx, &links, &t);
                out.push(Event::Text(t));
            }
            Event::Code(t) => {
                feed_see_also(ctx, &links, &t);
                out.push(Event::Code(t));
            }
            Event::Html(h) => {
                let h = strip_comments(h, &mut in_comment);
                if !h.is_empty() {
                    out.push(Event::Html(rewrite_raw_html(ctx, &loc, h, range.start)));
                }
            }
            Event::InlineHtml(h) => {
                let h = strip_comments(h, &mut in_comment);
                if !h.is_empty() {
                    out.push(Event::InlineHtml(rewrite_raw_html(
                        ctx,
                        &loc,
                        h,
                        range.start,
                    )));
                }
            }
            other => out.push(other),
        }
    }
    let mut html = String::with_capacity(expanded.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let html = substitute_placeholders(html, &ctx.placeholders);
    if PAD_FINDER.find(expanded.text.as_bytes()).is_some() {
        strip_padding(html)
    } else {
        html
    }
}

/// Raw HTML without its `<!-- … -->` comments, which authors write for each other (notes, text
/// taken out for now), not for readers. `open` carries a comment that goes on into the next event
/// (an HTML block comes one line per event). The directives' placeholders (`<!--tandem:N-->`)
/// stay. Borrowed when there is no comment (almost every tag).
fn strip_comments<'h>(h: CowStr<'h>, open: &mut bool) -> CowStr<'h> {
    // Asked for every raw HTML event (each segment wrapper is one): a byte search first, as
    // `memmem::find` builds a searcher per call.
    if !*open
        && (memchr::memchr(b'!', h.as_bytes()).is_none()
            || memchr::memmem::find(h.as_bytes(), b"<!--").is_none())
    {
        return h;
    }
    let mut out = String::with_capacity(h.len());
    let mut rest: &str = &h;
    loop {
        if *open {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *open = false;
                }
                None => return out.into(),
            }
        }
        match rest.find("<!--") {
            None => {
                out.push_str(rest);
                return out.into();
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                let after = &rest[i..];
                if after.starts_with("<!--tandem:")
                    && let Some(end) = after.find("-->")
                {
                    out.push_str(&after[..end + 3]);
                    rest = &after[end + 3..];
                } else {
                    rest = &after[4..];
                    *open = true;
                }
            }
        }
    }
}

/// Whether raw inline HTML `h` is a `<br>` tag (`<br>`, `<BR/>`, `<br class="x">`). Four bytes
/// rather than [`parse_tag`]: it runs for every inline tag of every page (each segment wrapper is
/// one), and `parse_tag` collects the attributes.
fn is_br(h: &str) -> bool {
    let b = h.as_bytes();
    b.len() > 3
        && b[..3].eq_ignore_ascii_case(b"<br")
        && (b[3] == b'>' || b[3] == b'/' || b[3].is_ascii_whitespace())
}

/// Appends link text to the See-also entry being collected.
fn feed_see_also(ctx: &mut Ctx, links: &[OpenLink], text: &str) {
    if let Some(i) = links.last().and_then(|l| l.see_also)
        && let Some(s) = ctx.see_also.get_mut(i)
    {
        s.text.push_str(text);
    }
}
