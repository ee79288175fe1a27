//! Writing a half into an output without changing its line count: the line breaks a shorter half
//! lacks are padded inside a tag (see "Line numbers" in the module docs), and the wrapper's
//! attribute is escaped.

use std::borrow::Cow;

use crate::render::html;

/// `s` with at most `max` line breaks: the later ones become spaces.
pub(super) fn fit_lines(s: &str, max: usize) -> Cow<'_, str> {
    if count_nl(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut kept = 0;
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\n' if kept < max => {
                kept += 1;
                '\n'
            }
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    Cow::Owned(folded)
}

pub(super) fn count_nl(s: &str) -> usize {
    // memchr's SIMD search: most spans have no line break, and a byte-by-byte count was 1.2% of a
    // build.
    memchr::memchr_iter(b'\n', s.as_bytes()).count()
}

/// Appends the line breaks that the pair had (`range_nl`) but `emitted` lacks, hidden inside an empty span tag so
/// they render as nothing and cannot end a paragraph (see the module docs).
pub(super) fn pad_after(out: &mut String, range_nl: usize, emitted: &str, newline: &str) {
    // Most pairs sit on one line: then nothing is missing and `emitted` need not be scanned.
    if range_nl == 0 {
        return;
    }
    let missing = range_nl.saturating_sub(count_nl(emitted));
    if missing == 0 {
        return;
    }
    out.push_str("<span");
    for _ in 0..missing {
        out.push_str(newline);
        out.push_str("data-pad");
    }
    out.push_str("></span>");
}

/// Escapes text for a double-quoted HTML attribute inside Markdown: `|` too, so that a pipe-table
/// row holding the attribute keeps its cells.
pub(super) fn attr_escape_into(out: &mut String, s: &str) {
    let entity = |b| match b {
        b'|' => Some("&#124;"),
        b => html::entity(b),
    };
    html::escape_with(s, entity, |run| out.push_str(run));
}
