//! Headings: the id a heading text gets ([`slugify`], with accents folded), explicit `{#id}` and
//! leading `<a id>` anchors, the permalink, and the "See also" heading that starts the related-links
//! section instead of being written.

use pulldown_cmark::{Event, HeadingLevel};

use super::ctx::Ctx;
use super::locator::Locator;
use super::raw_html::parse_tag;
use super::rendered::Heading;
use crate::diagnostics::Diagnostic;
use crate::render::html::{escape, escape_href};

/// The id the build gives a heading with this text: lowercase, accents folded to ASCII where
/// simple, anything not alphanumeric becomes '-', runs collapsed, ends trimmed ("section" when
/// nothing is left). `render` makes ids unique per page with -1, -2 suffixes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        let pieces: &str = folded.unwrap_or("");
        let mut push = |ch: char| {
            if ch.is_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(ch);
            } else {
                dash = true;
            }
        };
        if folded.is_some() {
            pieces.chars().for_each(&mut push);
        } else {
            push(c);
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// ASCII spelling of common accented Latin letters (lowercase input).
pub(crate) fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// What the See-also state machine is doing.
pub(super) enum SeeAlso {
    Off,
    /// The heading was seen; the next list is the See-also list.
    AwaitList,
    /// Inside the list: `depth` nested lists, output truncated back to `start` at its end.
    Collect {
        depth: usize,
        start: usize,
    },
}

/// What a heading's start said: level, `{#id}`, classes, and its offset in the expanded text
/// (located in the file only for a diagnostic).
pub(super) struct HeadingStart {
    pub(super) level: HeadingLevel,
    pub(super) attr_id: Option<String>,
    pub(super) classes: Vec<String>,
    pub(super) at: usize,
}

/// Writes a heading with its id and permalink, or starts the See-also section.
pub(super) fn finish_heading<'e>(
    ctx: &mut Ctx,
    loc: &Locator,
    out: &mut Vec<Event<'e>>,
    mut inner: Vec<Event<'e>>,
    h: HeadingStart,
    see_also: &mut SeeAlso,
) {
    let HeadingStart {
        level,
        attr_id,
        classes,
        at,
    } = h;
    let anchor = take_leading_anchor(&mut inner);
    let plain: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = plain.to_lowercase();
    let key = key.trim().trim_end_matches(':').trim();
    if !key.is_empty() && ctx.opts.see_also_headings.iter().any(|h| h.trim() == key) {
        *see_also = SeeAlso::AwaitList;
        return;
    }
    let id = match anchor.or(attr_id) {
        Some(explicit) if ctx.ids.contains(&explicit) => {
            // Two headings with one id: the page would have it twice, and every link to it would
            // reach the first. This one gets a numbered id, as a repeated heading text does.
            let id = ctx.unique_id(explicit.clone());
            let (file, line, col) = loc.locate(at);
            ctx.diagnostics.push(
                Diagnostic::warning(
                    "anchor-duplicate",
                    &ctx.files[file],
                    line,
                    col,
                    format!(
                        "the anchor `{explicit}` is already the id of an earlier heading on this page; this heading gets `{id}`"
                    ),
                )
                .with_help(format!(
                    "give each heading its own `<a name=\"…\">`: links to `#{explicit}` reach the first one only"
                )),
            );
            id
        }
        Some(explicit) => {
            ctx.ids.insert(explicit.clone());
            explicit
        }
        None => ctx.unique_id(slugify(&plain)),
    };
    let n = level as u8;
    if n == 1 && ctx.title.is_none() {
        ctx.title = Some(plain.clone());
    }
    // Appended piece by piece: `format!` for every heading's tags was 0.6% of a build.
    let digit = char::from(b'0' + n);
    let mut open = String::with_capacity(id.len() + 16);
    open.push_str("<h");
    open.push(digit);
    open.push_str(" id=\"");
    open.push_str(&escape(&id));
    open.push('"');
    if !classes.is_empty() {
        open.push_str(" class=\"");
        open.push_str(&escape(&classes.join(" ")));
        open.push('"');
    }
    open.push('>');
    out.push(Event::Html(open.into()));
    out.extend(inner);
    let mut close = String::with_capacity(id.len() + 80);
    close.push_str("<a class=\"permalink\" href=\"#");
    close.push_str(&escape_href(&id));
    close.push_str("\" aria-label=\"");
    close.push_str(&escape(ctx.opts.permalink_label));
    close.push_str("\">#</a></h");
    close.push(digit);
    close.push_str(">\n");
    out.push(Event::Html(close.into()));
    ctx.headings.push(Heading {
        level: n,
        id,
        text: plain,
    });
}

/// Removes an `<a name="x"></a>` (or `<a id="x"></a>`) written at the start of a heading and
/// returns its id: the author's anchor is the heading's id.
fn take_leading_anchor(inner: &mut Vec<Event<'_>>) -> Option<String> {
    let first = inner
        .iter()
        .position(|e| !matches!(e, Event::Text(t) if t.trim().is_empty()))?;
    let Event::InlineHtml(h) = &inner[first] else {
        return None;
    };
    let tag = parse_tag(h, 0)?;
    if !tag.name.eq_ignore_ascii_case("a") || tag.attr("href").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let id = tag.attr("id").or_else(|| tag.attr("name"))?.to_string();
    let rest = h[tag.end..].trim();
    let mut remove = first..first + 1;
    if rest.is_empty() {
        if let Some(Event::InlineHtml(c)) = inner.get(first + 1)
            && c.trim().eq_ignore_ascii_case("</a>")
        {
            remove = first..first + 2;
        }
    } else if !rest.eq_ignore_ascii_case("</a>") {
        return None;
    }
    inner.drain(remove.clone());
    // The space between the anchor and the text would otherwise lead the heading.
    if let Some(Event::Text(t)) = inner.get_mut(remove.start) {
        *t = t.trim_start().to_string().into();
    }
    Some(id)
}
