//! Line scanning shared by every directive family: indentation, blockquote prefixes and list
//! markers, fences and comments, lazy continuations, the `key="value"` attributes of `:::name …:::`
//! directives, and escaping text back into Markdown. A leaf: the families use it, it uses none.

/// A line that opens an HTML comment and does not close it (`<!--` alone, or a comment that
/// goes on over the next lines, also after text). On a line with a code span only a comment at
/// its start counts: `` `<!--` `` is code.
pub(super) fn opens_comment(rest: &str) -> bool {
    // Asked for every line: most have no `!`, and a substring search costs a searcher each time.
    if memchr::memchr(b'!', rest.as_bytes()).is_none() {
        return false;
    }
    let open = if rest.contains('`') {
        rest.starts_with("<!--").then_some(0)
    } else {
        rest.rfind("<!--")
    };
    open.is_some_and(|i| !rest[i + 4..].contains("-->"))
}

/// Columns of indentation of `text` inside its innermost blockquote (a `>` and one space after it
/// are the quote's; a tab goes to the next multiple of 4), and the text after the indentation.
/// A `>` indented 4 columns or more is text, not a quote.
pub(super) fn indent_cols(text: &str) -> (usize, &str) {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        let mut col = 0;
        while let Some(c @ (b' ' | b'\t')) = b.get(i) {
            col = if *c == b'\t' {
                col + 4 - col % 4
            } else {
                col + 1
            };
            i += 1;
        }
        if b.get(i) == Some(&b'>') && col < 4 {
            i += 1;
            if b.get(i) == Some(&b' ') {
                i += 1;
            }
            continue;
        }
        return (col, &text[i..]);
    }
}

/// Byte length of the leading blockquote markers and indentation.
pub(super) fn prefix_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
        .count()
}

pub(super) fn chars(s: &str) -> i64 {
    s.chars().count() as i64
}

pub(super) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

pub(super) fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == ch).count();
    (n >= 3 && !(ch == b'`' && rest[n..].contains('`'))).then_some((ch, n))
}

pub(super) fn closes_fence(rest: &str, ch: u8, n: usize) -> bool {
    let m = rest.bytes().take_while(|&b| b == ch).count();
    m >= n && rest[m..].trim().is_empty()
}

/// Byte range of the `depth`-th `>` in the leading markers: (index of it, index after it and one
/// optional space).
pub(super) fn strip_quote(s: &str, depth: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'>' => {
                seen += 1;
                if seen == depth {
                    let after = if matches!(s.as_bytes().get(i + 1), Some(b' ' | b'\t')) {
                        i + 2
                    } else {
                        i + 1
                    };
                    return Some((i, after));
                }
            }
            b' ' | b'\t' => {}
            _ => return None,
        }
    }
    None
}

/// A line that CommonMark would take as a lazy continuation of the paragraph above.
pub(super) fn is_lazy_continuation(s: &str) -> bool {
    let t = s.trim_start();
    if t.is_empty() || s.len() - t.len() >= 4 {
        return false;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'));
    !ordered && !t.starts_with(['#', '>', '-', '*', '+', '|', '`', '~', ':', '='])
}

/// `key="value"` pairs up to the closing `:::`: (attrs, bytes used including `:::`).
pub(super) fn parse_directive_attrs(s: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let t = rest.trim_start();
        i += rest.len() - t.len();
        if t.starts_with(":::") {
            return Some((attrs, i + 3));
        }
        let eq = t.find('=')?;
        let key = t[..eq].trim();
        if key.is_empty() || key.contains([' ', ':']) {
            return None;
        }
        let v = t[eq + 1..].trim_start();
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = v[1..].find(q)?;
        attrs.push((key.to_ascii_lowercase(), v[1..1 + close].to_string()));
        i += (t.len() - v.len()) + close + 2;
    }
}

/// `key="value"` pairs of a whole line (zones).
pub(super) fn parse_attrs(s: &str) -> Vec<(String, String)> {
    parse_directive_attrs(&format!("{s} :::"))
        .map(|(a, _)| a)
        .unwrap_or_default()
}

pub(super) fn attr<'v>(attrs: &'v [(String, String)], key: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Byte length of a list marker and its spaces at the start of `s` (`- `, `* `, `12. `), 0 when
/// `s` does not start a list item.
pub(super) fn list_marker_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let m = match b.first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(c) if c.is_ascii_digit() && digits <= 9 => match b.get(digits) {
            Some(b'.' | b')') => digits + 1,
            _ => return 0,
        },
        _ => return 0,
    };
    let spaces = b[m..].iter().take_while(|c| **c == b' ').count();
    if spaces == 0 || spaces > 4 {
        0
    } else {
        m + spaces
    }
}

/// Text that Markdown must show as is: every ASCII punctuation backslash-escaped.
pub(super) fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
