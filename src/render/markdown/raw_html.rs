//! Raw HTML the authors wrote: tags parsed without a DOM ([`parse_tag`]), local `href`/`src` of
//! `<a>`/`<img>` resolved like Markdown links, old `<a name>` anchors turned into ids, and each
//! side-by-side `seg` wrapper given the `data-source` of its segment.

use pulldown_cmark::CowStr;

use super::ctx::Ctx;
use super::locator::Locator;
use super::options::Resolver;
use crate::content::sxs;
use crate::render::html::escape_href;

/// A start tag found by the small attribute scanner.
pub(crate) struct RawTag<'s> {
    pub name: &'s str,
    /// (name, value) with the value unquoted but not entity-decoded.
    pub attrs: Vec<(&'s str, &'s str)>,
    pub self_closing: bool,
    /// Byte index just after the closing `>`.
    pub end: usize,
}

impl RawTag<'_> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// Parses the start tag at `s[start..]` (which must begin with `<`). Hand-written rather than an
/// HTML parser crate because raw HTML reaches us in fragments (one tag per event, unclosed
/// elements), and all we need is `<a>`/`<img>` attributes with quotes respected.
pub(crate) fn parse_tag(s: &str, start: usize) -> Option<RawTag<'_>> {
    let b = s.as_bytes();
    if b.get(start) != Some(&b'<') {
        return None;
    }
    let mut i = start + 1;
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = &s[name_start..i];
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some(RawTag {
                    name,
                    attrs,
                    self_closing: false,
                    end: i + 1,
                });
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some(RawTag {
                    name,
                    attrs,
                    self_closing: true,
                    end: i + 2,
                });
            }
            _ => {}
        }
        let k0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == k0 {
            i += 1;
            continue;
        }
        let key = &s[k0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            attrs.push((key, ""));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = s[i + 1..].find(*q as char)? + i + 1;
                let v = &s[i + 1..close];
                i = close + 1;
                v
            }
            _ => {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &s[v0..i]
            }
        };
        attrs.push((key, value));
    }
}

/// Rewrites local `href`/`src` of raw `<a>`/`<img>` tags written by authors, and turns
/// `<a name="x">`/`<a href="" id="x">` into `<a id="x">`.
pub(super) fn rewrite_raw_html<'e>(
    ctx: &mut Ctx,
    loc: &Locator,
    h: CowStr<'e>,
    offset: usize,
) -> CowStr<'e> {
    if !h.contains('<') {
        return h;
    }
    let mut out = String::new();
    // Made the first time something is rewritten, with room for a wrapper's `data-source` (its
    // source sentence): grown push by push it was reallocated three or four times per wrapper.
    let start = |out: &mut String| {
        if out.capacity() == 0 {
            out.reserve(h.len() + 192);
        }
    };
    let mut copied = 0;
    let mut search = 0;
    while let Some(rel) = h[search..].find('<') {
        let at = search + rel;
        search = at + 1;
        if h[at..].starts_with(sxs::SEG_OPEN) {
            let f = loc.file_at(offset + at);
            start(&mut out);
            out.push_str(&h[copied..at]);
            copied = at;
            if let Some(n) = copy_seg_open(ctx, f, &h[at..], &mut out) {
                copied = at + n;
                search = at + n;
            }
            continue;
        }
        let Some(tag) = parse_tag(&h, at) else {
            continue;
        };
        let is_a = tag.name.eq_ignore_ascii_case("a");
        let url_attr = if is_a {
            "href"
        } else if tag.name.eq_ignore_ascii_case("img") {
            "src"
        } else {
            continue;
        };
        let mut attrs: Vec<(String, String)> = tag
            .attrs
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        let mut changed = false;
        if is_a {
            let anchor = attrs
                .iter()
                .find(|(k, _)| k == "name" || k == "id")
                .map(|(_, v)| v.clone());
            let href_empty = attrs
                .iter()
                .find(|(k, _)| k == "href")
                .is_none_or(|(_, v)| v.is_empty());
            if let (Some(id), true) = (anchor, href_empty) {
                attrs.retain(|(k, _)| k != "name" && k != "id" && k != "href");
                attrs.insert(0, ("id".into(), id));
                changed = true;
            }
        }
        if let Some((_, v)) = attrs.iter_mut().find(|(k, _)| k == url_attr)
            && !v.is_empty()
        {
            let (f, line, col) = loc.locate(offset + at);
            let res = ctx.resolve(f, line, col, &v.replace("&amp;", "&"));
            if matches!(res.kind, "page" | "asset") {
                *v = escape_href(&res.href);
                changed = true;
            }
        }
        if changed {
            start(&mut out);
            out.push_str(&h[copied..at]);
            out.push('<');
            out.push_str(tag.name);
            for (k, v) in &attrs {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                // `"` as `&quot;`, appended run by run (`format!` with `replace` per attribute
                // was 0.4% of a build).
                let quote = |b| (b == b'"').then_some("&quot;");
                crate::render::html::escape_with(v, quote, |run| out.push_str(run));
                out.push('"');
            }
            out.push_str(if tag.self_closing { " />" } else { ">" });
            copied = tag.end;
        }
        search = tag.end;
    }
    if copied == 0 {
        return h;
    }
    out.push_str(&h[copied..]);
    out.into()
}

/// The source half of the segment whose wrapper (id as written, attribute-escaped) comes from file
/// `f` of `ctx.files`: the file's segments are walked in order, so finding each costs nothing; an id
/// out of order (a wrapper rendered twice, or one consumed elsewhere) is looked for after the cursor
/// first, so of two segments with the same id the next one is taken.
fn segment_source<'a>(ctx: &mut Ctx<'a>, f: usize, escaped_id: &str) -> Option<&'a str> {
    if ctx.seg_cursor.len() <= f {
        ctx.seg_cursor.resize(f + 1, None);
    }
    // The file's segments are asked for once per page, not once per wrapper.
    let resolver: &'a dyn Resolver = ctx.resolver;
    let (segs, next) = match ctx.seg_cursor[f] {
        Some(cursor) => cursor,
        None => (resolver.segments(ctx.files.get(f)?)?, 0),
    };
    let next = next.min(segs.len());
    let matches = |s: &sxs::Segment| sxs::is_escaped_id(escaped_id, s.id());
    let i = segs[next..]
        .iter()
        .position(matches)
        .map(|i| next + i)
        .or_else(|| segs[..next].iter().position(matches))?;
    ctx.seg_cursor[f] = Some((segs, i + 1));
    Some(segs[i].source())
}

/// Copies the opening of the `seg` wrapper that `html` starts with, through its id's closing
/// quote, into `out`, followed by the ` data-source` attribute when file `f` has the segment.
/// Returns the length copied; None (nothing copied) when the id is not closed.
fn copy_seg_open(ctx: &mut Ctx, f: usize, html: &str, out: &mut String) -> Option<usize> {
    let id_start = sxs::SEG_OPEN.len();
    let q = id_start + html[id_start..].find('"')?;
    out.push_str(&html[..=q]);
    if let Some(source) = segment_source(ctx, f, &html[id_start..q]) {
        out.push_str(" data-source=\"");
        sxs::data_source_into(out, source);
        out.push('"');
    }
    Some(q + 1)
}

/// `html` made outside the main event loop (tab labels) with each `seg` wrapper of file `f` given
/// its `data-source`, as [`rewrite_raw_html`] does for the page's own HTML.
pub(crate) fn with_data_sources(ctx: &mut Ctx, f: usize, html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(sxs::SEG_OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match copy_seg_open(ctx, f, rest, &mut out) {
            Some(n) => rest = &rest[n..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}
