//! Inline Markdown of one string (a segment for the compare view, a title) to HTML: a fast path for
//! the plain text most strings are, and pulldown-cmark for the rest, with links reduced to their text.

/// Inline HTML of a segment for the compare view: links become their text (their targets are
/// relative to the page, not to the compare view).
pub fn inline_html(md: &str) -> String {
    // Most segments are plain sentences, some with bold words or a link: what the parser would
    // give, without a parser per segment (a compare view has one row per sentence).
    inline_fast(md).unwrap_or_else(|| inline_html_parsed(md))
}

pub(super) fn inline_html_parsed(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let events = Parser::new(md).filter_map(|e| match e {
        Event::Start(Tag::Link { .. } | Tag::Paragraph)
        | Event::End(TagEnd::Link | TagEnd::Paragraph) => None,
        // Raw `<a>` tags go the way of Markdown links: the row keeps their text. An anchor
        // (`<a id>`, `<a name>`) would put the page's id in both columns, and an in-page link
        // would point at a heading that the compare view does not have.
        Event::InlineHtml(h) | Event::Html(h) => match without_a_tags(&h) {
            std::borrow::Cow::Borrowed(_) => Some(Event::InlineHtml(h)),
            std::borrow::Cow::Owned(o) if o.trim().is_empty() => None,
            std::borrow::Cow::Owned(o) => Some(Event::InlineHtml(o.into())),
        },
        Event::Start(Tag::Image { title, .. }) => Some(Event::Text(title)),
        Event::End(TagEnd::Image) => Some(Event::Text("".into())),
        Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
            Some(Event::Text("".into()))
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim().to_string()
}

/// Raw HTML `h` without its `<a …>` and `</a>` tags (any case); other tags and text are kept.
pub(super) fn without_a_tags(h: &str) -> std::borrow::Cow<'_, str> {
    // Where the `<a …>` or `</a>` tag at `i` ends; an opening tag is read with the tag parser the
    // Markdown stage uses, so a `>` inside a quoted attribute does not end it.
    let a_tag_end = |i: usize| match super::markdown::parse_tag(h, i) {
        Some(tag) => tag.name.eq_ignore_ascii_case("a").then_some(tag.end),
        None => {
            let rest = h[i..].strip_prefix("</")?;
            rest.get(..1).filter(|n| n.eq_ignore_ascii_case("a"))?;
            let after = rest[1..].trim_start();
            after.starts_with('>').then(|| h.len() - after.len() + 1)
        }
    };
    let mut out = String::new();
    let mut copied = 0;
    for (i, _) in h.match_indices('<') {
        if i < copied {
            continue;
        }
        if let Some(end) = a_tag_end(i) {
            out.push_str(&h[copied..i]);
            copied = end;
        }
    }
    if copied == 0 {
        return h.into();
    }
    out.push_str(&h[copied..]);
    out.into()
}

/// Bytes that may start inline markup, an entity, HTML or an escape anywhere in a line, and `!`
/// (an image before `[`): [`inline_fast`] copies runs of any others as they are.
const INLINE_STOP: [bool; 256] = {
    let mut t = crate::render::html::byte_set(b"\\`*_[]<>&~$^{}!\x7f");
    // And the control characters.
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t
};

/// The compare-view HTML of a one-line segment made of plain text, `**bold**` runs of plain
/// text and `[plain text](destination)` links, which is what nearly every sentence of a procedure
/// is; `None` for anything else (the parser handles it). Written by hand because running
/// pulldown-cmark once per sentence was 4.5% of a build; a property test checks that it gives
/// exactly the parser's output whenever it answers.
pub(super) fn inline_fast(md: &str) -> Option<String> {
    let b = md.as_bytes();
    let first = md.chars().next()?;
    // A start that opens a block (list, heading, quote, code, thematic break, table).
    if first.is_whitespace()
        || first.is_ascii_digit()
        || matches!(
            first,
            '-' | '+' | '=' | '>' | '#' | '_' | '|' | ':' | '~' | '`'
        )
        || (first == '*' && !b.starts_with(b"**"))
    {
        return None;
    }
    let plain_run = |from: usize| {
        b[from..]
            .iter()
            .position(|&c| INLINE_STOP[c as usize])
            .map_or(b.len(), |p| from + p)
    };
    let mut out = String::with_capacity(md.len() + 16);
    let mut i = 0;
    while i < b.len() {
        let end = plain_run(i);
        out.push_str(&md[i..end]);
        i = end;
        if i == b.len() {
            break;
        }
        if b[i] == b'!' {
            if b.get(i + 1) == Some(&b'[') {
                return None;
            }
            out.push('!');
            i += 1;
        } else if b[i..].starts_with(b"**") {
            // `**text**` with text that starts and ends with a Latin letter or a digit: both runs
            // flank the text whatever surrounds them. (Not any alphanumeric character: some, like
            // `Ⓐ`, are symbols to CommonMark, and a symbol next to `**` changes what it can do.)
            let from = i + 2;
            let to = plain_run(from);
            let inner = &md[from..to];
            let latin = |c: char| {
                c.is_ascii_alphanumeric()
                    || (('\u{c0}'..='\u{24f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}')
            };
            let alnum_ends = inner.chars().next().is_some_and(latin)
                && inner.chars().next_back().is_some_and(latin);
            if !alnum_ends
                || !b[to..].starts_with(b"**")
                || b.get(to + 2) == Some(&b'*')
                || (i > 0 && b[i - 1] == b'*')
            {
                return None;
            }
            out.push_str("<strong>");
            out.push_str(inner);
            out.push_str("</strong>");
            i = to + 2;
        } else if b[i] == b'[' {
            // `[text](destination)`: the link's text (the compare view drops its target).
            let from = i + 1;
            let to = plain_run(from);
            let text = &md[from..to];
            if text.trim().is_empty() || !b[to..].starts_with(b"](") {
                return None;
            }
            let dest_from = to + 2;
            let dest_len = b[dest_from..].iter().position(|&c| c == b')')?;
            let dest = &b[dest_from..dest_from + dest_len];
            let url_byte = |c: &u8| c.is_ascii_alphanumeric() || b"/.-_#?=%:~+@,;".contains(c);
            if dest.is_empty() || !dest.iter().all(url_byte) {
                return None;
            }
            out.push_str(text);
            i = dest_from + dest_len + 1;
        } else {
            return None;
        }
    }
    // As the parser's output is trimmed (a link's text may start with a space).
    Some(match out.trim() {
        t if t.len() == out.len() => out,
        t => t.to_string(),
    })
}
