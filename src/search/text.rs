//! How text becomes search terms, identically at build time (here) and in the browser
//! (`static/search.js` mirrors these rules): lowercase, accents folded (`état` → `etat`), words of
//! two characters or more, and CJK text, which has no spaces, cut into overlapping bigrams
//! (`服务状态` → `服务`, `务状`, `状态`) so any substring of two characters or more can be found.

use crate::render::markdown::fold_accent;

/// Longest term kept; longer "words" are hashes, URLs or base64 and only bloat the index.
const MAX_TERM: usize = 40;

/// Chinese, Japanese and Korean characters (scripts written without spaces between words).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff
        | 0x20000..=0x2a6df)
}

/// Lowercase with accents folded to ASCII where the letter has a simple ASCII spelling.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // Most text is ASCII: runs of it are copied and lowercased in place, no case or accent table.
        let ascii = ascii_prefix_len(rest.as_bytes());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        for c in c.to_lowercase() {
            match fold_accent(c) {
                Some(f) => out.push_str(f),
                None => out.push(c),
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of the ASCII run at the start of `b`, looked at eight bytes at a time (a byte-by-byte
/// `position` was 2% of a build's instructions).
fn ascii_prefix_len(b: &[u8]) -> usize {
    let mut n = 0;
    for chunk in b.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            // The first byte with its high bit set, in memory order (little-endian).
            return n + (high.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .position(|&c| c >= 0x80)
        .unwrap_or(b.len() - n)
}

/// `s` with its words joined by single spaces (white space runs made one space, none at either
/// end: what `split_whitespace` gives), cut after `max` characters. One pass over the bytes:
/// splitting into words and counting the characters of each was 3% of a build. Runs of printable
/// ASCII, most of a word, are measured eight bytes at a time and copied whole (looking at each byte
/// on its own was 3% of a build again).
pub fn collapsed_prefix(s: &str, max: usize) -> String {
    let b = s.as_bytes();
    // Byte length of the character at `i` and whether it is white space (`char::is_whitespace`).
    let at = |i: usize| -> (usize, bool) {
        match b[i] {
            b' ' | b'\t'..=b'\r' => (1, true),
            c if c < 0x80 => (1, false),
            _ => s[i..]
                .chars()
                .next()
                .map_or((1, false), |c| (c.len_utf8(), c.is_whitespace())),
        }
    };
    let mut out = String::with_capacity(s.len().min(max));
    let mut left = max;
    let mut i = 0;
    while i < b.len() && left > 0 {
        let (n, space) = at(i);
        if space {
            i += n;
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
            left -= 1;
            if left == 0 {
                break;
            }
        }
        // The word: printable ASCII in runs (one character per byte), anything else one
        // character at a time, until white space, the end or the last character allowed.
        let start = i;
        while i < b.len() && left > 0 {
            // One character per byte: no need to look past the last one allowed (a long token
            // such as a URL would otherwise be measured to its end).
            let run = printable_ascii_prefix_len(&b[i..b.len().min(i + left)]);
            if run > 0 {
                i += run;
                left -= run;
                continue;
            }
            let (n, space) = at(i);
            if space {
                break;
            }
            i += n;
            left -= 1;
        }
        out.push_str(&s[start..i]);
    }
    out
}

/// Length of the run of bytes 0x21 (`!`) to 0x7F at the start of `b` (ASCII that is neither white
/// space nor a control character below the space; DEL counts, as a character of a word), eight
/// bytes at a time.
fn printable_ascii_prefix_len(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut n = 0;
    for chunk in b.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // High bit of a byte set when it is 0x80 or more (`word`) or below `!` (the subtraction
        // borrows). A borrow can only flag the byte after one already flagged, so the lowest flag
        // is exact, and that is the only one read.
        let stop = (word | word.wrapping_sub(ONES * 0x21)) & (ONES * 0x80);
        if stop != 0 {
            return n + (stop.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .position(|&c| !(0x21..0x80).contains(&c))
        .unwrap_or(b.len() - n)
}

/// The search terms of `text`, in order, repeated as often as they occur.
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    each_term(&folded, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each term of already [`fold`]ed text, in order, as slices of it: words are runs of
/// letters and digits, CJK runs give their overlapping bigrams (a run of one character gives that
/// character). Allocates nothing, so indexing a page costs one pass over its text.
pub fn each_term<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    // Current word: start byte, characters, whether all are ASCII digits.
    let mut word: Option<(usize, usize, bool)> = None;
    // Current CJK run: start byte, start of its last character, characters.
    let mut run: Option<(usize, usize, usize)> = None;
    let end_word =
        |word: &mut Option<(usize, usize, bool)>, end: usize, f: &mut dyn FnMut(&'a str)| {
            if let Some((start, n, digits)) = word.take()
                && (n >= 2 || digits)
                && n <= MAX_TERM
            {
                f(&folded[start..end]);
            }
        };
    let end_run =
        |run: &mut Option<(usize, usize, usize)>, end: usize, f: &mut dyn FnMut(&'a str)| {
            if let Some((start, _, 1)) = run.take() {
                f(&folded[start..end]);
            }
        };
    let bytes = folded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII (most folded text) without decoding: never CJK, alphanumeric as ASCII says. (Its
        // two steps repeat the general ones below: classifying first and sharing them cost 1.2%
        // more instructions per build, measured.)
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                end_run(&mut run, i, &mut f);
                let (start, n, digits) = word.unwrap_or((i, 0, true));
                word = Some((start, n + 1, digits && b.is_ascii_digit()));
            } else {
                end_word(&mut word, i, &mut f);
                end_run(&mut run, i, &mut f);
            }
            i += 1;
            continue;
        }
        let c = folded[i..].chars().next().unwrap_or_default();
        let next = i + c.len_utf8();
        if is_cjk(c) {
            end_word(&mut word, i, &mut f);
            run = Some(match run {
                Some((start, last, n)) => {
                    f(&folded[last..i + c.len_utf8()]);
                    (start, i, n + 1)
                }
                None => (i, i, 1),
            });
        } else if c.is_alphanumeric() {
            end_run(&mut run, i, &mut f);
            let (start, n, digits) = word.unwrap_or((i, 0, true));
            word = Some((start, n + 1, digits && c.is_ascii_digit()));
        } else {
            end_word(&mut word, i, &mut f);
            end_run(&mut run, i, &mut f);
        }
        i = next;
    }
    end_word(&mut word, folded.len(), &mut f);
    end_run(&mut run, folded.len(), &mut f);
}

/// The shard a term lives in: its first two characters when both are ASCII letters or digits (so a
/// query downloads only the shard of each of its words), else one bucket per first character
/// (`u` + code point modulo 128, for CJK and other scripts). Every term with a given prefix of two
/// characters is in one shard, so prefix search needs one download per query word.
pub fn shard_of(term: &str) -> String {
    ShardKey::of(term).as_str().to_string()
}

/// [`shard_of`] without an allocation (a shard name is at most three ASCII characters): the
/// index groups every term of a language by it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardKey([u8; 3], u8);

impl ShardKey {
    /// The shard of `term`.
    pub fn of(term: &str) -> ShardKey {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut cs = term.chars();
        match (cs.next(), cs.next()) {
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
                ShardKey([a as u8, b as u8, 0], 2)
            }
            (Some(a), _) if a.is_ascii_alphanumeric() => ShardKey([a as u8, b'_', 0], 2),
            (Some(a), _) => {
                let n = a as u32 % 128;
                ShardKey([b'u', HEX[(n >> 4) as usize], HEX[(n & 15) as usize]], 3)
            }
            (None, _) => ShardKey([b'_', 0, 0], 1),
        }
    }

    /// The key of the shard named `name` (a shard file's name without `.json`), as [`Self::of`]
    /// makes it; None for a name no shard has.
    pub fn named(name: &str) -> Option<ShardKey> {
        let b = name.as_bytes();
        let ok = match b {
            [b'_'] => true,
            [a, b'_'] => a.is_ascii_alphanumeric(),
            [a, c] => a.is_ascii_alphanumeric() && c.is_ascii_alphanumeric(),
            // `of` writes a character's code below 128 in lower-case hex.
            [b'u', b'0'..=b'7', y] => y.is_ascii_digit() || (b'a'..=b'f').contains(y),
            _ => false,
        };
        let mut key = [0u8; 3];
        key[..b.len().min(3)].copy_from_slice(&b[..b.len().min(3)]);
        ok.then_some(ShardKey(key, b.len() as u8))
    }

    /// The shard's name.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[..usize::from(self.1)]).unwrap_or("_")
    }
}

impl Ord for ShardKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for ShardKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The shard names as the index has always named them (`format!` per term).
    #[test]
    fn shard_keys_name_shards_as_before() {
        let old = |term: &str| -> String {
            let mut cs = term.chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
                    format!("{a}{b}")
                }
                (Some(a), _) if a.is_ascii_alphanumeric() => format!("{a}_"),
                (Some(a), _) => format!("u{:02x}", a as u32 % 128),
                (None, _) => "_".into(),
            }
        };
        for t in [
            "abc", "a", "a-b", "9z", "été", "日本", "ü", "", "Zx", "\u{7f}x",
        ] {
            assert_eq!(ShardKey::of(t).as_str(), old(t), "{t:?}");
        }
        let mut keys: Vec<ShardKey> = ["b_", "ab", "a_", "u3f"]
            .iter()
            .map(|t| ShardKey::of(t))
            .collect();
        keys.sort();
        let names: Vec<&str> = keys.iter().map(ShardKey::as_str).collect();
        assert_eq!(names, ["a_", "ab", "b_", "u3"]);
        // A shard's name gives back its key, and nothing else is a name.
        for t in ["ab", "a", "é", "_x", "", "9z"] {
            let key = ShardKey::of(t);
            assert!(ShardKey::named(key.as_str()) == Some(key), "{t:?}");
        }
        for bad in ["", "abc", "u3g", "uAB", "u8f", "a-", "__", "ü"] {
            assert!(ShardKey::named(bad).is_none(), "{bad:?}");
        }
    }

    /// What [`collapsed_prefix`] replaced: word by word, counting each word's characters.
    fn collapsed_prefix_by_words(s: &str, max: usize) -> String {
        let mut out = String::new();
        let mut left = max;
        for (n, word) in s.split_whitespace().enumerate() {
            if n > 0 {
                if left == 0 {
                    break;
                }
                out.push(' ');
                left -= 1;
            }
            if left == 0 {
                break;
            }
            match word.char_indices().nth(left) {
                Some((cut, _)) => {
                    out.push_str(&word[..cut]);
                    break;
                }
                None => {
                    out.push_str(word);
                    left -= word.chars().count();
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn collapsed_prefix_joins_words_as_split_whitespace_does(
            s in "([a-zé€😀.<~\x01\x1f\x7f]{0,12}[ \t\n\r\x0b\x0c\u{85}\u{a0}\u{1680}\u{2000}\u{2028}\u{202f}\u{3000}\x1c]{0,3}){0,8}",
            max in 0usize..60,
        ) {
            prop_assert_eq!(collapsed_prefix(&s, max), collapsed_prefix_by_words(&s, max));
        }
    }

    #[test]
    fn ascii_prefix_len_finds_the_first_non_ascii_byte() {
        for s in [
            "",
            "a",
            "abcdefgh",
            "abcdefghé",
            "abcdefgé",
            "é",
            "abcdefghijklmnopq",
            "0123456789abcdef\u{80}x",
        ] {
            let want = s.bytes().position(|b| b >= 0x80).unwrap_or(s.len());
            assert_eq!(super::ascii_prefix_len(s.as_bytes()), want, "{s}");
        }
        for len in 0..40 {
            for at in 0..=len {
                let mut v = vec![b'x'; len];
                if at < len {
                    v[at] = 0xC3;
                }
                assert_eq!(super::ascii_prefix_len(&v), at.min(len), "{len} {at}");
            }
        }
    }

    #[test]
    fn printable_ascii_prefix_len_stops_at_space_control_and_non_ascii_bytes() {
        for len in 0..20 {
            for at in 0..=len {
                for stop in [b' ', b'\t', 0x00, 0x01, 0x1F, 0x80, 0xA0, 0xC3, 0xFF] {
                    // The bytes around the stop are the edges of the range: `!` and DEL.
                    let mut v: Vec<u8> = (0..len)
                        .map(|k| if k % 2 == 0 { b'!' } else { 0x7F })
                        .collect();
                    if at < len {
                        v[at] = stop;
                    }
                    assert_eq!(
                        super::printable_ascii_prefix_len(&v),
                        at.min(len),
                        "{len} {at} {stop:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn accents_fold_so_etat_finds_etat() {
        assert_eq!(terms("État des Services"), ["etat", "des", "services"]);
        assert_eq!(terms("l’intégrité"), ["integrite"]);
        assert_eq!(fold("Straße Œuvre"), "strasse oeuvre");
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(
            terms("检查服务运行状况"),
            ["检查", "查服", "服务", "务运", "运行", "行状", "状况"]
        );
        assert_eq!(
            terms("在 Partner Center 中"),
            ["在", "partner", "center", "中"]
        );
    }

    #[test]
    fn short_and_long_words_are_dropped_but_numbers_kept() {
        assert_eq!(terms("a 5 ab"), ["5", "ab"]);
        assert!(terms(&"x".repeat(60)).is_empty());
    }

    #[test]
    fn shards_by_two_letter_prefix_or_first_character() {
        assert_eq!(shard_of("etat"), "et");
        assert_eq!(shard_of("5"), "5_");
        assert_eq!(shard_of("服务"), format!("u{:02x}", '服' as u32 % 128));
        // Every term sharing a two-letter prefix is in the same shard.
        assert_eq!(shard_of("et"), shard_of("etats"));
    }
}
