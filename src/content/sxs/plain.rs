//! Plain text of a half or an inline string: markup, emphasis and entities reduced to the words a
//! reader sees (the `data-source` hover, TOC names, the search index), with a fast path for text
//! that is already plain.

use std::borrow::Cow;

use super::lexer::starts_with_ci;
use crate::render::html::{self, decode_entity};

/// The bytes [`plain_text`] looks at; it copies runs of any others as they are.
const PLAIN_TEXT_STOP: [bool; 256] = html::byte_set(b"\n\r\t <\\*`_![]&");

const PLAIN_TEXT_STOP_BUT_SPACE: [bool; 256] = html::byte_set(b"\n\r\t<\\*`_![]&");

/// The high bit of each byte of `chunk` (eight bytes, little-endian) that equals `byte`, no other bit.
fn byte_mask(chunk: &[u8], byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = u64::from_le_bytes(chunk.try_into().unwrap_or([!byte; 8]))
        ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A zero byte of `v` is one equal to `byte`; exact (no carry between bytes), unlike the shorter
    // `(v - 0x01…) & !v` test.
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// Reduces a Markdown/HTML fragment to the plain text a reader sees: tags, emphasis markers, code
/// ticks and link destinations are dropped, character references are decoded, blockquote markers at
/// line starts are dropped and whitespace is collapsed. Linear: every look-ahead is bounded.
pub fn plain_text(s: &str) -> String {
    plain(s).into_owned()
}

/// [`plain_text`], borrowing `s` when it is already plain (most sentences are).
pub fn plain(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(reduce_to_plain_text(s))
    }
}

/// True when [`plain_text`] would give `s` back unchanged: no byte it looks at except single spaces
/// between words, and no white space at either end. Most sentences are such text, and one table scan
/// decides it (the general reduction was 3% of a build, mostly on them).
pub(super) fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    // A space first counts as a second space in a row.
    let mut prev_space = true;
    // Eight bytes at a time (a byte-by-byte scan was 1.5% of a build): none of the bytes looked at
    // but spaces, and no two spaces in a row, within the eight or across the previous ones.
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        if chunk
            .iter()
            .fold(false, |any, &c| any | PLAIN_TEXT_STOP_BUT_SPACE[c as usize])
        {
            return false;
        }
        let spaces = byte_mask(chunk, b' ');
        if spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return false;
        }
        prev_space = spaces >> 63 != 0;
    }
    let Some(prev_space) = plain_bytes(chunks.remainder(), prev_space) else {
        return false;
    };
    // `trim` drops Unicode white space (no-break spaces too) at the ends.
    !prev_space && !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace)
}

/// [`is_plain`]'s test byte by byte, from the state `prev_space` (the last byte before `b` was a
/// space): `None` when `b` has a byte looked at other than a space, or two spaces in a row;
/// otherwise whether `b` ends with a space.
pub(super) fn plain_bytes(b: &[u8], mut prev_space: bool) -> Option<bool> {
    for &c in b {
        if c == b' ' {
            if prev_space {
                return None;
            }
            prev_space = true;
        } else if PLAIN_TEXT_STOP[c as usize] {
            return None;
        } else {
            prev_space = false;
        }
    }
    Some(prev_space)
}

/// [`plain_text`] for any text.
pub(super) fn reduce_to_plain_text(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut line_start = false;
    let push_space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    while i < b.len() {
        let c = b[i];
        if line_start {
            // Drop the `> ` of blockquote continuation lines.
            let mut p = i;
            while p < b.len() && matches!(b[p], b' ' | b'\t' | b'>') {
                p += 1;
            }
            if p > i {
                push_space(&mut out);
            }
            i = p;
            line_start = false;
            continue;
        }
        match c {
            b'\n' | b'\r' | b'\t' | b' ' => {
                if c == b'\n' {
                    line_start = true;
                }
                push_space(&mut out);
                i += 1;
            }
            b'<' => {
                let tag_like = b
                    .get(i + 1)
                    .is_some_and(|&n| n.is_ascii_alphabetic() || n == b'/' || n == b'!');
                // Stop at the next `<` too, so no byte is looked at by two tag attempts.
                let close = b[i + 1..b.len().min(i + 512)]
                    .iter()
                    .position(|&x| x == b'>' || x == b'<')
                    .filter(|&off| b[i + 1 + off] == b'>')
                    .map(|off| off + 1);
                match close {
                    Some(off) if tag_like => {
                        if starts_with_ci(b, i + 1, b"br") {
                            push_space(&mut out);
                        }
                        i += off + 1;
                    }
                    _ => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            b'\\' if b.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(b[i + 1] as char);
                i += 2;
            }
            b'*' | b'`' => i += 1,
            b'_' => {
                let prev_alnum = out.chars().next_back().is_some_and(|p| p.is_alphanumeric());
                let next_alnum = s[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric());
                if !(prev_alnum && next_alnum) {
                    i += 1;
                } else {
                    out.push('_');
                    i += 1;
                }
            }
            b'!' if b.get(i + 1) == Some(&b'[') => i += 1,
            b'[' => i += 1,
            b']' => {
                i += 1;
                // Skip a link destination `(…)` or reference `[…]` right after the text.
                if let Some(&open) = b.get(i).filter(|&&o| o == b'(' || o == b'[') {
                    let close = if open == b'(' { b')' } else { b']' };
                    let mut depth = 0usize;
                    let limit = b.len().min(i + 2048);
                    let mut p = i;
                    let mut found = None;
                    // The scan stops at the next bracket, so scans never overlap (linear time).
                    while p < limit {
                        let c = b[p];
                        if c == close {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                found = Some(p);
                                break;
                            }
                        } else if c == open && (open == b'(' || p == i) {
                            depth += 1;
                        } else if matches!(c, b'[' | b']' | b'\n') {
                            break;
                        }
                        p += 1;
                    }
                    if let Some(p) = found {
                        i = p + 1;
                    }
                }
            }
            b'&' => match decode_entity(&s[i..]) {
                Some((ch, len)) => {
                    if ch.is_whitespace() && ch != '\u{a0}' {
                        push_space(&mut out);
                    } else {
                        out.push(ch);
                    }
                    i += len;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            _ => {
                // Copy up to the next byte any arm above looks at (always a character boundary:
                // they are all ASCII), at least one whole character.
                let ch_len = s[i..].chars().next().map_or(1, char::len_utf8);
                let end = b[i + ch_len..]
                    .iter()
                    .position(|&c| PLAIN_TEXT_STOP[c as usize])
                    .map_or(b.len(), |p| i + ch_len + p);
                out.push_str(&s[i..end]);
                i = end;
            }
        }
    }
    // `trim` also drops no-break spaces at the ends (French typography puts U+202F before `:`).
    match out.trim() {
        t if t.len() == out.len() => out,
        t => t.to_string(),
    }
}
